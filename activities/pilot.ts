// The pilot's reads and writes: the pilot and its report schedule, quarterly reports and their way
// to MOFCOM (through the provincial compilation, or directly for central enterprises), major
// reports, and evaluations.
import { Context } from '@temporalio/activity';
import type { EvaluationStage, Grade } from '../domain/evaluation';
import type { Prisma } from '../generated/prisma/client';
import { asJson } from '../platform/db';
import {
  compilationWorkflowId,
  reportReceivedSignal,
  type Actor,
  type CompilationInput,
  type EvaluationResult,
} from '../shared/definitions';
import { caseTagOptions } from '../shared/searchAttributes';
import { appendAudit, once } from '../platform/audit';
import type { ActivityDeps } from './index';
import { createNotifier } from './notify';

export const reportId = (applicationId: string, quarter: number) => `${applicationId}:q${quarter}`;

export function createPilotActivities(deps: ActivityDeps) {
  const { db, logger } = deps;
  const onceNotifying = createNotifier(deps);
  return {
    /**
     * The pilot, and its schedule of quarters in the audit record (GET /api/pilots/:id reads it).
     * `writeRows: false` (QUARTER_ROW_BY_ITS_WORKFLOW): each quarter's workflow writes its own row
     * (openQuarter); a pilot started before that patch, or its retry, writes all of them here.
     */
    async recordPilotStarted(input: {
      applicationId: string;
      roundId: string;
      kind: string;
      provinceCode: string | null;
      startsAt: string;
      endsAt: string;
      quarters: { quarter: number; dueAt: string }[];
      writeRows?: boolean;
    }): Promise<void> {
      const key = `pilot-${input.applicationId}/started`;
      await once(db, key, async (tx) => {
        await tx.pilot.create({
          data: {
            id: input.applicationId,
            roundId: input.roundId,
            kind: input.kind,
            provinceCode: input.provinceCode,
            status: 'running',
            startsAt: new Date(input.startsAt),
            endsAt: new Date(input.endsAt),
          },
        });
        if (input.writeRows !== false) {
          await tx.quarterlyReport.createMany({
            data: input.quarters.map((q) => ({
              id: reportId(input.applicationId, q.quarter),
              pilotId: input.applicationId,
              quarter: q.quarter,
              status: 'due',
              dueAt: new Date(q.dueAt),
            })),
          });
        }
        await appendAudit(tx, {
          applicationId: input.applicationId,
          eventKey: key,
          action: 'pilot_started',
          detail: { startsAt: input.startsAt, endsAt: input.endsAt, quarters: input.quarters },
        });
      });
    },

    /** The quarter has begun: its report's row, due; kept as it is if there (written by a pilot started before the patch). */
    async openQuarter(input: { applicationId: string; quarter: number; dueAt: string }): Promise<void> {
      await db.quarterlyReport.createMany({
        data: [
          {
            id: reportId(input.applicationId, input.quarter),
            pilotId: input.applicationId,
            quarter: input.quarter,
            status: 'due',
            dueAt: new Date(input.dueAt),
          },
        ],
        skipDuplicates: true,
      });
    },

    async recordQuarterlyReport(input: {
      applicationId: string;
      quarter: number;
      content: Record<string, unknown>;
      late: boolean;
      actor: Actor;
    }): Promise<void> {
      const id = reportId(input.applicationId, input.quarter);
      await once(db, `${id}/submitted`, async (tx) => {
        await tx.quarterlyReport.update({
          where: { id },
          data: {
            status: 'submitted',
            late: input.late,
            content: asJson(input.content),
            submittedAt: new Date(),
            submittedById: input.actor.userId,
          },
        });
        await appendAudit(tx, {
          applicationId: input.applicationId,
          eventKey: `${id}/submitted`,
          action: 'quarterly_report_submitted',
          actor: input.actor,
          detail: { quarter: input.quarter, late: input.late },
        });
      });
    },

    async markReport(input: { applicationId: string; quarter: number; as: 'late' | 'missing' }): Promise<void> {
      const id = reportId(input.applicationId, input.quarter);
      await onceNotifying(`${id}/${input.as}`, async (tx, notify) => {
        await tx.quarterlyReport.update({
          where: { id },
          data: input.as === 'late' ? { late: true } : { status: 'missing' },
        });
        await appendAudit(tx, {
          applicationId: input.applicationId,
          eventKey: `${id}/${input.as}`,
          action: `quarterly_report_${input.as}`,
          detail: { quarter: input.quarter },
        });
        if (input.as === 'missing') {
          notify({
            event: 'report_escalated',
            applicationId: input.applicationId,
            audience: ['applicant', 'provincialCommerce', 'lead'],
            lines: [
              {
                zh: `第 ${input.quarter} 季度报告逾期未报，记为缺报`,
                en: `The quarter ${input.quarter} report never came: counted missing`,
              },
            ],
          });
        }
      });
    },

    /**
     * Province-led pilots' reports go to their provincial commerce department's compilation for the
     * quarter (started by the first report to arrive); central enterprises' go straight to MOFCOM.
     */
    async deliverQuarterlyReport(input: {
      applicationId: string;
      roundId: string;
      provinceCode: string | null;
      quarter: number;
      compilationDueAt: string;
      compilationDeadline?: CompilationInput['deadline'];
      taskQueue?: string;
    }): Promise<void> {
      const id = reportId(input.applicationId, input.quarter);
      if (!input.provinceCode) {
        await once(db, `${id}/to-mofcom`, async (tx) => {
          await tx.quarterlyReport.update({ where: { id }, data: { compiledAt: new Date() } });
          await appendAudit(tx, {
            applicationId: input.applicationId,
            eventKey: `${id}/to-mofcom`,
            action: 'quarterly_report_to_mofcom',
            detail: { quarter: input.quarter, direct: true },
          });
        });
        return;
      }
      const ctx = Context.current();
      const compilation: CompilationInput = {
        roundId: input.roundId,
        provinceCode: input.provinceCode,
        quarter: input.quarter,
        dueAt: input.compilationDueAt,
        deadline: input.compilationDeadline,
      };
      // Signal-with-start is idempotent for our purpose: the compilation ignores a report it has.
      await ctx.client.workflow.signalWithStart('compilationWorkflow', {
        workflowId: compilationWorkflowId(input.roundId, input.provinceCode, input.quarter),
        taskQueue: input.taskQueue ?? ctx.info.taskQueue,
        args: [compilation],
        signal: reportReceivedSignal,
        signalArgs: [{ applicationId: input.applicationId, reportId: id }],
        // the province's compilation of the quarter, found in the Temporal UI by round and province
        ...caseTagOptions({ roundId: input.roundId, provinceCode: input.provinceCode }, 'quarterlyCompilation'),
      });
    },

    /** The commerce department's compilation goes to MOFCOM with the reports it holds. */
    async recordCompilation(input: {
      roundId: string;
      taskId: string;
      reports: { applicationId: string; reportId: string }[];
      note?: string;
      actor: Actor;
    }): Promise<void> {
      await once(db, `${input.taskId}/compiled`, async (tx) => {
        const now = new Date();
        await tx.task.update({
          where: { id: input.taskId },
          data: {
            status: 'decided',
            decision: 'compile',
            reason: input.note ?? null,
            decidedById: input.actor.userId,
            decidedAt: now,
            result: asJson({ reports: input.reports.map((r) => r.reportId) }),
          },
        });
        await tx.quarterlyReport.updateMany({
          where: { id: { in: input.reports.map((r) => r.reportId) } },
          data: { compilationId: input.taskId, compiledAt: now },
        });
        await appendAudit(tx, {
          roundId: input.roundId,
          eventKey: `${input.taskId}/compiled`,
          action: 'quarterly_compilation_to_mofcom',
          actor: input.actor,
          taskId: input.taskId,
          detail: { reports: input.reports.map((r) => r.reportId) },
        });
        for (const r of input.reports) {
          await appendAudit(tx, {
            applicationId: r.applicationId,
            eventKey: `${input.taskId}/compiled/${r.reportId}`,
            action: 'quarterly_report_to_mofcom',
            actor: input.actor,
            detail: { compilation: input.taskId },
          });
        }
      });
      logger.info(
        { roundId: input.roundId, task: input.taskId, reports: input.reports.length },
        'quarterly compilation sent to MOFCOM',
      );
    },

    async deliverMajorReport(input: { majorReportId: string }): Promise<void> {
      await onceNotifying(`major-report-${input.majorReportId}/delivered`, async (tx, notify) => {
        const report = await tx.majorReport.update({
          where: { id: input.majorReportId },
          data: { deliveredAt: new Date() },
        });
        await appendAudit(tx, {
          applicationId: report.pilotId,
          eventKey: `major-report-${input.majorReportId}/delivered`,
          action: `${report.kind}_to_mofcom`,
          detail: { majorReportId: report.id, summary: report.summary },
        });
        notify({
          event: report.kind === 'major_problem' ? 'major_problem' : 'major_progress',
          applicationId: report.pilotId,
          lines: [
            { zh: `摘要：${report.summary}`, en: `Summary: ${report.summary}` },
            { zh: `详情：${report.details}`, en: `Details: ${report.details}` },
          ],
        });
      });
    },

    /** The pilot's province (null: a central enterprise), whose commerce department gives its opinion on the evaluations. */
    async pilotProvince(input: { applicationId: string }): Promise<{ provinceCode: string | null }> {
      return db.pilot.findUniqueOrThrow({ where: { id: input.applicationId }, select: { provinceCode: true } });
    },

    async openEvaluation(input: { applicationId: string; stage: EvaluationStage }): Promise<void> {
      const id = `${input.applicationId}:${input.stage}`;
      await once(db, `${id}/opened`, async (tx) => {
        await tx.evaluation.create({
          data: { id, pilotId: input.applicationId, stage: input.stage, status: 'self_assessment' },
        });
        await appendAudit(tx, {
          applicationId: input.applicationId,
          eventKey: `${id}/opened`,
          action: 'evaluation_opened',
          detail: { stage: input.stage },
        });
      });
    },

    async recordSelfAssessment(input: {
      applicationId: string;
      stage: EvaluationStage;
      content: Record<string, unknown>;
      actor: Actor;
    }): Promise<void> {
      const id = `${input.applicationId}:${input.stage}`;
      await once(db, `${id}/self-assessment`, async (tx) => {
        await tx.evaluation.update({ where: { id }, data: { selfAssessment: asJson(input.content) } });
        await appendAudit(tx, {
          applicationId: input.applicationId,
          eventKey: `${id}/self-assessment`,
          action: 'self_assessment_submitted',
          actor: input.actor,
          detail: { stage: input.stage },
        });
      });
    },

    async openGradingTasks(input: {
      applicationId: string;
      stage: EvaluationStage;
      workflowId: string;
      tasks: { id: string; departmentId: string }[];
      dueAt: string;
    }): Promise<void> {
      const id = `${input.applicationId}:${input.stage}`;
      await onceNotifying(`${id}/grading`, async (tx, notify) => {
        await tx.evaluation.update({ where: { id }, data: { status: 'grading' } });
        await tx.task.createMany({
          data: input.tasks.map((t) => ({
            id: t.id,
            applicationId: input.applicationId,
            workflowId: input.workflowId,
            stage: 'evaluation',
            reviewRound: input.stage === 'midterm' ? 1 : 2,
            departmentId: t.departmentId,
            dueAt: new Date(input.dueAt),
          })),
        });
        await appendAudit(tx, {
          applicationId: input.applicationId,
          eventKey: `${id}/grading`,
          action: 'tasks_opened',
          detail: { stage: 'evaluation', evaluation: input.stage },
        });
        notify({ event: 'task_assigned', applicationId: input.applicationId, taskIds: input.tasks.map((t) => t.id) });
      });
    },

    /** The evaluation's result, kept with the pilot: grade, incentive eligibility, title, replicable practice. */
    async recordEvaluationResult(input: {
      applicationId: string;
      stage: EvaluationStage;
      grades: Grade[];
      result: EvaluationResult;
      replicablePractice?: string;
      /** how the grade was reached (domain/indicators.ts evaluationBreakdown); absent in older runs */
      breakdown?: Record<string, unknown>;
    }): Promise<void> {
      const id = `${input.applicationId}:${input.stage}`;
      await onceNotifying(`${id}/graded`, async (tx, notify) => {
        await tx.evaluation.update({
          where: { id },
          data: {
            status: 'graded',
            grade: input.result.grade,
            gradedAt: new Date(),
            ...(input.breakdown ? { result: asJson(input.breakdown) } : {}),
          },
        });
        const pilot: Prisma.PilotUpdateInput =
          input.stage === 'midterm'
            ? { midtermGrade: input.result.grade, incentiveEligible: input.result.incentiveEligible }
            : {
                finalGrade: input.result.grade,
                title: input.result.title?.zh ?? null,
                replicablePractice: input.replicablePractice ?? null,
              };
        await tx.pilot.update({ where: { id: input.applicationId }, data: pilot });
        // 总结推广: the practice waits for MOFCOM's review before the public library shows it
        if (input.replicablePractice)
          await tx.practice.create({
            data: {
              id,
              pilotId: input.applicationId,
              stage: input.stage,
              text: input.replicablePractice,
              status: 'submitted',
            },
          });
        await appendAudit(tx, {
          applicationId: input.applicationId,
          eventKey: `${id}/graded`,
          action: 'evaluation_graded',
          detail: { stage: input.stage, grades: input.grades, ...input.result },
        });
        const stage =
          input.stage === 'midterm'
            ? { zh: '中期评估', en: 'Mid-term evaluation' }
            : { zh: '终期评估', en: 'Final evaluation' };
        notify({
          event: 'evaluation_graded',
          applicationId: input.applicationId,
          lines: [
            { zh: `${stage.zh}结果：${input.result.grade}`, en: `${stage.en}: ${input.result.grade}` },
            ...(input.result.incentiveEligible ? [{ zh: '符合激励条件', en: 'Eligible for incentives' }] : []),
            ...(input.result.title
              ? [{ zh: `授予称号：${input.result.title.zh}`, en: `Title awarded: ${input.result.title.en}` }]
              : []),
          ],
        });
      });
    },

    async recordPilotCompleted(input: { applicationId: string }): Promise<void> {
      await once(db, `pilot-${input.applicationId}/completed`, async (tx) => {
        await tx.pilot.update({ where: { id: input.applicationId }, data: { status: 'completed' } });
        await appendAudit(tx, {
          applicationId: input.applicationId,
          eventKey: `pilot-${input.applicationId}/completed`,
          action: 'pilot_completed',
        });
      });
    },
  };
}
