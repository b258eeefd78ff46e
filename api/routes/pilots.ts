// /api/pilots: a selected applicant's pilot, its reports and self-assessments, and MOFCOM's proposal to remove it.
import { Router } from 'express';
import { DomainError } from '../../domain/errors';
import type { UseCaseDeps } from '../../usecases/context';
import { fileMajorReport, getPilot, submitQuarterlyReport, submitSelfAssessment } from '../../usecases/pilots';
import { recordIncentive } from '../../usecases/incentives';
import { proposeRemoval } from '../../usecases/removal';
import { userOf } from '../http';
import { timelineRoute } from '../timelineRoute';

export function pilotRoutes(deps: UseCaseDeps) {
  const router = Router();
  router.get('/:id/timeline', timelineRoute(deps));
  router.get('/:id', async (req, res) => {
    res.json(await getPilot(deps, userOf(req), req.params.id));
  });
  router.post('/:id/reports/:quarter', async (req, res) => {
    const quarter = Number(req.params.quarter);
    // (a quarter past the database's integer range is no pilot's either)
    if (!Number.isInteger(quarter) || quarter < 1 || quarter > 2_147_483_647) throw new DomainError('not_found');
    res.json(await submitQuarterlyReport(deps, userOf(req), req.params.id, quarter, req.body));
  });
  router.post('/:id/major-reports', async (req, res) => {
    res.status(201).json(await fileMajorReport(deps, userOf(req), req.params.id, req.body));
  });
  router.post('/:id/evaluations/:stage/self-assessment', async (req, res) => {
    res.json(await submitSelfAssessment(deps, userOf(req), req.params.id, req.params.stage, req.body));
  });
  router.post('/:id/incentives', async (req, res) => {
    res.status(201).json(await recordIncentive(deps, userOf(req), req.params.id, req.body, req.get('idempotency-key')));
  });
  router.post('/:id/removal', async (req, res) => {
    res.json(await proposeRemoval(deps, userOf(req), req.params.id, req.body));
  });
  return router;
}
