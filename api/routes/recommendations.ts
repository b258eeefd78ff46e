// A sent recommendation's Annex 3 (申报汇总表), as a PDF or a workbook (usecases/annex3.ts).
import { Router } from 'express';
import { annex3File } from '../../usecases/annex3';
import type { UseCaseDeps } from '../../usecases/context';
import { userOf } from '../http';
import { attachmentDisposition } from './applicationPdf';

const MEDIA = { pdf: 'application/pdf', xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' };

export function recommendationRoutes(deps: UseCaseDeps) {
  const router = Router();
  for (const ext of ['pdf', 'xlsx'] as const)
    router.get(`/:id/annex3.${ext}`, async (req, res) => {
      const file = await annex3File(deps, userOf(req), req.params.id, ext);
      res.set({
        'content-type': MEDIA[ext],
        'content-disposition': attachmentDisposition(file.fileName, `annex3-${req.params.id}.${ext}`),
      });
      res.send(file.data);
    });
  return router;
}
