// The final list in the mail of its publication: the eight bodies' message carries the whole list,
// and each reporting unit's commerce department gets a message of its own (event final_list) with
// only its own applicants on it. Expanded from the `selection_published` notice inside the same
// transaction, under the same event key, so the list is mailed exactly when it is published.
import { APPLICANT_KIND_LABELS, type ApplicantKind } from '../domain/applicants';
import { PROVINCES } from '../domain/provinces';
import { SELECTION_GROUPS, type Proposal } from '../domain/selection';
import type { Tx } from '../platform/audit';
import type { Notice } from './outbox';

const GROUP_LABELS = { city: { zh: '城市', en: 'cities' }, enterprise: { zh: '企业', en: 'enterprises' } };

interface Entry {
  group: 'city' | 'enterprise';
  rank: number;
  name: string;
  kind: string;
  provinceCode: string | null;
}

function line(e: Entry): { zh: string; en: string } {
  const unit = PROVINCES.find((p) => p.code === e.provinceCode);
  const kind = APPLICANT_KIND_LABELS[e.kind as ApplicantKind] ?? { zh: e.kind, en: e.kind };
  return {
    zh: `${GROUP_LABELS[e.group].zh}第 ${e.rank} 名：${e.name}（${kind.zh}，${unit?.nameZh ?? '中央企业直报'}）`,
    en: `${GROUP_LABELS[e.group].en} no. ${e.rank}: ${e.name} (${kind.en}, ${unit?.nameEn ?? 'central enterprise'})`,
  };
}

/** The notices with the final list added to a `selection_published` one, and one `final_list` per reporting unit. */
export async function withFinalList(tx: Tx, notices: Notice[]): Promise<Notice[]> {
  const out: Notice[] = [];
  for (const notice of notices) {
    if (notice.event !== 'selection_published' || !notice.roundId) {
      out.push(notice);
      continue;
    }
    const selection = await tx.selection.findUnique({ where: { roundId: notice.roundId } });
    const proposal = selection?.proposal as unknown as Proposal | undefined;
    const chosen = SELECTION_GROUPS.flatMap((group) =>
      (proposal?.[group] ?? []).filter((e) => e.selected).map((e) => ({ group, rank: e.rank, id: e.applicationId })),
    );
    const apps = new Map(
      (
        await tx.application.findMany({
          where: { id: { in: chosen.map((c) => c.id) } },
          select: { id: true, kind: true, provinceCode: true, organization: { select: { name: true } } },
        })
      ).map((a) => [a.id, a]),
    );
    const entries: Entry[] = chosen
      .filter((c) => apps.has(c.id))
      .map((c) => {
        const a = apps.get(c.id)!;
        return { group: c.group, rank: c.rank, name: a.organization.name, kind: a.kind, provinceCode: a.provinceCode };
      })
      .sort((a, b) => a.group.localeCompare(b.group) || a.rank - b.rank);
    out.push({ ...notice, lines: [...(notice.lines ?? []), ...entries.map(line)] });
    const units = [...new Set(entries.map((e) => e.provinceCode).filter((p): p is string => p !== null))].sort();
    for (const unit of units) {
      const own = entries.filter((e) => e.provinceCode === unit);
      out.push({
        event: 'final_list',
        roundId: notice.roundId,
        provinceCode: unit,
        lines: [
          {
            zh: `本地区入选 ${own.length} 个（轮次 ${notice.roundId}）：`,
            en: `${own.length} of your unit's applicants selected (round ${notice.roundId}):`,
          },
          ...own.map(line),
        ],
      });
    }
  }
  return out;
}
