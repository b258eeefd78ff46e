// /api/tasks: the inbox, decisions and reassignment.
import { Router } from 'express';
import type { UseCaseDeps } from '../../usecases/context';
import { inbox } from '../../usecases/inbox';
import { decideTask, getTask, reassignTask } from '../../usecases/tasks';
import { userOf } from '../http';

export function taskRoutes(deps: UseCaseDeps) {
  const router = Router();
  router.get('/', async (req, res) => {
    res.json(await inbox(deps, userOf(req), req.query));
  });
  router.get('/:id', async (req, res) => {
    res.json(await getTask(deps, userOf(req), req.params.id));
  });
  router.post('/:id/decision', async (req, res) => {
    res.json(await decideTask(deps, userOf(req), req.params.id, req.body, req.get('idempotency-key') ?? undefined));
  });
  router.post('/:id/reassign', async (req, res) => {
    res.json(await reassignTask(deps, userOf(req), req.params.id, req.body));
  });
  return router;
}
