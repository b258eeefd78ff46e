// What the deadline timers of the workflows (workflows/deadlines.ts) record when they fire: the
// reminder, each escalation level and the default rule, for the tasks still open — with the
// audit record of the step and the mail to its audience, once per step whatever the retries.
import { chinaTime } from '../domain/workingCalendar';
import type { Audience } from '../domain/notifications';
import { reportId } from './pilot';
import type { ActivityDeps } from './index';
import { appendAudit } from '../platform/audit';
import { createNotifier } from './notify';

export type DeadlineStepRecord =
  | { kind: 'reminder' }
  | { kind: 'escalation'; level: number; notify: Audience[] }
  | { kind: 'default'; level: number; rule: string };

export function createDeadlineActivities(deps: ActivityDeps) {
  const { logger } = deps;
  const onceNotifying = createNotifier(deps, { sendAtOnce: true }); // timers' mail: no request waits on it

  return {
    /** A step of the deadline of some tasks, for those still open in the read model. */
    async recordTaskDeadline(input: {
      eventKey: string;
      applicationId?: string;
      roundId?: string;
      stage: string;
      taskIds: string[];
      dueAt: string;
      step: DeadlineStepRecord;
    }): Promise<void> {
      let open: string[] = [];
      await onceNotifying(input.eventKey, async (tx, notify) => {
        const tasks = await tx.task.findMany({
          where: { id: { in: input.taskIds }, status: 'open' },
          select: { id: true },
          orderBy: { id: 'asc' },
        });
        open = tasks.map((t) => t.id);
        // decided while the timer fired: nothing to record, nobody to tell
        if (!open.length) return;
        const { step } = input;
        const late = {
          zh: `办理期限：${chinaTime(input.dueAt)}（北京时间）`,
          en: `Due time: ${chinaTime(input.dueAt)} (China Standard Time)`,
        };
        if (step.kind === 'escalation' && step.level === 1)
          await tx.task.updateMany({ where: { id: { in: open } }, data: { overdue: true } });
        await appendAudit(tx, {
          applicationId: input.applicationId,
          roundId: input.roundId,
          eventKey: input.eventKey,
          action:
            step.kind === 'reminder'
              ? 'task_reminder'
              : step.kind === 'escalation'
                ? 'task_escalated'
                : 'task_default_rule',
          reason:
            step.kind === 'default'
              ? `default rule "${step.rule}" after escalation level ${step.level - 1}`
              : undefined,
          detail: { stage: input.stage, tasks: open, dueAt: input.dueAt, ...step },
        });
        const base = { applicationId: input.applicationId, roundId: input.roundId, taskIds: open };
        if (step.kind === 'reminder') notify({ ...base, event: 'task_reminder', lines: [late] });
        else if (step.kind === 'escalation')
          notify({ ...base, event: 'task_escalated', audience: step.notify, level: step.level, lines: [late] });
        else {
          notify({
            ...base,
            event: 'task_escalated',
            audience: ['department', 'assignee', 'lead'],
            level: step.level,
            lines: [
              late,
              {
                zh: `逾期未办理，已按本阶段默认规则处理：${step.rule}`,
                en: `Not acted on: the stage's default rule applies: ${step.rule}`,
              },
            ],
          });
        }
      });
      logger.info(
        { eventKey: input.eventKey, stage: input.stage, step: input.step, open: open.length },
        'deadline step',
      );
    },

    /** A step of a quarterly report's deadline: the reminder, or an escalation (level 1 marks it late). */
    async recordReportDeadline(input: {
      eventKey: string;
      applicationId: string;
      quarter: number;
      dueAt: string;
      step: DeadlineStepRecord;
    }): Promise<void> {
      const id = reportId(input.applicationId, input.quarter);
      await onceNotifying(input.eventKey, async (tx, notify) => {
        const { step } = input;
        if (step.kind === 'escalation' && step.level === 1)
          await tx.quarterlyReport.update({ where: { id }, data: { late: true } });
        await appendAudit(tx, {
          applicationId: input.applicationId,
          eventKey: input.eventKey,
          action: step.kind === 'reminder' ? 'quarterly_report_reminder' : 'quarterly_report_escalated',
          detail: { quarter: input.quarter, dueAt: input.dueAt, ...step },
        });
        const lines = [
          {
            zh: `第 ${input.quarter} 季度报告，上报期限：${chinaTime(input.dueAt)}（北京时间）`,
            en: `Quarter ${input.quarter} report, due ${chinaTime(input.dueAt)} (China Standard Time)`,
          },
        ];
        if (step.kind === 'reminder') notify({ applicationId: input.applicationId, event: 'report_reminder', lines });
        else if (step.kind === 'escalation')
          notify({
            applicationId: input.applicationId,
            event: 'report_escalated',
            audience: step.notify,
            level: step.level,
            lines,
          });
      });
    },
  };
}
