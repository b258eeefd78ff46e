// GET /health: 200 only when both the database and Temporal answer — promptly: a part that does not
// answer within HEALTH_TIMEOUT_MS counts as unreachable (the Temporal client would otherwise retry
// for about 20 s before giving up, and a probe waiting on /health would time out instead of hearing 503).
import type { Connection } from '@temporalio/client';
import type { Request, Response } from 'express';
import type { UseCaseDeps } from '../../usecases/context';

const HEALTH_TIMEOUT_MS = 2000;

function within<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

export function healthRoute(deps: UseCaseDeps) {
  const temporalConnection = deps.temporal.connection as Connection;
  return async (_req: Request, res: Response) => {
    const [database, temporal] = await Promise.all([
      within(deps.db.$queryRaw`SELECT 1`, HEALTH_TIMEOUT_MS).then(
        () => 'ok',
        () => 'unreachable',
      ),
      // the deadline also ends the client's own retries of the call, so none lingers after the answer
      within(
        temporalConnection.withDeadline(Date.now() + HEALTH_TIMEOUT_MS, () =>
          temporalConnection.healthService.check({}),
        ),
        HEALTH_TIMEOUT_MS + 500,
      ).then(
        () => 'ok',
        () => 'unreachable',
      ),
    ]);
    const ok = database === 'ok' && temporal === 'ok';
    res.status(ok ? 200 : 503).json({ status: ok ? 'ok' : 'unavailable', database, temporal });
  };
}
