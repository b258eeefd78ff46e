// /api/inbox/copied: 知会, the mail sent to the user's department or to the user (usecases/copiedToMe.ts).
import { Router } from 'express';
import type { UseCaseDeps } from '../../usecases/context';
import { copiedToMe } from '../../usecases/copiedToMe';
import { userOf } from '../http';

export function inboxRoutes(deps: UseCaseDeps) {
  const router = Router();
  router.get('/copied', async (req, res) => {
    res.json(await copiedToMe(deps, userOf(req), req.query));
  });
  return router;
}
