// Declaration (申报): an applicant drafts Annex 1 or 2, edits it, and submits it before the
// round's deadline. Submitting starts (or, after a return, resumes) the application's workflow.
import { WithStartWorkflowOperation } from '@temporalio/client';
import { demonstrationRefusal } from '../domain/demonstration';
import { z } from 'zod';
import { isApplicantKind } from '../domain/applicants';
import { annexFormOf, validateAnnex } from '../domain/annex';
import { upgradeAnnex } from '../domain/annexUpgrade';
import { applicationAnnexForm } from '../platform/annexVersion';
import { DomainError, errorMessages, fieldErrorsFromZod } from '../domain/errors';
import { isUniqueViolation } from '../platform/db';
import { declarationPhase, type RoundConfig } from '../domain/round';
import { chinaTime } from '../domain/workingCalendar';
import { applicantDeadlineOf } from './unitDeadlines';
import { roundConfigSchema } from '../domain/roundSchema';
import { signedUpdate } from '../platform/actorSignature';
import { isEditable } from '../domain/status';
import type { applicationWorkflow } from '../workflows/application';
import { applicationWorkflowId, submitUpdate } from '../shared/definitions';
import { caseTagOptions } from '../shared/searchAttributes';
import { actorOf, assertMayRead, ownsApplication } from './access';
import type { CurrentUser, UseCaseDeps } from './context';
import { fromTemporal } from './temporalErrors';
import { applicantTaskView, kindLabel, statusLabel, taskView } from './views';
import {
  audienceOf,
  departmentsOf,
  expertIdentities,
  isUnsubmittedDraft,
  namesAnExpert,
  NOT_UNSUBMITTED_DRAFT,
  visibleRecords,
  visibleTasks,
} from './visibility';

export async function createDraft(deps: UseCaseDeps, user: CurrentUser, input: { roundId: string; annex: unknown }) {
  if (user.role !== 'applicant' || !user.organizationId) throw new DomainError('forbidden');
  const org = await deps.db.organization.findUniqueOrThrow({ where: { id: user.organizationId } });
  const round = await deps.db.round.findUnique({ where: { id: input.roundId } });
  if (!round) {
    throw new DomainError('invalid_input', [
      { field: 'roundId', code: 'not_found', message: { zh: '轮次不存在', en: 'No such round' } },
    ]);
  }
  if (!isApplicantKind(org.kind)) throw new Error(`organization ${org.id} has unknown kind ${org.kind}`);
  // one application per applicant per round: said before the annex's fields, which cannot change it
  await refuseSecondDeclaration(deps, org.id, round.id);
  await refuseIneligible(deps, org.id, round.config);
  const form = annexFormOf(round.config);
  const annex = validateAnnex(
    org.kind,
    input.annex === undefined ? {} : input.annex,
    'draft',
    form.version,
    form.indicators,
  );
  if (!annex.ok) throw new DomainError('invalid_input', annex.fields);
  const app = await deps.db.application
    .create({
      data: {
        roundId: round.id,
        organizationId: org.id,
        kind: org.kind,
        provinceCode: org.provinceCode,
        annex: annex.annex as object,
      },
    })
    .catch(async (err: unknown) => {
      // two creates at once both pass the check: the unique index on (organizationId, roundId) lets one in
      if (isUniqueViolation(err)) await refuseSecondDeclaration(deps, org.id, round.id);
      throw err;
    });
  return getApplication(deps, user, app.id);
}

/** The route a submission asks for, checked: only a central enterprise has one, and only a department of the round's list. */
function submissionRoute(app: { kind: string; round: { config: unknown } }, body: unknown): { recommender?: string } {
  const parsed = submitSchema.safeParse(body ?? {});
  if (!parsed.success) throw new DomainError('invalid_input', fieldErrorsFromZod(parsed.error.issues));
  const { recommender } = parsed.data;
  if (!recommender) return {};
  const field = (code: string, zh: string, en: string) =>
    new DomainError('invalid_input', [{ field: 'recommender', code, message: { zh, en } }]);
  if (app.kind !== 'central_enterprise')
    throw field(
      'not_central',
      '只有中央企业可由国务院有关部门推荐',
      'Only a central enterprise is recommended by a State Council department',
    );
  const allowed = roundConfigSchema.parse(app.round.config).centralRoute!.departments as string[];
  if (!allowed.includes(recommender))
    throw field(
      'not_a_recommender',
      `本轮可推荐的部门为：${allowed.join('、')}`,
      `This round's recommending departments are: ${allowed.join(', ')}`,
    );
  return { recommender };
}

