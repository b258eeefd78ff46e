// The third-party evaluator's appointment to a round's mid-term evaluations (usecases/evaluator.ts).
import { Router } from 'express';
import type { UseCaseDeps } from '../../usecases/context';
import { appointEvaluator, listEvaluators, roundEvaluator } from '../../usecases/evaluator';
import { userOf } from '../http';

export function evaluatorRoutes(deps: UseCaseDeps) {
  const router = Router();
  router.get('/evaluators', async (req, res) => {
    res.json(await listEvaluators(deps, userOf(req)));
  });
  router.get('/rounds/:id/evaluator', async (req, res) => {
    res.json(await roundEvaluator(deps, userOf(req), req.params.id));
  });
  router.put('/rounds/:id/evaluator', async (req, res) => {
    res.json(await appointEvaluator(deps, userOf(req), req.params.id, req.body));
  });
  return router;
}
