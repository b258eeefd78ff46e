// 批量通过: approve up to 50 tasks at once, where the stage allows it (BATCH_APPROVE_STAGES), each
// through the same use case as a single decision — same checks, same workflow Update — so one
// refusal does not stop the others and each task answers for itself. Each task's decision carries
// an idempotency key from the client's batch id: a retried batch decides nothing twice.
import { z } from 'zod';
import { DomainError, fieldErrorsFromZod } from '../domain/errors';
import type { CurrentUser, UseCaseDeps } from './context';
import { BATCH_APPROVE_STAGES } from '../domain/stages';
import { decideTask } from './tasks';

export const MAX_BATCH = 50;
export const batchDecisionSchema = z.strictObject({
  /** the client's id of this batch (a UUID), the same when it retries it */
  batchId: z.uuid(),
  taskIds: z
    .array(z.string().min(1).max(200))
    .min(1)
    .max(MAX_BATCH)
    .refine((ids) => new Set(ids).size === ids.length, { message: 'duplicate_task' }),
  decision: z.literal('approve'),
  reason: z.string().trim().min(1).max(5000).optional(),
});

export interface BatchResult {
  taskId: string;
  ok: boolean;
  code?: string;
  message?: { zh: string; en: string };
}

/** How many decisions go to the workflows at once. */
const PARALLEL = 4;

export async function batchDecide(deps: UseCaseDeps, user: CurrentUser, body: unknown): Promise<BatchResult[]> {
  // only officers decide batchable stages (an expert's seat is scored on its own)
  if (user.role !== 'provincial_officer' && user.role !== 'national_officer') throw new DomainError('forbidden');
  const parsed = batchDecisionSchema.safeParse(body ?? {});
  if (!parsed.success) throw new DomainError('invalid_input', fieldErrorsFromZod(parsed.error.issues));
  const { batchId, taskIds, decision, reason } = parsed.data;
  const stages = new Map(
    (await deps.db.task.findMany({ where: { id: { in: taskIds } }, select: { id: true, stage: true } })).map((t) => [
      t.id,
      t.stage,
    ]),
  );

  const one = async (taskId: string): Promise<BatchResult> => {
    try {
      const stage = stages.get(taskId);
      if (stage && !BATCH_APPROVE_STAGES.includes(stage)) {
        throw new DomainError('wrong_stage', undefined, {
          zh: '该环节的任务不能批量通过，请逐项办理',
          en: "This stage's tasks cannot be approved in a batch; decide it on its own",
        });
      }
      await decideTask(deps, user, taskId, { decision, ...(reason ? { reason } : {}) }, `batch:${batchId}`);
      return { taskId, ok: true };
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
      return { taskId, ok: false, code: err.code, message: err.messages };
    }
  };
  const results: BatchResult[] = new Array(taskIds.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(PARALLEL, taskIds.length) }, async () => {
      while (next < taskIds.length) {
        const i = next++;
        results[i] = await one(taskIds[i]);
      }
    }),
  );
  return results;
}