/**
 * 409 `already_declared` naming the application the organisation already has in the round, if any
 * other than `own` (a duplicate from before the rule may not be submitted beside its first).
 */
async function refuseSecondDeclaration(deps: UseCaseDeps, organizationId: string, roundId: string, own?: string) {
  const first = await deps.db.application.findFirst({
    where: { organizationId, roundId },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    select: { id: true },
  });
  if (!first || first.id === own) return;
  const { zh, en } = errorMessages('already_declared');
  throw new DomainError(
    'already_declared',
    [
      {
        field: 'roundId',
        code: 'already_declared',
        message: { zh: `${zh}（已有申报：${first.id}）`, en: `${en} (the application: ${first.id})` },
      },
    ],
    undefined,
    first.id,
  );
}

/** 409 `not_eligible` when a demonstration round takes only existing pilots and the organisation was none. */
async function refuseIneligible(deps: UseCaseDeps, organizationId: string, config: unknown) {
  const rules = (config as Pick<RoundConfig, 'demonstration'>).demonstration;
  if (!rules) return;
  const pilots = await deps.db.pilot.findMany({
    where: { application: { organizationId } },
    select: { status: true },
  });
  const refusal = demonstrationRefusal(rules, pilots);
  if (refusal) throw new DomainError('not_eligible', undefined, refusal);
}

export async function updateDraft(deps: UseCaseDeps, user: CurrentUser, id: string, input: { annex: unknown }) {
  const app = await loadOwned(deps, user, id);
  if (!isEditable(app.status)) throw new DomainError('not_editable');
  const form = await applicationAnnexForm(deps.db, app);
  const annex = validateAnnex(app.kind as never, input.annex, 'draft', form.version, form.indicators);
  if (!annex.ok) throw new DomainError('invalid_input', annex.fields);
  // Guarded by status, so an edit racing a submission cannot change what was submitted.
  const { count } = await deps.db.application.updateMany({
    where: { id, status: { in: ['draft', 'returned'] } },
    data: { annex: annex.annex as object },
  });
  if (count !== 1) throw new DomainError('not_editable');
  return getApplication(deps, user, id);
}

/** What a submission may say beyond itself: a central enterprise's route (notice §四(一)). */
export const submitSchema = z.strictObject({
  /** the State Council department to recommend it (the round's centralRoute.departments); absent: directly to MOFCOM */
  recommender: z.string().min(1).max(50).optional(),
});

export async function submitApplication(deps: UseCaseDeps, user: CurrentUser, id: string, body: unknown = {}) {
  const app = await loadOwned(deps, user, id);
  if (!isEditable(app.status)) throw new DomainError('not_awaiting_submission');
  const { recommender } = submissionRoute(app, body);
  // a draft of an older form is checked as what maps over (domain/annexUpgrade.ts), as its applicant sees it
  const { version, indicators } = await applicationAnnexForm(deps.db, app);
  const stored = version === 2 ? upgradeAnnex(app.kind as never, app.annex as Record<string, unknown>) : app.annex;
  const annex = validateAnnex(app.kind as never, stored, 'submit', version, indicators);
  if (!annex.ok) throw new DomainError('invalid_input', annex.fields);
  const now = deps.now?.() ?? new Date();
  // A first submission is due by the unit's deadline for its applicants (a central enterprise: the
  // round's own); a returned application is revised within the window its workflow keeps, which
  // refuses a resubmission once that window has passed — not by the declaration deadline.
  if (app.status === 'draft') {
    await refuseSecondDeclaration(deps, app.organizationId, app.roundId, app.id);
    await refuseIneligible(deps, app.organizationId, app.round.config);
    const phase = declarationPhase(app.round, now);
    if (phase === 'not_yet_open') throw new DomainError('declaration_not_open');
    const due = app.provinceCode
      ? (await applicantDeadlineOf(deps.db, app.round, app.provinceCode)).applicantDeadline
      : app.round.declarationDeadline;
    if (now.getTime() > due.getTime())
      throw new DomainError('deadline_passed', undefined, {
        zh: `申报截止时间已过（${chinaTime(due)} 北京时间），不能提交`,
        en: `The deadline has passed (${chinaTime(due)} China Standard Time); submissions are closed`,
      });
  }

  const workflowId = applicationWorkflowId(app.id);
  try {
    await deps.temporal.workflow.executeUpdateWithStart(submitUpdate, {
      // Same id for a repeated click or a retried request: Temporal runs it once.
      ...signedUpdate(
        workflowId,
        submitUpdate,
        { actor: actorOf(user), ...(recommender ? { recommender } : {}) },
        `submit-${app.submissions + 1}`,
      ),
      startWorkflowOperation: new WithStartWorkflowOperation<typeof applicationWorkflow>('applicationWorkflow', {
        workflowId,
        taskQueue: deps.taskQueue,
        workflowIdConflictPolicy: 'USE_EXISTING',
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
        // found in the Temporal UI by its business key (the workflow upserts the stage as it moves on)
        ...caseTagOptions(
          {
            applicationId: app.id,
            applicant: app.organization.name,
            provinceCode: app.provinceCode,
            roundId: app.roundId,
          },
          'declaration',
        ),
        args: [
          {
            applicationId: app.id,
            roundId: app.roundId,
            kind: app.kind as never,
            provinceCode: app.provinceCode,
            organizationId: app.organizationId,
            config: roundConfigSchema.parse(app.round.config),
          },
        ],
      }),
    });
  } catch (err) {
    throw fromTemporal(err, 'not_awaiting_submission');
  }
  // the rules the workflow was started with: the round's version when it was first submitted
  if (!app.workflowId)
    await deps.db.application.update({ where: { id }, data: { workflowId, configVersion: app.round.configVersion } });
  return getApplication(deps, user, id);
}

