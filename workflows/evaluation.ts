// One stage of the two-stage evaluation (中期和终期评估, notice §四(五)): the pilot submits its
// self-assessment, then the eight bodies each grade it (excellent / good / pass / fail); the
// result is their median grade, the lower on a tie. Mid-term excellent: incentive eligibility;
// final excellent: the demonstration title. Before the bodies grade, the pilot's province gives its
// opinion (EVALUATION_OPINION); each stage's replicable practice is kept for 总结推广. At a mid-term whose
// round has appointed a third-party evaluator, its report comes first (THIRD_PARTY_EVALUATION). Where the
// round sets indicators, each body scores them and its grade is its weighted total's band.
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
import type { FieldError } from '../domain/errors';
import { validateScores, type ScoreProblem } from '../domain/expertReview';
import { evaluationBreakdown, gradeByIndicators, type BodyGrading } from '../domain/indicators';
import { DEFAULT_DEADLINES } from '../domain/deadlines';
import { LEAD_PARTY, provincialDepartmentId } from '../domain/parties';
import { decisionRefusal } from '../domain/stages';
import { dueAfter } from './dueTime';
import { PERSIST } from './activityOptions';
import { answerOf, decisionRecorder } from './recordDecision';
import { chaseTasks } from './deadlines';
import { openDesk } from './desk';
import { DEADLINE_ESCALATION, EVALUATION_OPINION, THIRD_PARTY_EVALUATION } from './patches';
import {
  decideUpdate,
  gradingTaskId,
  opinionTaskId,
  selfAssessmentUpdate,
  thirdPartyTaskId,
  type EvaluationInput,
  type EvaluationResult,
} from '../shared/definitions';
import { refuse } from './refuse';

const {
  openEvaluation,
  recordSelfAssessment,
  openGradingTasks,
  recordEvaluationResult,
  pilotProvince,
  openTasks,
  withdrawOpenTasks,
  appointedEvaluator,
  openThirdPartyTask,
} = proxyActivities<Activities>(PERSIST);

/** The province's time for its opinion when the round's rules are from before it. */
const OPINION_DAYS = 10;
/** The third-party evaluator's time for its report when the round's rules are from before it. */
const THIRD_PARTY_DAYS = 20;

const scoreErrors = (problems: ScoreProblem[]): FieldError[] =>
  problems.map((p) => ({ field: p.field, code: 'invalid_value', message: { zh: p.zh, en: p.en } }));
const fieldError = (field: string, zh: string, en: string): FieldError => ({
  field,
  code: 'invalid_value',
  message: { zh, en },
});

