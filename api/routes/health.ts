// GET /health: 200 only when both the database and Temporal answer.
import type { Connection } from '@temporalio/client';
import type { Request, Response } from 'express';
import type { UseCaseDeps } from '../../usecases/context';

export function healthRoute(deps: UseCaseDeps) {
  return async (_req: Request, res: Response) => {
    const [database, temporal] = await Promise.all([
      deps.db.$queryRaw`SELECT 1`.then(() => 'ok', () => 'unreachable'),
      (deps.temporal.connection as Connection).healthService.check({}).then(() => 'ok', () => 'unreachable'),
    ]);
    const ok = database === 'ok' && temporal === 'ok';
    res.status(ok ? 200 : 503).json({ status: ok ? 'ok' : 'unavailable', database, temporal });
  };
}
