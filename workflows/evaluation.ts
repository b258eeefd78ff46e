// One stage of the two-stage evaluation (中期和终期评估, notice §四(五)): the pilot submits its
// self-assessment, then the eight bodies each grade it (excellent / good / pass / fail); the
// result is their median grade, the lower on a tie. Mid-term excellent: incentive eligibility;
// final excellent: the demonstration title. The final self-assessment's replicable practice is
// kept with the pilot.
import {
  allHandlersFinished,
  condition,
  patched,
  proxyActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type { Activities } from '../activities';
import { actsForApplicant } from '../domain/actorRules';
import { NATIONAL_BODIES } from '../domain/bodies';
import { aggregateGrades, evaluationOutcome, isGrade, type Grade } from '../domain/evaluation';
import { DEFAULT_DEADLINES } from '../domain/deadlines';
import { decisionRefusal } from '../domain/stages';
import { dueAfter } from './dueTime';
import { PERSIST } from './activityOptions';
import { decisionRecorder } from './recordDecision';
import { chaseTasks } from './deadlines';
import { openDesk } from './desk';
import { DEADLINE_ESCALATION } from './patches';
import {
  decideUpdate,
  gradingTaskId,
  selfAssessmentUpdate,
  type EvaluationInput,
  type EvaluationResult,
} from '../shared/definitions';
import { refuse } from './refuse';

const {
  openEvaluation,
  recordSelfAssessment,
  openGradingTasks,
  recordEvaluationResult,

  withdrawOpenTasks,
} = proxyActivities<Activities>(PERSIST);

export async function evaluationWorkflow(input: EvaluationInput): Promise<EvaluationResult> {
  const { workflowId } = workflowInfo();
  const recordDecision = decisionRecorder();
  const { applicationId, stage, config } = input;
  let selfAssessment: Record<string, unknown> | undefined;
  let assessing = false;
  let grading = false;
  const grades = new Map<string, Grade>();
  const deciding = new Set<string>();
  const bodyOf = (taskId: string) =>
    NATIONAL_BODIES.find((b) => gradingTaskId(applicationId, stage, b.code) === taskId)?.code;
  const everyBody = () => grades.size === NATIONAL_BODIES.length;
  /** set by the deadline's default rule: the grades given so far decide */
  let closeNow = false;
  // Claims, transfers, delegations; and a grade withdrawn while other bodies still grade.
  const desk = openDesk(
    { applicationId },
    {
      task: (taskId) => {
        const body = bodyOf(taskId);
        if (!body) return undefined;
        const state =
          !grading || everyBody() || closeNow
            ? 'closed'
            : deciding.has(body)
              ? 'busy'
              : grades.has(body)
                ? 'decided'
                : 'open';
        return { departmentId: body, provinceCode: null, state };
      },
      lock: (taskId) => deciding.add(bodyOf(taskId)!),
      unlock: (taskId) => deciding.delete(bodyOf(taskId)!),
      withdrawable: () => (grading && !everyBody() && !closeNow ? undefined : 'next_step_started'),
      withdraw: (taskId) => {
        const body = bodyOf(taskId)!;
        const grade = grades.get(body)!;
        grades.delete(body);
        return () => grades.set(body, grade);
      },
    },
  );

  setHandler(
    selfAssessmentUpdate,
    async ({ content, actor }) => {
      assessing = true;
      await recordSelfAssessment({ applicationId, stage, content, actor });
      selfAssessment = content;
      return { stage };
    },
    {
      validator: ({ actor }) => {
        if (!actsForApplicant(actor)) throw refuse('forbidden');
        if (selfAssessment || assessing) throw refuse('already_decided');
        if (grading) throw refuse('review_closed');
      },
    },
  );
  setHandler(
    decideUpdate,
    async ({ taskId, decision, payload, attachments, actor }) => {
      const body = bodyOf(taskId)!;
      deciding.add(body);
      try {
        await recordDecision({
          applicationId,
          taskId,
          decision,
          actor,
          attachments,
          result: { grade: payload!.grade, comments: payload?.comments },
          ...desk.decisionContext(taskId),
        });
        grades.set(body, payload!.grade as Grade);
        desk.decided(taskId, actor);
      } finally {
        deciding.delete(body);
      }
      return { taskId, decision };
    },
    {
      validator: ({ taskId, decision, payload, actor }) => {
        const body = bodyOf(taskId);
        if (!body || !grading) throw refuse('review_closed');
        const refusal = desk.decideRefusal(taskId, actor);
        if (refusal) throw refuse(refusal);
        if (grades.has(body) || deciding.has(body)) throw refuse('already_decided');
        const wrong = decisionRefusal('evaluation', decision, undefined);
        if (wrong) throw refuse('invalid_input', [wrong]);
        if (!isGrade(payload?.grade)) {
          throw refuse('invalid_input', [
            {
              field: 'grade',
              code: 'invalid_value',
              message: { zh: '应为 excellent、good、pass 或 fail', en: 'Must be excellent, good, pass or fail' },
            },
          ]);
        }
      },
    },
  );

  await openEvaluation({ applicationId, stage });
  // Grading starts with the self-assessment, or without it once its time is up.
  const selfAssessmentDue = await dueAfter(input.dayCount, config.selfAssessmentDays);
  await condition(() => selfAssessment !== undefined, selfAssessmentDue.wait());
  await condition(() => !assessing || selfAssessment !== undefined);
  grading = true;
  const gradingDue = await dueAfter(input.dayCount, config.gradingDays);
  const gradingDueAt = new Date(gradingDue.at).toISOString();
  await openGradingTasks({
    applicationId,
    stage,
    workflowId,
    tasks: NATIONAL_BODIES.map((b) => ({ id: gradingTaskId(applicationId, stage, b.code), departmentId: b.code })),
    dueAt: gradingDueAt,
  });
  let allGraded: boolean;
  if (patched(DEADLINE_ESCALATION)) {
    // Every body grades; the chain chases the silent ones, and its default rule ('close') lets the
    // grades given so far decide (at least one is needed).
    const policy = input.deadline ?? DEFAULT_DEADLINES.evaluation;
    const chase = chaseTasks({
      stage: 'evaluation',
      ids: { applicationId },
      keyPrefix: workflowId,
      dueAt: gradingDueAt,
      policy,
      open: () =>
        NATIONAL_BODIES.filter((b) => !grades.has(b.code) && !deciding.has(b.code)).map((b) =>
          gradingTaskId(applicationId, stage, b.code),
        ),
      applyDefault: () => {
        if (policy.defaultRule === 'close') closeNow = true;
      },
    });
    await condition(() => everyBody() || closeNow);
    chase.cancel();
    allGraded = everyBody();
  } else {
    // Before escalation chains: past the due time, the grades given so far decide.
    allGraded = await condition(everyBody, gradingDue.wait());
  }
  if (!allGraded) await condition(() => grades.size > 0 && deciding.size === 0);
  grading = false;
  await condition(() => deciding.size === 0);
  if (!allGraded)
    await withdrawOpenTasks({ applicationId, workflowId, reason: 'graded by the bodies that answered in time' });

  const grade = aggregateGrades([...grades.values()]);
  const result = { grade, ...evaluationOutcome(stage, grade, input.kind) };
  const practice = stage === 'final' ? (selfAssessment?.replicablePractice as string | undefined) : undefined;
  await recordEvaluationResult({
    applicationId,
    stage,
    grades: [...grades.values()],
    result,
    replicablePractice: practice,
  });
  await condition(allHandlersFinished);
  return result;
}
