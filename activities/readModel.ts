// Writes the workflows' progress into the read model and the audit trail. Every write carries
// an idempotency key derived from the workflow, so a retried activity records nothing twice.
import { ApplicationFailure } from '@temporalio/activity';
import { appendAudit, once, type Tx } from '../platform/audit';
import { TaskNotOpen, writeDecision, type WrittenDecision } from '../platform/decisionWrite';
import { PROVINCIAL_PARTIES } from '../domain/parties';
import { chinaTime } from '../domain/workingCalendar';
import type { ApplicationStatus } from '../domain/status';
import type { Actor, AttachmentRef } from '../shared/definitions';
import type { ActivityDeps } from './index';
import { createNotifier } from './notify';
import { transitionEvent } from '../domain/notifications';

export function createReadModelActivities(deps: ActivityDeps) {
  const { db, logger } = deps;
  const onceNotifying = createNotifier(deps);
  // a stage's tasks open in its own course, not in a request's: their mail is sent at once
  const onceNotifyingNow = createNotifier(deps, { sendAtOnce: true });
  async function currentStatus(tx: Tx, applicationId: string): Promise<{ status: string; annex: unknown }> {
    const app = await tx.application.findUnique({
      where: { id: applicationId },
      select: { status: true, annex: true },
    });
    if (!app)
      throw ApplicationFailure.create({
        type: 'RecordNotFound',
        message: `application ${applicationId} not found`,
        nonRetryable: true,
      });
    return app;
  }

  return {
    async recordTransition(input: {
      applicationId: string;
      eventKey: string;
      action: string;
      toStatus: ApplicationStatus;
      submissions?: number;
      reviewRound?: number;
      score?: number;
      selectionRank?: number;
      actor?: Actor;
      reason?: string;
      detail?: Record<string, unknown>;
    }): Promise<void> {
      let from = '';
      const applied = await onceNotifying(input.eventKey, async (tx, notify) => {
        const app = await currentStatus(tx, input.applicationId);
        from = app.status;
        const submitted = input.action === 'submitted';
        await tx.application.update({
          where: { id: input.applicationId },
          data: {
            status: input.toStatus,
            submissions: input.submissions,
            reviewRound: input.reviewRound,
            score: input.score,
            selectionRank: input.selectionRank,
            outcomeReason: input.reason ?? null,
            ...(submitted ? { submittedAt: new Date() } : {}),
          },
        });
        await appendAudit(tx, {
          ...input,
          fromStatus: app.status,
          // What was submitted is kept with the submission, so every revision stays readable.
          detail: submitted ? { ...input.detail, annex: app.annex } : input.detail,
        });
        const event = transitionEvent(input.action, input.toStatus);
        if (event) notify({ event, applicationId: input.applicationId, lines: transitionLines(input) });
      });
      if (applied)
        logger.info(
          { applicationId: input.applicationId, action: input.action, from, to: input.toStatus },
          'workflow transition',
        );
    },

    /** Opens a stage's tasks for departments, of an application or (selection, compilation) of a round. */
    async openTasks(input: {
      eventKey: string;
      workflowId: string;
      stage: string;
      reviewRound: number;
      dueAt: string;
      applicationId?: string;
      roundId?: string;
      tasks: { id: string; departmentId: string; provinceCode?: string | null }[];
    }): Promise<void> {
      await onceNotifyingNow(input.eventKey, async (tx, notify) => {
        await tx.task.createMany({
          data: input.tasks.map((t) => ({
            ...t,
            applicationId: input.applicationId,
            roundId: input.roundId,
            workflowId: input.workflowId,
            stage: input.stage,
            reviewRound: input.reviewRound,
            dueAt: new Date(input.dueAt),
          })),
        });
        await appendAudit(tx, {
          applicationId: input.applicationId,
          roundId: input.roundId,
          eventKey: input.eventKey,
          action: 'tasks_opened',
          detail: {
            stage: input.stage,
            reviewRound: input.reviewRound,
            tasks: input.tasks.map((t) => t.id),
            dueAt: input.dueAt,
          },
        });
        notify({
          event: 'task_assigned',
          applicationId: input.applicationId,
          roundId: input.roundId,
          taskIds: input.tasks.map((t) => t.id),
        });
      });
      logger.info(
        {
          applicationId: input.applicationId,
          roundId: input.roundId,
          stage: input.stage,
          tasks: input.tasks.length,
          dueAt: input.dueAt,
        },
        'tasks opened',
      );
    },

    async recordDecision(input: {
      applicationId?: string;
      roundId?: string;
      taskId: string;
      decision: string;
      reason?: string;
      result?: Record<string, unknown>;
      actor: Actor;
      /** the officer a delegate decided for */
      onBehalfOf?: { userId: string; username: string };
      /** how many earlier decisions of the task were withdrawn (0 or absent: its first) */
      revision?: number;
      attachments?: AttachmentRef[];
    }): Promise<WrittenDecision | undefined> {
      const eventKey = input.revision ? `${input.taskId}/decision/${input.revision}` : `${input.taskId}/decision`;
      const result = input.attachments?.length ? { ...input.result, attachments: input.attachments } : input.result;
      let written: WrittenDecision | undefined;
      try {
        written = await writeDecision(
          db,
          {
            taskId: input.taskId,
            decision: input.decision,
            reason: input.reason ?? null,
            result,
            decidedById: input.actor.userId,
          },
          {
            applicationId: input.applicationId,
            roundId: input.roundId,
            eventKey,
            action: 'task_decided',
            actor: input.actor,
            taskId: input.taskId,
            reason: input.reason,
            detail: {
              decision: input.decision,
              ...result,
              ...(input.onBehalfOf ? { onBehalfOf: input.onBehalfOf.username } : {}),
            },
          },
        );
      } catch (err) {
        if (!(err instanceof TaskNotOpen)) throw err;
        throw ApplicationFailure.create({ type: 'RecordNotFound', message: err.message, nonRetryable: true });
      }
      logger.info({ taskId: input.taskId, decision: input.decision, actor: input.actor.username }, 'task decided');
      return written;
    },

    async markTasksOverdue(input: { applicationId: string; workflowId: string }): Promise<void> {
      await once(db, `${input.workflowId}/overdue`, async (tx) => {
        const open = await tx.task.findMany({
          where: { workflowId: input.workflowId, status: 'open' },
          select: { id: true },
        });
        await tx.task.updateMany({ where: { workflowId: input.workflowId, status: 'open' }, data: { overdue: true } });
        await appendAudit(tx, {
          applicationId: input.applicationId,
          eventKey: `${input.workflowId}/overdue`,
          action: 'tasks_overdue',
          detail: { tasks: open.map((t) => t.id) },
        });
      });
    },

    /** Withdraws the workflow's open tasks; `eventKey` distinguishes several withdrawals in one workflow. */
    async withdrawOpenTasks(input: {
      applicationId?: string;
      roundId?: string;
      workflowId: string;
      reason: string;
      eventKey?: string;
    }): Promise<void> {
      const eventKey = input.eventKey ?? `${input.workflowId}/withdrawn`;
      await once(db, eventKey, async (tx) => {
        const open = await tx.task.findMany({
          where: { workflowId: input.workflowId, status: 'open' },
          select: { id: true },
        });
        await tx.task.updateMany({
          where: { workflowId: input.workflowId, status: 'open' },
          data: { status: 'withdrawn' },
        });
        await appendAudit(tx, {
          applicationId: input.applicationId,
          roundId: input.roundId,
          eventKey,
          action: 'tasks_withdrawn',
          reason: input.reason,
          detail: { tasks: open.map((t) => t.id) },
        });
      });
    },
  };
}

