// Accounts: the administrator creates officers, auditors, administrators and applicants.
import { Router } from 'express';
import type { UseCaseDeps } from '../../usecases/context';
import { createUser } from '../../usecases/users';
import { userOf } from '../http';

export function userRoutes(deps: UseCaseDeps) {
  const router = Router();
  router.post('/', async (req, res) => {
    res.status(201).json(await createUser(deps, userOf(req), req.body));
  });
  return router;
}