export async function getApplication(deps: UseCaseDeps, user: CurrentUser, id: string) {
  const app = await deps.db.application.findUnique({
    where: { id },
    include: {
      organization: true,
      tasks: { orderBy: [{ reviewRound: 'asc' }, { id: 'asc' }] },
      events: { orderBy: { id: 'asc' } },
      pilot: { select: { id: true } },
      titleReviews: { orderBy: { createdAt: 'asc' } },
    },
  });
  if (!app) throw new DomainError('not_found');
  assertMayRead(user, app);
  const { version: annexVersion, indicators } = await applicationAnnexForm(deps.db, app);
  // What this reader may see of the record (usecases/visibility.ts): the experts' identities and
  // scores, officers' names and internal steps are not everyone's.
  const audience = audienceOf(user);
  const experts = await expertIdentities(deps.db, app.tasks);
  const ownSeats = new Set(app.tasks.filter((t) => t.assigneeId === user.id).map((t) => t.id));
  const records = visibleRecords(audience, app.events, experts, { ownSeats, userId: user.id });
  const tasks = visibleTasks(audience, app.tasks, user.id);
  const anonymous = audience === 'applicant' || audience === 'panellist';
  const departments = anonymous
    ? await departmentsOf(
        deps.db,
        records.flatMap((r) => (r.anonymous && r.entry.actorId ? [r.entry.actorId] : [])),
        app.tasks.flatMap((t) => (t.departmentId ? [t.departmentId] : [])),
      )
    : undefined;
  const taskDepartment = new Map(app.tasks.map((t) => [t.id, t.departmentId]));
  // Who was told of each event, and when: officers and auditors see every recipient (provincial
  // officers not the experts); an applicant or an expert only the mail addressed to them.
  const mail = (
    await deps.db.notification.findMany({
      where: {
        applicationId: id,
        ...(user.role === 'applicant'
          ? { recipientKind: 'organization', recipientId: app.organizationId }
          : user.role === 'expert'
            ? { recipientKind: 'user', recipientId: user.id }
            : {}),
      },
      select: { eventKey: true, recipientKind: true, recipientId: true, email: true, status: true, sentAt: true },
      orderBy: { id: 'asc' },
    })
  ).filter(
    (n) =>
      audience === 'full' ||
      audience === 'panellist' ||
      !(experts.userIds.has(n.recipientId) || namesAnExpert(n, experts)),
  );
  const told = new Map<string, Omit<(typeof mail)[number], 'eventKey'>[]>();
  for (const { eventKey, ...n } of mail) told.set(eventKey, [...(told.get(eventKey) ?? []), n]);
  const previousSubmission = latestSubmission(records);
  return {
    id: app.id,
    roundId: app.roundId,
    kind: app.kind,
    kindLabel: kindLabel(app.kind),
    provinceCode: app.provinceCode,
    organization: { id: app.organization.id, name: app.organization.name },
    status: app.status,
    statusLabel: statusLabel(app.status),
    outcomeReason: app.outcomeReason,
    score: app.score,
    selectionRank: app.selectionRank,
    /** its place in its unit's recommendation (择优推荐), for the officers and experts who weigh it */
    provincialRank: audience === 'applicant' ? null : app.provincialRank,
    /** the version of its form (domain/annex.ts); an editable draft of an older one shows what maps over */
    annexVersion,
    /** a 申报书's indicators (the rubric of its rules), each to assess itself on: the form needs their names and weights */
    ...(annexVersion === 3 ? { indicators } : {}),
    annex:
      annexVersion === 2 && isEditable(app.status)
        ? upgradeAnnex(app.kind as never, app.annex as Record<string, unknown>)
        : app.annex,
    submissions: app.submissions,
    reviewRound: app.reviewRound,
    workflowId: app.workflowId,
    submittedAt: app.submittedAt,
    previousSubmission,
    /** its pilot (GET /api/pilots/{pilotId}) once selected and started; null before */
    pilotId: app.pilot?.id ?? null,
    /** a demonstration title's periodic reviews and revocation proposals (动态管理), oldest first */
    titleReviews: app.titleReviews.map(({ proposedById, objection, ...r }) =>
      audience === 'applicant' ? r : { ...r, proposedById, objection },
    ),
    createdAt: app.createdAt,
    updatedAt: app.updatedAt,
    tasks:
      audience === 'applicant'
        ? tasks.map((t) => applicantTaskView(t, departments!.of(null, t.departmentId)))
        : tasks.map(taskView),
    history: records.map(({ entry: e, detail, anonymous: hideActor }) => ({
      id: e.id.toString(),
      at: e.at,
      action: e.action,
      // an applicant (or panellist) is told which department acted, never who in it
      ...(hideActor
        ? {
            actorId: null,
            actorRole: e.actorRole,
            department: departments!.of(e.actorId, e.taskId ? (taskDepartment.get(e.taskId) ?? null) : null),
          }
        : { actorId: e.actorId, actorRole: e.actorRole }),
      fromStatus: e.fromStatus,
      toStatus: e.toStatus,
      taskId: e.taskId,
      reason: e.reason,
      detail: detail ?? null,
      told: told.get(e.eventKey) ?? [],
    })),
  };
}