/** The facts a transition's mail states: the reason, the fixes asked for, the new due time, the rank. */
function transitionLines(input: { reason?: string; detail?: Record<string, unknown> }): { zh: string; en: string }[] {
  const lines = [];
  if (input.reason) lines.push({ zh: `理由：${input.reason}`, en: `Reason: ${input.reason}` });
  const fixes = input.detail?.fixes as { party: string; reason: string }[] | undefined;
  for (const f of fixes ?? [])
    lines.push({
      zh: `${partyName(f.party, 'zh')}要求修改：${f.reason}`,
      en: `${partyName(f.party, 'en')} asks: ${f.reason}`,
    });
  if (input.detail?.revisionDueAt)
    lines.push({
      zh: `请于 ${chinaTime(input.detail.revisionDueAt as string)}（北京时间）前重新提交`,
      en: `Resubmit by ${chinaTime(input.detail.revisionDueAt as string)} (China Standard Time)`,
    });
  if (input.detail?.rank) lines.push({ zh: `排名：${input.detail.rank}`, en: `Rank: ${input.detail.rank}` });
  return lines;
}

/** A party of the joint review by its name (the code itself, should one be unknown). */
function partyName(code: string, lang: 'zh' | 'en'): string {
  const party = PROVINCIAL_PARTIES.find((p) => p.code === code);
  return party ? (lang === 'zh' ? party.nameZh : party.nameEn) : code;
}
