// Objections during a round's public notice (公示): file, list, and MOFCOM's resolution.
import { Router, type Request } from 'express';
import type { UseCaseDeps } from '../../usecases/context';
import { fileObjection, listObjections, resolveObjection } from '../../usecases/objections';
import { userOf } from '../http';

export function objectionRoutes(deps: UseCaseDeps) {
  const router = Router();
  const idempotencyKey = (req: Request) => req.get('idempotency-key') ?? undefined;
  router.post('/rounds/:id/objections', async (req, res) => {
    res.status(201).json(await fileObjection(deps, userOf(req), req.params.id, req.body, idempotencyKey(req)));
  });
  router.get('/rounds/:id/objections', async (req, res) => {
    res.json(await listObjections(deps, userOf(req), req.params.id));
  });
  router.post('/objections/:id/resolve', async (req, res) => {
    res.json(await resolveObjection(deps, userOf(req), req.params.id, req.body, idempotencyKey(req)));
  });
  return router;
}
