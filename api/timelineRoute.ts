// GET …/:id/timeline[?format=json|csv]: an application's or pilot's complete timeline (JSON), or
// its audit records as CSV, as a download.
import type { Request, Response } from 'express';
import { z } from 'zod';
import { DomainError, fieldErrorsFromZod } from '../domain/errors';
import type { UseCaseDeps } from '../usecases/context';
import { applicationTimeline, auditCsv } from '../usecases/timeline';
import { userOf } from './http';

export const timelineQuery = z.strictObject({ format: z.enum(['json', 'csv']).default('json') });

export function timelineRoute(deps: UseCaseDeps) {
  return async (req: Request<{ id: string }>, res: Response) => {
    const query = timelineQuery.safeParse(req.query);
    if (!query.success) throw new DomainError('invalid_input', fieldErrorsFromZod(query.error.issues));
    const timeline = await applicationTimeline(deps, userOf(req), req.params.id);
    const file = `timeline-${req.params.id}.${query.data.format}`;
    res.set('content-disposition', `attachment; filename="${file}"`);
    if (query.data.format === 'csv')
      res.type('text/csv; charset=utf-8').send('\uFEFF' + auditCsv(timeline.records)); // the BOM: spreadsheets read the Chinese right
    else res.json(timeline);
  };
}
