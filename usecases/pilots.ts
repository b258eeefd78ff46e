// A pilot's side of the programme: reading it, its quarterly reports, major-progress and
// major-problem reports, and its self-assessments for the two evaluations.
import crypto from 'node:crypto';
import { DomainError, fieldErrorsFromZod } from '../domain/errors';
import { majorReportSchema, quarterlyReportSchema, selfAssessmentSchema } from '../domain/quarterlyReportSchema';
import { signedUpdate } from '../platform/actorSignature';
import type { majorReportWorkflow } from '../workflows/majorReport';
import {
  evaluationWorkflowId,
  quarterlyReportWorkflowId,
  selfAssessmentUpdate,
  submitReportUpdate,
} from '../shared/definitions';
import { caseTagOptions } from '../shared/searchAttributes';
import { actorOf, canReadApplication, ownsApplication } from './access';
import type { CurrentUser, UseCaseDeps } from './context';
import { evaluatesPilot, evaluatorPilotView } from './evaluatorAccess';
import { fromTemporal } from './temporalErrors';

async function loadPilot(deps: UseCaseDeps, user: CurrentUser, id: string, mustOwn: boolean) {
  const pilot = await deps.db.pilot.findUnique({
    where: { id },
    include: {
      application: { include: { tasks: { select: { assigneeId: true } }, organization: { select: { name: true } } } },
    },
  });
  if (!pilot) throw new DomainError('not_found');
  const reads = canReadApplication(user, pilot.application) || evaluatesPilot(user, pilot.application);
  if (mustOwn ? !ownsApplication(user, pilot.application) : !reads) throw new DomainError('forbidden');
  return pilot;
}

/**
 * Every quarter of the pilot with its report's due time, as its start recorded them: a quarter's
 * report row exists only once the quarter has begun (empty for a pilot without that record).
 */
async function scheduleOf(deps: UseCaseDeps, id: string): Promise<{ quarter: number; dueAt: string }[]> {
  const started = await deps.db.auditEvent.findUnique({
    where: { eventKey: `pilot-${id}/started` },
    select: { detail: true },
  });
  const quarters = (started?.detail as { quarters?: { quarter: number; dueAt: string }[] } | null)?.quarters ?? [];
  return quarters.map(({ quarter, dueAt }) => ({ quarter, dueAt }));
}

export async function getPilot(deps: UseCaseDeps, user: CurrentUser, id: string) {
  await loadPilot(deps, user, id, false);
  if (user.role === 'evaluator') return evaluatorPilotView(deps, id);
  const [pilot, schedule] = await Promise.all([
    deps.db.pilot.findUniqueOrThrow({
      where: { id },
      include: {
        reports: { orderBy: { quarter: 'asc' } },
        majorReports: { orderBy: { createdAt: 'asc' } },
        evaluations: { orderBy: { openedAt: 'asc' } },
        removals: { orderBy: { createdAt: 'asc' } },
        incentives: { orderBy: [{ grantedOn: 'asc' }, { createdAt: 'asc' }] },
      },
    }),
    scheduleOf(deps, id),
  ]);
  return { ...pilot, schedule };
}

export async function submitQuarterlyReport(
  deps: UseCaseDeps,
  user: CurrentUser,
  id: string,
  quarter: number,
  body: unknown,
) {
  const pilot = await loadPilot(deps, user, id, true);
  const chosenTasks = ((pilot.application.annex as { chosenTasks?: string[] }).chosenTasks ?? []) as string[];
  const parsed = quarterlyReportSchema(chosenTasks).safeParse(body);
  if (!parsed.success) throw new DomainError('invalid_input', fieldErrorsFromZod(parsed.error.issues));
  // a quarter the pilot does not have is not found; one not begun or closed has no workflow to take it: report_not_open
  const schedule = await scheduleOf(deps, id);
  if (schedule.length && !schedule.some((q) => q.quarter === quarter)) throw new DomainError('not_found');
  try {
    return await deps.temporal.workflow.getHandle(quarterlyReportWorkflowId(id, quarter)).executeUpdate(
      submitReportUpdate,
      signedUpdate(quarterlyReportWorkflowId(id, quarter), submitReportUpdate, {
        content: parsed.data,
        actor: actorOf(user),
      }),
    );
  } catch (err) {
    throw fromTemporal(err, 'report_not_open');
  }
}

export async function fileMajorReport(deps: UseCaseDeps, user: CurrentUser, id: string, body: unknown) {
  const pilot = await loadPilot(deps, user, id, true);
  if (pilot.status !== 'running') throw new DomainError('report_not_open');
  const parsed = majorReportSchema.safeParse(body);
  if (!parsed.success) throw new DomainError('invalid_input', fieldErrorsFromZod(parsed.error.issues));
  const report = await deps.db.majorReport.create({
    data: { id: crypto.randomUUID(), pilotId: id, ...parsed.data, filedById: user.id },
  });
  await deps.temporal.workflow.start<typeof majorReportWorkflow>('majorReportWorkflow', {
    workflowId: `major-report-${report.id}`,
    taskQueue: deps.taskQueue,
    ...caseTagOptions(
      {
        applicationId: pilot.application.id,
        applicant: pilot.application.organization.name,
        provinceCode: pilot.application.provinceCode,
        roundId: pilot.application.roundId,
      },
      'majorReport',
    ),
    args: [{ majorReportId: report.id }],
  });
  return report;
}

export async function submitSelfAssessment(
  deps: UseCaseDeps,
  user: CurrentUser,
  id: string,
  stage: string,
  body: unknown,
) {
  await loadPilot(deps, user, id, true);
  if (stage !== 'midterm' && stage !== 'final') throw new DomainError('not_found');
  const parsed = selfAssessmentSchema.safeParse(body);
  if (!parsed.success) throw new DomainError('invalid_input', fieldErrorsFromZod(parsed.error.issues));
  try {
    return await deps.temporal.workflow.getHandle(evaluationWorkflowId(id, stage)).executeUpdate(
      selfAssessmentUpdate,
      signedUpdate(evaluationWorkflowId(id, stage), selfAssessmentUpdate, {
        content: parsed.data,
        actor: actorOf(user),
      }),
    );
  } catch (err) {
    throw fromTemporal(err, 'evaluation_not_open');
  }
}
