// The rows of a unit's Annex 3 (申报汇总表), from its sent recommendation: one per recommended
// applicant, in the unit's order, read from the applications themselves. A recommendation still
// being drafted or countersigned has none yet.
import type { ApplicantKind } from '../domain/applicants';
import { PROVINCES } from '../domain/provinces';
import type { Ranking } from '../domain/recommendation';
import type { Db } from '../platform/db';
import type { Annex3Table } from './annex3';

export async function annex3Table(db: Db, recommendationId: string): Promise<Annex3Table | undefined> {
  const rec = await db.recommendation.findUnique({ where: { id: recommendationId } });
  if (!rec || rec.status !== 'sent' || !rec.ranking) return undefined;
  const ranking = rec.ranking as unknown as Ranking;
  const ids = [...ranking.city, ...ranking.enterprise];
  const [round, apps] = await Promise.all([
    db.round.findUniqueOrThrow({ where: { id: rec.roundId }, select: { id: true, nameZh: true } }),
    db.application.findMany({
      where: { id: { in: ids } },
      select: { id: true, kind: true, annex: true, organization: { select: { name: true } } },
    }),
  ]);
  const byId = new Map(apps.map((a) => [a.id, a]));
  const unitName = PROVINCES.find((p) => p.code === rec.provinceCode)?.nameZh ?? rec.provinceCode;
  const rows = (['city', 'enterprise'] as const).flatMap((group) =>
    ranking[group].map((id, i) => {
      const app = byId.get(id)!;
      const annex = app.annex as Record<string, unknown>;
      return {
        rank: i + 1,
        kind: app.kind as ApplicantKind,
        name: app.organization.name,
        unitName,
        tasks: Array.isArray(annex.chosenTasks) ? (annex.chosenTasks as string[]) : [],
        contact: {
          name: String(annex.contactName ?? ''),
          phone: String(annex.contactPhone ?? ''),
          email: String(annex.contactEmail ?? ''),
        },
      };
    }),
  );
  return {
    round,
    unit: { code: rec.provinceCode, nameZh: unitName },
    sentAt: rec.sentAt ?? rec.updatedAt,
    rows,
  };
}
