// Department names from /api/reference: a national body by its code ("MOFCOM"), a provincial
// party by "<unit>.<party>" ("GD.INDUSTRY_IT" → 广东省工业和信息化主管部门), as the seed names them.
// A reporting unit is one of the notice's 37 — a province, a separately planned city or the Corps —
// and a city is shown as such ("深圳市（计划单列市）"), so it is never taken for its province.
import type { ReportingUnit } from './api/types';
import { i18n, label } from './i18n';
import { session } from './session';

export function departmentName(id: string | null | undefined): string {
  if (!id) return '';
  const ref = session.reference;
  if (!ref) return id;
  const [province, party] = id.split('.');
  if (party) {
    const p = ref.provinces.find((x) => x.code === province);
    const q = ref.provincialParties.find((x) => x.code === party);
    // a city's or the Corps' party is not a province's: 深圳市商务主管部门, not 深圳市省级…
    const own = (name: string, provincial: RegExp) => (p?.kind === 'province' ? name : name.replace(provincial, ''));
    if (p && q)
      return label({ zh: p.nameZh + own(q.nameZh, /^省级/), en: `${own(q.nameEn, /^Provincial /)}, ${p.nameEn}` });
  }
  const body = ref.bodies.find((b) => b.code === id);
  return body ? label(body) : id;
}

/** A reporting unit's name, a separately planned city labelled as one. */
export function unitName(unit: ReportingUnit): string {
  return unit.kind === 'separately_planned_city' ? i18n.global.t('units.cityOf', { name: label(unit) }) : label(unit);
}

export function provinceName(code: string | null | undefined): string {
  const p = session.reference?.provinces.find((x) => x.code === code);
  return p ? unitName(p) : (code ?? '');
}

const KINDS = ['province', 'separately_planned_city', 'corps'] as const;

/** The units as a selector groups them: provinces, then the separately planned cities, then the Corps. */
export function unitGroups(units: readonly ReportingUnit[] | undefined) {
  return KINDS.map((kind) => ({
    kind,
    label: i18n.global.t(`units.${kind}`),
    units: (units ?? []).filter((u) => u.kind === kind),
  })).filter((g) => g.units.length);
}
