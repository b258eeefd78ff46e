// Annex 3 of a unit's sent recommendation, as a PDF or a workbook, for whoever may read the unit's recommendation.
import { annex3FileName, annex3Pdf, annex3Xlsx } from '../documents/annex3';
import { annex3Table } from '../documents/annex3Source';
import { DomainError } from '../domain/errors';
import type { CurrentUser, UseCaseDeps } from './context';
import { assertMayReadUnit } from './recommendations';
export async function annex3File(deps: UseCaseDeps, user: CurrentUser, recommendationId: string, ext: 'pdf' | 'xlsx') {
  const rec = await deps.db.recommendation.findUnique({
    where: { id: recommendationId },
    select: { provinceCode: true },
  });
  if (!rec) throw new DomainError('not_found');
  assertMayReadUnit(user, rec.provinceCode);
  const table = await annex3Table(deps.db, recommendationId);
  if (!table) throw new DomainError('not_found');
  return {
    fileName: annex3FileName(table, ext),
    data: ext === 'pdf' ? await annex3Pdf(table) : await annex3Xlsx(table),
  };
}
