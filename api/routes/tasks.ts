// /api/tasks: an officer's tasks and their decisions.
import { Router } from 'express';
import type { UseCaseDeps } from '../../usecases/context';
import { decideTask, listMyTasks, reassignTask } from '../../usecases/tasks';
import { userOf } from '../http';

export function taskRoutes(deps: UseCaseDeps) {
  const router = Router();
  router.get('/', async (req, res) => {
    const q = req.query as Record<string, string | undefined>;
    res.json(await listMyTasks(deps, userOf(req), { status: q.status }));
  });
  router.post('/:id/decision', async (req, res) => {
    res.json(await decideTask(deps, userOf(req), req.params.id, req.body, req.get('idempotency-key') ?? undefined));
  });
  router.post('/:id/reassign', async (req, res) => {
    res.json(await reassignTask(deps, userOf(req), req.params.id, req.body));
  });
  return router;
}