/**
 * The annex as last submitted (the 'submitted' record keeps it, activities/readModel.ts), so a
 * revision can be compared with it. Taken from the records this reader may see, it follows the
 * same rules as the history; null before the first submission.
 */
function latestSubmission(records: readonly { entry: { action: string; at: Date }; detail: unknown }[]) {
  const last = records.findLast((r) => r.entry.action === 'submitted');
  const annex =
    last?.detail && typeof last.detail === 'object' ? (last.detail as { annex?: unknown }).annex : undefined;
  return last && annex && typeof annex === 'object'
    ? { annex: annex as Record<string, unknown>, submittedAt: last.entry.at }
    : null;
}

/** The list's filters (GET /api/applications?status=&roundId=): one value each, nothing else. */
export const applicationListQuery = z.strictObject({
  status: z.string().max(100).optional(),
  roundId: z.string().max(200).optional(),
});

export async function listApplications(deps: UseCaseDeps, user: CurrentUser, rawQuery: unknown) {
  const parsed = applicationListQuery.safeParse(rawQuery ?? {});
  if (!parsed.success) throw new DomainError('invalid_input', fieldErrorsFromZod(parsed.error.issues));
  const query = parsed.data;
  const scope =
    user.role === 'applicant'
      ? { organizationId: user.organizationId ?? '-' }
      : user.role === 'provincial_officer'
        ? { provinceCode: user.provinceCode ?? '-' }
        : user.role === 'expert' || user.role === 'evaluator'
          ? { tasks: { some: { assigneeId: user.id } } }
          : {};
  // A never-submitted draft is listed to its applicant alone.
  const drafts = user.role === 'applicant' ? {} : NOT_UNSUBMITTED_DRAFT;
  const apps = await deps.db.application.findMany({
    where: {
      ...scope,
      ...drafts,
      ...(query.status ? { status: query.status } : {}),
      ...(query.roundId ? { roundId: query.roundId } : {}),
    },
    include: { organization: true },
    orderBy: { createdAt: 'desc' },
    take: 200,
  });
  return apps.map((a) => ({
    id: a.id,
    roundId: a.roundId,
    kind: a.kind,
    provinceCode: a.provinceCode,
    organization: { id: a.organization.id, name: a.organization.name },
    status: a.status,
    statusLabel: statusLabel(a.status),
    submittedAt: a.submittedAt,
    updatedAt: a.updatedAt,
  }));
}

async function loadOwned(deps: UseCaseDeps, user: CurrentUser, id: string) {
  const app = await deps.db.application.findUnique({
    where: { id },
    include: { round: true, organization: { select: { name: true } } },
  });
  if (!app) throw new DomainError('not_found');
  // a never-submitted draft does not exist for anyone but its applicant
  if (!ownsApplication(user, app)) throw new DomainError(isUnsubmittedDraft(app) ? 'not_found' : 'forbidden');
  return app;
}
