// Accounts: the administrator lists and creates accounts, resets a password, deactivates and
// reactivates an account; every user changes their own password (/api/me/password).
import { Router, type Request, type Response } from 'express';
import type { UseCaseDeps } from '../../usecases/context';
import { TooManyAttempts } from '../../usecases/loginThrottle';
import {
  changeOwnPassword,
  createUser,
  deactivateUser,
  listUsers,
  reactivateUser,
  resetPassword,
} from '../../usecases/users';
import { userOf } from '../http';

export function userRoutes(deps: UseCaseDeps) {
  const router = Router();
  router.get('/', async (req, res) => {
    res.json(await listUsers(deps, userOf(req), req.query));
  });
  router.post('/', async (req, res) => {
    res.status(201).json(await createUser(deps, userOf(req), req.body));
  });
  router.post('/:id/password', async (req, res) => {
    await resetPassword(deps, userOf(req), req.params.id, req.body);
    res.status(204).end();
  });
  router.post('/:id/deactivate', async (req, res) => {
    res.json(await deactivateUser(deps, userOf(req), req.params.id, req.body));
  });
  router.post('/:id/reactivate', async (req, res) => {
    res.json(await reactivateUser(deps, userOf(req), req.params.id, req.body));
  });
  return router;
}

/** The session's own token (the app has already checked it). */
const tokenOf = (req: Request) =>
  req
    .get('authorization')!
    .replace(/^Bearer\s+/i, '')
    .trim();

/** Mounted at /api/me. */
export function ownAccountRoutes(deps: UseCaseDeps) {
  const router = Router();
  router.post('/password', async (req: Request, res: Response) => {
    try {
      await changeOwnPassword(deps, userOf(req), req.body, tokenOf(req), req.ip);
    } catch (err) {
      if (err instanceof TooManyAttempts) res.set('Retry-After', String(err.retryAfterSeconds));
      throw err;
    }
    res.status(204).end();
  });
  return router;
}