export async function evaluationWorkflow(input: EvaluationInput): Promise<EvaluationResult> {
  const { workflowId } = workflowInfo();
  const recordDecision = decisionRecorder();
  const { applicationId, stage, config } = input;
  let selfAssessment: Record<string, unknown> | undefined;
  let assessing = false;
  let grading = false;
  const grades = new Map<string, Grade>();
  /** with indicators: each body's scores and their weighted total */
  const scored = new Map<string, { scores: Record<string, number>; total: number }>();
  const indicators = config.indicators;
  const deciding = new Set<string>();
  const bodyOf = (taskId: string) =>
    NATIONAL_BODIES.find((b) => gradingTaskId(applicationId, stage, b.code) === taskId)?.code;
  const everyBody = () => grades.size === NATIONAL_BODIES.length;
  /** set by the deadline's default rule: the grades given so far decide */
  let closeNow = false;
  /** the province's opinion task, while it is asked (EVALUATION_OPINION) */
  let opinion:
    { taskId: string; departmentId: string; provinceCode: string; given?: string; over: boolean } | undefined;
  const withOpinion = patched(EVALUATION_OPINION);
  /** the appointed evaluator's task, while it is asked (THIRD_PARTY_EVALUATION) */
  let thirdParty: { taskId: string; userId: string; given: boolean; over: boolean } | undefined;
  const withThirdParty = stage === 'midterm' && patched(THIRD_PARTY_EVALUATION);
  // Claims, transfers, delegations; and a grade withdrawn while other bodies still grade.
  const desk = openDesk(
    { applicationId },
    {
      task: (taskId) => {
        const asked = opinion;
        if (asked && asked.taskId === taskId) {
          const state = asked.over ? 'closed' : deciding.has(taskId) ? 'busy' : asked.given ? 'decided' : 'open';
          return { departmentId: asked.departmentId, provinceCode: asked.provinceCode, state };
        }
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
      lock: (taskId) => deciding.add(bodyOf(taskId) ?? taskId),
      unlock: (taskId) => deciding.delete(bodyOf(taskId) ?? taskId),
      // the opinion is given once; a grade may be taken back while other bodies still grade
      withdrawable: (taskId) =>
        opinion?.taskId !== taskId && grading && !everyBody() && !closeNow ? undefined : 'next_step_started',
      withdraw: (taskId) => {
        const body = bodyOf(taskId)!;
        const grade = grades.get(body)!;
        const scores = scored.get(body);
        grades.delete(body);
        scored.delete(body);
        return () => {
          grades.set(body, grade);
          if (scores) scored.set(body, scores);
        };
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
        if (grading || opinion || thirdParty) throw refuse('review_closed');
      },
    },
  );
  setHandler(
    decideUpdate,
    async ({ taskId, decision, reason, payload, attachments, actor }) => {
      if (opinion?.taskId === taskId) return giveOpinion(taskId, decision, reason!, attachments, actor);
      if (thirdParty?.taskId === taskId) return giveReport(taskId, decision, payload!, attachments, actor);
      const body = bodyOf(taskId)!;
      deciding.add(body);
      try {
        // with indicators the grade is the band of the body's weighted total, not a grade it gives
        const byScores = indicators
          ? {
              scores: payload!.scores as Record<string, number>,
              ...gradeByIndicators(indicators, payload!.scores as Record<string, number>),
            }
          : undefined;
        const grade = byScores?.grade ?? (payload!.grade as Grade);
        await recordDecision({
          applicationId,
          taskId,
          decision,
          actor,
          attachments,
          result: byScores ? { ...byScores, comments: payload?.comments } : { grade, comments: payload?.comments },
          ...desk.decisionContext(taskId),
        });
        grades.set(body, grade);
        if (byScores) scored.set(body, { scores: byScores.scores, total: byScores.total });
        desk.decided(taskId, actor);
      } finally {
        deciding.delete(body);
      }
      return answerOf(taskId, decision);
    },
    {
      validator: ({ taskId, decision, reason, payload, actor }) => {
        const asked = opinion;
        if (asked && asked.taskId === taskId) {
          if (asked.over) throw refuse('review_closed');
          const refusal = desk.decideRefusal(taskId, actor);
          if (refusal) throw refuse(refusal);
          if (asked.given || deciding.has(taskId)) throw refuse('already_decided');
          const wrong = decisionRefusal('evaluationOpinion', decision, reason);
          if (wrong) throw refuse('invalid_input', [wrong]);
          return;
        }
        const reporter = thirdParty;
        if (reporter && reporter.taskId === taskId) {
          if (reporter.over) throw refuse('review_closed');
          if (actor.userId !== reporter.userId) throw refuse('not_your_task');
          if (reporter.given || deciding.has(taskId)) throw refuse('already_decided');
          const wrong = decisionRefusal('evaluationThirdParty', decision, reason);
          if (wrong) throw refuse('invalid_input', [wrong]);
          const problems = reportProblems(payload);
          if (problems.length) throw refuse('invalid_input', problems);
          return;
        }
        const body = bodyOf(taskId);
        if (!body || !grading) throw refuse('review_closed');
        const refusal = desk.decideRefusal(taskId, actor);
        if (refusal) throw refuse(refusal);
        if (grades.has(body) || deciding.has(body)) throw refuse('already_decided');
        const wrong = decisionRefusal('evaluation', decision, undefined);
        if (wrong) throw refuse('invalid_input', [wrong]);
        if (indicators) {
          const checked = validateScores(indicators, payload?.scores);
          if (!checked.ok) throw refuse('invalid_input', scoreErrors(checked.problems));
          if (payload?.grade !== undefined)
            throw refuse('invalid_input', [
              fieldError(
                'grade',
                '按指标评分时，等级由加权总分确定',
                'With indicators, the grade follows from the scores',
              ),
            ]);
        } else if (!isGrade(payload?.grade)) {
          throw refuse('invalid_input', [
            fieldError('grade', '应为 excellent、good、pass 或 fail', 'Must be excellent, good, pass or fail'),
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
  if (withThirdParty) await thirdPartyReport();
  if (withOpinion) await provinceOpinion();
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
  const bodies: BodyGrading[] = NATIONAL_BODIES.filter((b) => grades.has(b.code)).map((b) => ({
    body: b.code,
    grade: grades.get(b.code)!,
    ...scored.get(b.code),
  }));
  // the final's practice is the pilot's; with the opinion's patch the mid-term's is kept for 总结推广 too
  const practice =
    stage === 'final' || withOpinion ? (selfAssessment?.replicablePractice as string | undefined) : undefined;
  await recordEvaluationResult({
    applicationId,
    stage,
    grades: [...grades.values()],
    result,
    replicablePractice: practice,
    breakdown: { ...evaluationBreakdown(bodies, indicators) },
  });
  await condition(allHandlersFinished);
  return result;

  /**
   * The province's opinion (省级监督意见), asked of its commerce department; a central enterprise has no
   * province and none is asked. Silent to the end of its chain, the bodies grade without it.
   */
  async function provinceOpinion() {
    const { provinceCode } = await pilotProvince({ applicationId });
    if (!provinceCode) return;
    const taskId = opinionTaskId(applicationId, stage);
    const asked: NonNullable<typeof opinion> = {
      taskId,
      departmentId: provincialDepartmentId(provinceCode, LEAD_PARTY),
      provinceCode,
      over: false,
    };
    opinion = asked;
    const dueAt = new Date((await dueAfter(input.dayCount, config.opinionDays ?? OPINION_DAYS)).at).toISOString();
    await openTasks({
      applicationId,
      workflowId,
      eventKey: `${taskId}/opened`,
      stage: 'evaluationOpinion',
      reviewRound: stage === 'midterm' ? 1 : 2,
      dueAt,
      tasks: [{ id: taskId, departmentId: asked.departmentId, provinceCode }],
    });
    let skipped = false;
    const chase = chaseTasks({
      stage: 'evaluationOpinion',
      ids: { applicationId },
      keyPrefix: taskId,
      dueAt,
      policy: input.opinionDeadline ?? DEFAULT_DEADLINES.evaluationOpinion,
      open: () => (opinion?.given || deciding.has(taskId) ? [] : [taskId]),
      applyDefault: () => void (skipped = true),
    });
    await condition(() => !deciding.has(taskId) && (opinion?.given !== undefined || skipped));
    asked.over = true;
    chase.cancel();
    await chase.done;
    if (!asked.given)
      await withdrawOpenTasks({
        applicationId,
        workflowId,
        eventKey: `${taskId}/skipped`,
        reason: 'no opinion by the end of its chain: the bodies grade without it',
      });
  }

  /**
   * The appointed third-party evaluator's report (第三方评估), at a mid-term whose round has one: held by
   * the evaluator from the start. Silent to the end of its chain, the bodies grade without it.
   */
  async function thirdPartyReport() {
    const appointed = await appointedEvaluator({ applicationId, stage });
    if (!appointed) return;
    const taskId = thirdPartyTaskId(applicationId, stage);
    const asked: NonNullable<typeof thirdParty> = { taskId, userId: appointed.userId, given: false, over: false };
    thirdParty = asked;
    const dueAt = new Date(
      (await dueAfter(input.dayCount, config.thirdPartyDays ?? THIRD_PARTY_DAYS)).at,
    ).toISOString();
    await openThirdPartyTask({ applicationId, workflowId, taskId, stage, assigneeId: appointed.userId, dueAt });
    let skipped = false;
    const chase = chaseTasks({
      stage: 'evaluationThirdParty',
      ids: { applicationId },
      keyPrefix: taskId,
      dueAt,
      policy: input.thirdPartyDeadline ?? DEFAULT_DEADLINES.evaluationThirdParty,
      open: () => (asked.given || deciding.has(taskId) ? [] : [taskId]),
      applyDefault: () => void (skipped = true),
    });
    await condition(() => !deciding.has(taskId) && (asked.given || skipped));
    asked.over = true;
    chase.cancel();
    await chase.done;
    if (!asked.given)
      await withdrawOpenTasks({
        applicationId,
        workflowId,
        eventKey: `${taskId}/skipped`,
        reason: 'no third-party report by the end of its chain: the bodies grade without it',
      });
  }

  /** What is wrong with a third-party report: its text is required; its grade, and its scores where the round has indicators, are checked. */
  function reportProblems(payload: Record<string, unknown> | undefined): FieldError[] {
    const problems: FieldError[] = [];
    if (typeof payload?.report !== 'string' || !payload.report.trim())
      problems.push(fieldError('report', '请填写评估报告', 'Write the evaluation report'));
    if (payload?.proposedGrade !== undefined && !isGrade(payload.proposedGrade))
      problems.push(
        fieldError('proposedGrade', '应为 excellent、good、pass 或 fail', 'Must be excellent, good, pass or fail'),
      );
    if (indicators) {
      const checked = validateScores(indicators, payload?.scores);
      if (!checked.ok) problems.push(...scoreErrors(checked.problems));
    } else if (payload?.scores !== undefined) {
      problems.push(fieldError('scores', '本轮次未设评价指标', 'The round sets no indicators'));
    }
    return problems;
  }

  async function giveReport(
    taskId: string,
    decision: string,
    payload: Record<string, unknown>,
    attachments: Parameters<typeof recordDecision>[0]['attachments'],
    actor: Parameters<typeof recordDecision>[0]['actor'],
  ) {
    deciding.add(taskId);
    try {
      const scores = payload.scores as Record<string, number> | undefined;
      await recordDecision({
        applicationId,
        taskId,
        decision,
        actor,
        attachments,
        result: {
          report: (payload.report as string).trim(),
          ...(payload.proposedGrade ? { proposedGrade: payload.proposedGrade } : {}),
          ...(indicators && scores ? { scores, total: gradeByIndicators(indicators, scores).total } : {}),
        },
      });
      thirdParty!.given = true;
    } finally {
      deciding.delete(taskId);
    }
    return answerOf(taskId, decision);
  }

  async function giveOpinion(
    taskId: string,
    decision: string,
    reason: string,
    attachments: Parameters<typeof recordDecision>[0]['attachments'],
    actor: Parameters<typeof recordDecision>[0]['actor'],
  ) {
    deciding.add(taskId);
    try {
      await recordDecision({
        applicationId,
        taskId,
        decision,
        reason,
        actor,
        attachments,
        ...desk.decisionContext(taskId),
      });
      opinion!.given = reason;
      desk.decided(taskId, actor);
    } finally {
      deciding.delete(taskId);
    }
    return answerOf(taskId, decision);
  }
}
