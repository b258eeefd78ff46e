// Retention: closed workflows leave Temporal after the namespace's retention period. This copies
// every closed run's history into the database first (platform/historyStore.ts), so replay and the
// audit timeline outlive the server's copy. Run on a schedule (workers/archiveSchedule.ts).
import { Context } from '@temporalio/activity';
import { archiveRun } from '../platform/historyStore';
import type { ActivityDeps } from './index';

/** Visibility may list a run a little after it closed: look back this far past the newest archived. */
const OVERLAP_MS = 15 * 60_000;

export function createArchiveActivities({ db, logger }: ActivityDeps) {
  return {
    /** `filter`: a further visibility condition, e.g. to archive some workflows only. */
    async archiveClosedHistories(input: { filter?: string } = {}): Promise<{ archived: number; seen: number }> {
      const ctx = Context.current();
      const newest = await db.workflowHistory.findFirst({ orderBy: { closedAt: 'desc' }, select: { closedAt: true } });
      const since = newest && new Date(newest.closedAt.getTime() - OVERLAP_MS);
      const query = [
        `ExecutionStatus != "Running"`,
        since && `CloseTime > "${since.toISOString()}"`,
        input.filter && `(${input.filter})`,
      ]
        .filter(Boolean)
        .join(' AND ');
      let archived = 0;
      let seen = 0;
      for await (const info of ctx.client.workflow.list({ query })) {
        seen++;
        if (await archiveRun(db, ctx.client, info)) archived++;
        ctx.heartbeat(seen);
      }
      logger.info({ archived, seen, since }, 'closed workflow histories archived');
      return { archived, seen };
    },
  };
}
