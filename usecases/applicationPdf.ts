// The application as a PDF (GET /api/applications/:id/pdf): the paper the eight bodies receive,
// for whoever may read the application (the same check as GET /api/applications/:id).
import { applicationPdf, applicationPdfFileName } from '../documents/applicationPdf';
import { loadApplicationDocument } from '../documents/applicationSource';
import { DomainError } from '../domain/errors';
import { assertMayRead } from './access';
import type { CurrentUser, UseCaseDeps } from './context';

export async function applicationPdfFile(
  deps: UseCaseDeps,
  user: CurrentUser,
  id: string,
): Promise<{ fileName: string; data: Buffer }> {
  const doc = await loadApplicationDocument(deps.db, id);
  if (!doc) throw new DomainError('not_found');
  assertMayRead(user, doc.app);
  return { fileName: applicationPdfFileName(doc.input), data: await applicationPdf(doc.input) };
}
