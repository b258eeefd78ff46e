// What a third-party evaluator reads (only the pilots it holds a report task on, and of them only the
// self-assessments), and what an evaluation's tasks show their deciders: the self-assessment, the
// round's indicators, the third party's report and the province's opinion once given.
import type { RubricCriterion } from '../domain/round';
import type { CurrentUser, UseCaseDeps } from './context';

const EVALUATION_STAGES = ['evaluation', 'evaluationOpinion', 'evaluationThirdParty'];

/** An evaluator reads a pilot it has been given a report task on. */
export function evaluatesPilot(user: CurrentUser, app: { tasks?: { assigneeId: string | null }[] }): boolean {
  return user.role === 'evaluator' && (app.tasks?.some((t) => t.assigneeId === user.id) ?? false);
}

/** The pilot as its evaluator sees it: who it is and its self-assessments — nothing else of it. */
export async function evaluatorPilotView(deps: UseCaseDeps, id: string) {
  const pilot = await deps.db.pilot.findUniqueOrThrow({
    where: { id },
    select: {
      id: true,
      roundId: true,
      kind: true,
      provinceCode: true,
      status: true,
      application: { select: { organization: { select: { name: true } } } },
      evaluations: {
        orderBy: { openedAt: 'asc' },
        select: { id: true, stage: true, status: true, selfAssessment: true, openedAt: true },
      },
    },
  });
  const { application, ...rest } = pilot;
  return { ...rest, applicant: application.organization.name };
}

/** The indicators the round of the application's rules sets for its evaluations (the copy its workflows run with). */
async function indicatorsOf(deps: UseCaseDeps, applicationId: string): Promise<RubricCriterion[] | undefined> {
  const app = await deps.db.application.findUnique({
    where: { id: applicationId },
    select: { roundId: true, configVersion: true, round: { select: { config: true } } },
  });
  if (!app) return undefined;
  const version =
    app.configVersion === null
      ? null
      : await deps.db.roundConfigVersion.findUnique({
          where: { roundId_version: { roundId: app.roundId, version: app.configVersion } },
          select: { config: true },
        });
  return ((version ?? app.round).config as { evaluation?: { indicators?: RubricCriterion[] } }).evaluation?.indicators;
}

/**
 * What an evaluation's task shows (GET /api/tasks/:id `evaluation`): the pilot's self-assessment and the
 * round's indicators; to the province and the bodies also the third party's report and, to the bodies,
 * the province's opinion, each once given. Undefined for a task of another stage.
 */
export async function evaluationContext(
  deps: UseCaseDeps,
  task: { stage: string; applicationId: string | null; reviewRound: number },
) {
  if (!EVALUATION_STAGES.includes(task.stage) || !task.applicationId) return undefined;
  const stage = task.reviewRound === 2 ? 'final' : 'midterm';
  const id = `${task.applicationId}:${stage}`;
  const [evaluation, indicators, applicant] = await Promise.all([
    deps.db.evaluation.findUnique({ where: { id }, select: { selfAssessment: true, evaluatorId: true } }),
    indicatorsOf(deps, task.applicationId),
    deps.db.application.findUnique({
      where: { id: task.applicationId },
      select: { organization: { select: { name: true } } },
    }),
  ]);
  // the pilot's name: its evaluator, who does not read the application, names its task by it
  const base = {
    stage,
    applicant: applicant?.organization.name ?? null,
    selfAssessment: evaluation?.selfAssessment ?? null,
    indicators: indicators ?? null,
  };
  if (task.stage === 'evaluationThirdParty') return base;
  const given = await deps.db.task.findMany({
    where: {
      id: { in: [`${id}:third-party`, `${id}:opinion`] },
      status: 'decided',
    },
    select: { id: true, result: true, reason: true, decidedAt: true },
  });
  const report = given.find((t) => t.id.endsWith(':third-party'));
  const opinion = given.find((t) => t.id.endsWith(':opinion'));
  const organization = evaluation?.evaluatorId
    ? (
        await deps.db.user.findUnique({
          where: { id: evaluation.evaluatorId },
          select: { organizationName: true, displayName: true },
        })
      )?.organizationName
    : null;
  const result = (report?.result ?? {}) as Record<string, unknown>;
  return {
    ...base,
    thirdParty: report
      ? {
          organization: organization ?? null,
          report: result.report,
          proposedGrade: result.proposedGrade ?? null,
          scores: result.scores ?? null,
          total: result.total ?? null,
          decidedAt: report.decidedAt,
        }
      : null,
    opinion: task.stage === 'evaluation' && opinion ? { text: opinion.reason, decidedAt: opinion.decidedAt } : null,
  };
}
