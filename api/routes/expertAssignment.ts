// POST /api/rounds/:id/expert-assignment: MOFCOM assigns experts to every waiting application of a
// batch round at once (usecases/expertAssignment.ts).
import { Router } from 'express';
import type { UseCaseDeps } from '../../usecases/context';
import { assignExpertsInBatch } from '../../usecases/expertAssignment';
import { userOf } from '../http';

export function expertAssignmentRoutes(deps: UseCaseDeps) {
  const router = Router();
  router.post('/rounds/:id/expert-assignment', async (req, res) => {
    res.json(await assignExpertsInBatch(deps, userOf(req), req.params.id));
  });
  return router;
}
