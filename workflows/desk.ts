// The officers' desk of a stage workflow: who holds each of its department tasks, and the
// `taskAction` Update that claims, releases, transfers, delegates, takes back, reassigns and
// withdraws. The stage owns its tally; the desk locks a task in it while an action is recorded,
// so an action, a decision and the stage's default rule never act on one task at once.
import { proxyActivities, setHandler } from '@temporalio/workflow';
import type { Activities } from '../activities';
import type { ErrorCode } from '../domain/errors';
import { afterDesk, deskRefusal, HAND_OVER_ACTIONS, mayDecide, type DeskTask, type Holding } from '../domain/taskDesk';
import { PERSIST } from './activityOptions';
import { taskActionUpdate, type Actor } from '../shared/definitions';
import { refuse } from './refuse';

const { recordTaskAction } = proxyActivities<Activities>(PERSIST);

export interface DeskStage {
  /** one of this stage's tasks as it stands, or undefined for a task id it does not know */
  task(taskId: string): (Omit<DeskTask, 'open'> & { state: 'open' | 'busy' | 'decided' | 'closed' }) | undefined;
  /** marks the task as being acted on in the stage's own tally (what its decisions also do) */
  lock(taskId: string): void;
  unlock(taskId: string): void;
  /** why the task's decision can no longer be withdrawn, if it cannot; absent: never (a single task whose decision starts the next step) */
  withdrawable?(taskId: string): ErrorCode | undefined;
  /** takes the decision out of the tally and returns how to put it back */
  withdraw?(taskId: string): () => void;
}

export interface Desk {
  /** why this actor may not decide the task now, if so */
  decideRefusal(taskId: string, actor: Actor | undefined): ErrorCode | undefined;
  /** what a decision records beyond its actor: whom a delegate decided for, and which decision of the task it is */
  decisionContext(taskId: string): { onBehalfOf?: { userId: string; username: string }; revision: number };
  decided(taskId: string, actor: Actor): void;
}

export function openDesk(ids: { applicationId?: string; roundId?: string }, stage: DeskStage): Desk {
  const holdings = new Map<string, Holding>();
  const decidedBy = new Map<string, string>();
  /** how many decisions of a task were withdrawn: the next decision's record is a new one */
  const withdrawals = new Map<string, number>();
  const actions = new Map<string, number>();
  const acting = new Set<string>();

  setHandler(
    taskActionUpdate,
    async (input) => {
      const { taskId, action } = input;
      const holding = afterDesk(holdings.get(taskId) ?? {}, input);
      const n = (actions.get(taskId) ?? 0) + 1;
      actions.set(taskId, n);
      acting.add(taskId);
      stage.lock(taskId);
      const putBack = action === 'withdraw' ? stage.withdraw!(taskId) : undefined;
      try {
        await recordTaskAction({
          ...ids,
          eventKey: `${taskId}/${action}/${n}`,
          taskId,
          action,
          actor: input.actor,
          target: input.target,
          reason: input.reason,
          holding,
        });
      } catch (err) {
        putBack?.();
        throw err;
      } finally {
        acting.delete(taskId);
        stage.unlock(taskId);
      }
      holdings.set(taskId, holding);
      if (action === 'withdraw') {
        decidedBy.delete(taskId);
        withdrawals.set(taskId, (withdrawals.get(taskId) ?? 0) + 1);
      }
      return { taskId, action, holding };
    },
    {
      validator: ({ taskId, action, target, reason, actor }) => {
        if (acting.has(taskId)) throw refuse('task_busy');
        const task = stage.task(taskId);
        if (task?.state === 'busy') throw refuse('task_busy');
        // a task the stage no longer knows belongs to a phase it has left (the API found it in the read model)
        if (!task || task.state === 'closed')
          throw refuse(action === 'withdraw' ? 'next_step_started' : 'review_closed');
        if (task.state === 'decided' && action !== 'withdraw') throw refuse('already_decided');
        if ((HAND_OVER_ACTIONS.includes(action) || action === 'withdraw') && !reason?.trim()) {
          throw refuse('invalid_input', [
            { field: 'reason', code: 'required', message: { zh: '须说明理由', en: 'A reason is required' } },
          ]);
        }
        const refusal = deskRefusal(
          holdings.get(taskId) ?? {},
          { ...task, open: task.state === 'open' },
          { action, actor, target },
          decidedBy.get(taskId),
        );
        if (refusal) throw refuse(refusal);
        if (action === 'withdraw') {
          const why = stage.withdrawable ? stage.withdrawable(taskId) : 'next_step_started';
          if (why) throw refuse(why);
        }
      },
    },
  );

  return {
    decideRefusal(taskId, actor) {
      if (acting.has(taskId)) return 'task_busy';
      const task = stage.task(taskId);
      if (!task) return 'not_your_task';
      return actor && mayDecide(holdings.get(taskId) ?? {}, task, actor) ? undefined : 'not_your_task';
    },
    decisionContext(taskId) {
      return { onBehalfOf: holdings.get(taskId)?.owner, revision: withdrawals.get(taskId) ?? 0 };
    },
    decided(taskId, actor) {
      decidedBy.set(taskId, actor.userId);
    },
  };
}
