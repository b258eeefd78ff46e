// MOFCOM's round overview and the one-click 催办 (usecases/roundOverview.ts, usecases/urgeTask.ts).
import { Router } from 'express';
import type { UseCaseDeps } from '../../usecases/context';
import { roundOverview } from '../../usecases/roundOverview';
import { urgeTask } from '../../usecases/urgeTask';
import { userOf } from '../http';

export function overviewRoutes(deps: UseCaseDeps) {
  const router = Router();
  router.get('/rounds/:id/overview', async (req, res) => {
    res.json(await roundOverview(deps, userOf(req), req.params.id));
  });
  router.post('/tasks/:id/urge', async (req, res) => {
    res.json(await urgeTask(deps, userOf(req), req.params.id));
  });
  return router;
}
