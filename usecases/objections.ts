// Objections (异议) during a round's public notice (公示): anyone logged in but an auditor (who only
// reads) files one against an applicant on the list, with a reason (a member of the public without
// an account: usecases/publicObjection.ts); MOFCOM upholds or dismisses it. Both go to the round's selection workflow as Updates (workflows/publicNotice.ts), whose
// validators have the final word; the checks here answer the common refusals before Temporal is asked.
//
// Idempotency: the API generates the objection's id and sends it as the Update's id, so a retry of
// the same call inside the client is answered once; with an `Idempotency-Key` header the id is
// derived from the user, the round and the key, so a client's retried request files nothing twice.
import { z } from 'zod';
import { isLeadOfficer, mayFileObjection } from '../domain/actorRules';
import { LEAD_BODY } from '../domain/bodies';
import { DomainError, fieldErrorsFromZod } from '../domain/errors';
import {
  NOTICE_PHASE_LABELS,
  objectionOfPublicFiler,
  OBJECTION_OUTCOMES,
  OBJECTION_STATUS_LABELS,
  type NoticePhase,
  type NoticeSnapshot,
  type ObjectionStatus,
} from '../domain/publicNotice';
import { selectedIds, type Proposal } from '../domain/selection';
import { fileObjectionUpdate, resolveObjectionUpdate, selectionWorkflowId } from '../shared/definitions';
import { actorOf } from './access';
import { signedUpdate } from '../platform/actorSignature';
import { keyedId } from '../platform/keyedId';
import type { CurrentUser, UseCaseDeps } from './context';
import { fromTemporal } from './temporalErrors';

const text = z.string().trim().min(1).max(5000);
export const fileObjectionSchema = z.strictObject({ applicationId: z.string().trim().min(1).max(200), reason: text });
export const resolveObjectionSchema = z.strictObject({
  outcome: z.enum(OBJECTION_OUTCOMES as [string, ...string[]]),
  reason: text,
});

/** Officers, auditors and admins read every objection of a round; anyone else only their own. */
const readsAll = (user: CurrentUser) =>
  ['provincial_officer', 'national_officer', 'auditor', 'admin'].includes(user.role);

type ObjectionRow = {
  id: string;
  roundId: string;
  applicationId: string;
  filedById: string;
  filerName: string | null;
  filerContact: string | null;
  reason: string;
  status: string;
  resolvedById: string | null;
  resolution: string | null;
  createdAt: Date;
  resolvedAt: Date | null;
};

/** Whose eyes a public filer's e-mail address is for: MOFCOM, which resolves and answers, auditors and admins. */
export const seesFilerContact = (user: CurrentUser) =>
  isLeadOfficer(user) || user.role === 'auditor' || user.role === 'admin';

async function objectionViews(deps: UseCaseDeps, rows: ObjectionRow[], withContact = false) {
  const ids = [
    ...new Set(rows.flatMap((r) => [r.filedById, r.resolvedById].filter((id): id is string => id !== null))),
  ];
  const users = new Map(
    (
      await deps.db.user.findMany({
        where: { id: { in: ids } },
        select: { id: true, username: true, displayName: true },
      })
    ).map((u) => [u.id, u]),
  );
  const person = (id: string | null) => (id ? (users.get(id) ?? { id, username: id, displayName: id }) : null);
  return rows.map((r) => ({
    id: r.id,
    roundId: r.roundId,
    applicationId: r.applicationId,
    reason: r.reason,
    status: r.status,
    statusLabel: OBJECTION_STATUS_LABELS[r.status as ObjectionStatus],
    // a member of the public (usecases/publicObjection.ts): the name they gave; the address only for MOFCOM to reach them
    filedBy: objectionOfPublicFiler(r.filedById)
      ? { id: r.filedById, username: 'public', displayName: r.filerName ?? '' }
      : person(r.filedById),
    publicFiler: objectionOfPublicFiler(r.filedById)
      ? { name: r.filerName, email: withContact ? r.filerContact : null }
      : null,
    createdAt: r.createdAt,
    resolution: r.resolution,
    resolvedBy: person(r.resolvedById),
    resolvedAt: r.resolvedAt,
  }));
}

