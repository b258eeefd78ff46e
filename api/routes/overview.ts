// MOFCOM's round overview (JSON, or an Excel workbook) and the one-click 催办 (usecases/roundOverview.ts, usecases/urgeTask.ts).
import { Router } from 'express';
import type { UseCaseDeps } from '../../usecases/context';
import { roundOverview } from '../../usecases/roundOverview';
import { roundOverviewXlsx } from '../../usecases/roundOverviewXlsx';
import { urgeTask } from '../../usecases/urgeTask';
import { userOf } from '../http';

export function overviewRoutes(deps: UseCaseDeps) {
  const router = Router();
  router.get('/rounds/:id/overview', async (req, res) => {
    res.json(await roundOverview(deps, userOf(req), req.params.id));
  });
  router.get('/rounds/:id/overview.xlsx', async (req, res) => {
    const file = await roundOverviewXlsx(deps, userOf(req), req.params.id);
    res.set({
      'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      'content-disposition': `attachment; filename*=UTF-8''${encodeURIComponent(file.fileName)}`,
    });
    res.send(file.data);
  });
  router.post('/tasks/:id/urge', async (req, res) => {
    res.json(await urgeTask(deps, userOf(req), req.params.id));
  });
  return router;
}
