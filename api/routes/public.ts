// The public record without logging in (usecases/publicList.ts) and anonymous objections during a
// public notice (usecases/publicObjection.ts). Mounted before the bearer-token check (api/app.ts);
// their operations are marked `open` in api/openapi.ts.
import { Router } from 'express';
import type { UseCaseDeps } from '../../usecases/context';
import { listPublicRounds, publicRoundList } from '../../usecases/publicList';
import { filePublicObjection, objectionByReceipt } from '../../usecases/publicObjection';
import { TooManyObjections } from '../../usecases/publicObjectionThrottle';

export function publicRoutes(deps: UseCaseDeps) {
  const router = Router();
  router.get('/rounds', async (_req, res) => {
    res.json(await listPublicRounds(deps));
  });
  router.get('/rounds/:id/list', async (req, res) => {
    res.json(await publicRoundList(deps, req.params.id));
  });
  router.post('/rounds/:id/objections', async (req, res) => {
    try {
      res.status(201).json(await filePublicObjection(deps, req.params.id, req.body, req.ip));
    } catch (err) {
      if (err instanceof TooManyObjections) res.set('Retry-After', String(err.retryAfterSeconds));
      throw err;
    }
  });
  router.get('/objections/:code', async (req, res) => {
    res.json(await objectionByReceipt(deps, req.params.code));
  });
  return router;
}