export async function fileObjection(
  deps: UseCaseDeps,
  user: CurrentUser,
  roundId: string,
  body: unknown,
  idempotencyKey?: string,
) {
  // Auditors read everything and change nothing: an objection is a party's act in the process.
  if (!mayFileObjection(user)) throw new DomainError('forbidden');
  const parsed = fileObjectionSchema.safeParse(body);
  if (!parsed.success) throw new DomainError('invalid_input', fieldErrorsFromZod(parsed.error.issues));
  const { applicationId, reason } = parsed.data;
  const selection = await deps.db.selection.findUnique({ where: { roundId } });
  if (!selection && !(await deps.db.round.findUnique({ where: { id: roundId }, select: { id: true } })))
    throw new DomainError('not_found');
  if (selection?.status !== 'public_notice') throw new DomainError('no_public_notice');
  if (!selectedIds(selection.proposal as unknown as Proposal).includes(applicationId)) {
    throw new DomainError('invalid_input', [
      {
        field: 'applicationId',
        code: 'not_listed',
        message: { zh: '该申报不在公示名单中', en: 'This application is not on the list under notice' },
      },
    ]);
  }
  // same user, round and key → same objection
  const objectionId = keyedId(['objection', user.id, roundId], idempotencyKey);
  try {
    await deps.temporal.workflow.getHandle(selectionWorkflowId(roundId)).executeUpdate(fileObjectionUpdate, {
      ...signedUpdate(
        selectionWorkflowId(roundId),
        fileObjectionUpdate,
        { objectionId, applicationId, reason, actor: actorOf(user) },
        `objection:${objectionId}`,
      ),
    });
  } catch (err) {
    throw fromTemporal(err, 'no_public_notice');
  }
  const [view] = await objectionViews(deps, [
    await deps.db.objection.findUniqueOrThrow({ where: { id: objectionId } }),
  ]);
  return view;
}

export async function listObjections(deps: UseCaseDeps, user: CurrentUser, roundId: string) {
  if (!(await deps.db.round.findUnique({ where: { id: roundId }, select: { id: true } })))
    throw new DomainError('not_found');
  const rows = await deps.db.objection.findMany({
    where: { roundId, ...(readsAll(user) ? {} : { filedById: user.id }) },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
  });
  return objectionViews(deps, rows, seesFilerContact(user));
}

export async function resolveObjection(
  deps: UseCaseDeps,
  user: CurrentUser,
  objectionId: string,
  body: unknown,
  idempotencyKey?: string,
) {
  if (user.role !== 'national_officer' || user.departmentId !== LEAD_BODY) throw new DomainError('forbidden');
  const parsed = resolveObjectionSchema.safeParse(body);
  if (!parsed.success) throw new DomainError('invalid_input', fieldErrorsFromZod(parsed.error.issues));
  const objection = await deps.db.objection.findUnique({ where: { id: objectionId } });
  if (!objection) throw new DomainError('not_found');
  if (objection.status !== 'open') throw new DomainError('already_resolved');
  try {
    await deps.temporal.workflow
      .getHandle(selectionWorkflowId(objection.roundId))
      .executeUpdate(resolveObjectionUpdate, {
        ...signedUpdate(
          selectionWorkflowId(objection.roundId),
          resolveObjectionUpdate,
          {
            objectionId,
            outcome: parsed.data.outcome as 'uphold' | 'dismiss',
            reason: parsed.data.reason,
            actor: actorOf(user),
          },
          idempotencyKey ? `objection:${objectionId}/resolve:${idempotencyKey}` : undefined,
        ),
      });
  } catch (err) {
    throw fromTemporal(err, 'no_public_notice');
  }
  const [view] = await objectionViews(
    deps,
    [await deps.db.objection.findUniqueOrThrow({ where: { id: objectionId } })],
    true,
  );
  return view;
}

const NOTICE_ACTIONS = ['public_notice_opened', 'public_notice_changed', 'public_notice_period_ended'];

/**
 * The round's public notice as its records tell it (null: the round has none, or it has not
 * opened): the list under notice with each applicant's window, who was removed, the period's end,
 * its phase, and the objections. Read from the records rather than the clock, so the phase is
 * what the workflow saw (its timer, not this server's time, ends the period).
 */
export async function noticeOf(deps: UseCaseDeps, roundId: string, selectionStatus: string, withContact = false) {
  const records = await deps.db.auditEvent.findMany({
    where: { roundId, action: { in: NOTICE_ACTIONS } },
    orderBy: { id: 'asc' },
    select: { action: true, detail: true },
  });
  let snapshot: NoticeSnapshot | undefined;
  const ended = new Set<string>();
  for (const r of records) {
    const detail = r.detail as { notice?: NoticeSnapshot; endsAt?: string };
    if (r.action === 'public_notice_period_ended') ended.add(detail.endsAt!);
    else snapshot = detail.notice;
  }
  if (!snapshot) return null;
  const phase: NoticePhase =
    selectionStatus === 'published' ? 'final' : ended.has(snapshot.endsAt) ? 'awaiting_resolution' : 'open';
  const objections = await objectionViews(
    deps,
    await deps.db.objection.findMany({ where: { roundId }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] }),
    withContact,
  );
  return { ...snapshot, phase, phaseLabel: NOTICE_PHASE_LABELS[phase], objections };
}
