// GET /api/applications/:id/pdf: the application as the eight bodies receive it (usecases/applicationPdf.ts).
import { Router } from 'express';
import { applicationPdfFile } from '../../usecases/applicationPdf';
import type { UseCaseDeps } from '../../usecases/context';
import { userOf } from '../http';

/** RFC 5987's value: percent-encoded UTF-8, where ' ( ) * are not attr-chars either. */
const rfc5987 = (s: string) =>
  encodeURIComponent(s).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/** RFC 6266 with RFC 5987's UTF-8 name, and an ASCII name for clients that know only that. */
export const attachmentDisposition = (fileName: string, asciiName: string) =>
  `attachment; filename="${asciiName.replace(/[^\w.-]/g, '_')}"; filename*=UTF-8''${rfc5987(fileName)}`;

export function applicationPdfRoutes(deps: UseCaseDeps) {
  const router = Router();
  router.get('/:id/pdf', async (req, res) => {
    const file = await applicationPdfFile(deps, userOf(req), req.params.id);
    res.set({
      'content-type': 'application/pdf',
      'content-disposition': attachmentDisposition(file.fileName, `application-${req.params.id}.pdf`),
    });
    res.send(file.data);
  });
  return router;
}
