// Department names from /api/reference: a national body by its code ("MOFCOM"), a provincial
// party by "<province>.<party>" ("GD.INDUSTRY_IT" → 广东省工业和信息化主管部门), as the seed names them.
import { label } from './i18n';
import { session } from './session';

export function departmentName(id: string | null | undefined): string {
  if (!id) return '';
  const ref = session.reference;
  if (!ref) return id;
  const [province, party] = id.split('.');
  if (party) {
    const p = ref.provinces.find((x) => x.code === province);
    const q = ref.provincialParties.find((x) => x.code === party);
    if (p && q) return label({ zh: p.nameZh + q.nameZh, en: `${q.nameEn}, ${p.nameEn}` });
  }
  const body = ref.bodies.find((b) => b.code === id);
  return body ? label(body) : id;
}

export function provinceName(code: string | null | undefined): string {
  const p = session.reference?.provinces.find((x) => x.code === code);
  return p ? label(p) : (code ?? '');
}
