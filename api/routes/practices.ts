// /api/practices: the replicable practices pilots reported, for officers and MOFCOM's review; and the
// public library of the published ones (/api/public/practices, no login).
import { Router } from 'express';
import type { UseCaseDeps } from '../../usecases/context';
import { listPractices, publicPractices, reviewPractice } from '../../usecases/practices';
import { userOf } from '../http';

export function practiceRoutes(deps: UseCaseDeps) {
  const router = Router();
  router.get('/practices', async (req, res) => {
    res.json(await listPractices(deps, userOf(req), req.query));
  });
  router.post('/practices/:id/review', async (req, res) => {
    res.json(await reviewPractice(deps, userOf(req), req.params.id, req.body));
  });
  return router;
}

export function publicPracticeRoutes(deps: UseCaseDeps) {
  const router = Router();
  router.get('/practices', async (req, res) => {
    res.json(await publicPractices(deps, req.query));
  });
  return router;
}
