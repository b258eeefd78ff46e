// /api/experts: MOFCOM's expert pool.
import { Router } from 'express';
import type { UseCaseDeps } from '../../usecases/context';
import { addExpert, declareConflict, listExperts } from '../../usecases/experts';
import { userOf } from '../http';

export function expertRoutes(deps: UseCaseDeps) {
  const router = Router();
  router.get('/', async (req, res) => {
    res.json(await listExperts(deps, userOf(req)));
  });
  router.post('/', async (req, res) => {
    res.status(201).json(await addExpert(deps, userOf(req), req.body));
  });
  router.post('/:id/conflicts', async (req, res) => {
    res.status(201).json(await declareConflict(deps, userOf(req), req.params.id, req.body));
  });
  return router;
}
