// An objection (异议) from a member of the public, without an account, during a round's public
// notice: their name, an e-mail address, the applicant objected to and the reasons. Throttled per
// client address and per e-mail address (usecases/publicObjectionThrottle.ts). It goes to the
// selection workflow as the same `fileObjection` Update as an officer's, its actor
// `public:<objection id>` (domain/publicNotice.ts), so the workflow records it and tells MOFCOM as
// for anyone; MOFCOM resolves it as any other (usecases/objections.ts), and the resolution is mailed
// to the address given (notifications/outbox.ts, the 'filer' audience).
//
// The filer's name, address and receipt code are written before the Update (PublicFiler, never in the
// workflow's history); the activity that records the filing moves them onto the objection and queues
// the receipt in the same transaction, so a filed objection always has its receipt on the way.
import crypto from 'node:crypto';
import { z } from 'zod';
import { DomainError, fieldErrorsFromZod } from '../domain/errors';
import {
  OBJECTION_STATUS_LABELS,
  PUBLIC_FILER_ROLE,
  publicFilerId,
  type ObjectionStatus,
} from '../domain/publicNotice';
import { selectedIds, type Proposal } from '../domain/selection';
import { signedUpdate } from '../platform/actorSignature';
import { fileObjectionUpdate, selectionWorkflowId, type Actor } from '../shared/definitions';
import type { UseCaseDeps } from './context';
import { countObjectionAttempt } from './publicObjectionThrottle';
import { fromTemporal } from './temporalErrors';

export const publicObjectionSchema = z.strictObject({
  applicationId: z.string().trim().min(1).max(200),
  name: z.string().trim().min(1).max(100),
  email: z.email().max(254),
  reason: z.string().trim().min(1).max(5000),
});

/** Twelve characters without look-alikes (no 0/O, 1/I/L), in three groups: read out on the phone. */
const RECEIPT_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
function newReceiptCode(): string {
  const chars = [...crypto.randomBytes(12)].map((b) => RECEIPT_ALPHABET[b % RECEIPT_ALPHABET.length]);
  return [0, 4, 8].map((i) => chars.slice(i, i + 4).join('')).join('-');
}

const notListed = () =>
  new DomainError('invalid_input', [
    {
      field: 'applicationId',
      code: 'not_listed',
      message: { zh: '该申报不在公示名单中', en: 'This application is not on the list under notice' },
    },
  ]);

/** POST /api/public/rounds/:id/objections → the objection's id, its receipt code and its status. */
export async function filePublicObjection(deps: UseCaseDeps, roundId: string, body: unknown, address?: string) {
  const parsed = publicObjectionSchema.safeParse(body);
  if (!parsed.success) throw new DomainError('invalid_input', fieldErrorsFromZod(parsed.error.issues));
  const { applicationId, name, email, reason } = parsed.data;
  await countObjectionAttempt(deps.db, address, email);

  const selection = await deps.db.selection.findUnique({ where: { roundId } });
  if (!selection && !(await deps.db.round.findUnique({ where: { id: roundId }, select: { id: true } })))
    throw new DomainError('not_found');
  if (selection?.status !== 'public_notice') throw new DomainError('no_public_notice');
  if (!selectedIds(selection.proposal as unknown as Proposal).includes(applicationId)) throw notListed();

  const objectionId = crypto.randomUUID();
  const receiptCode = newReceiptCode();
  await deps.db.publicFiler.create({ data: { objectionId, name, email, receiptCode } });
  const actor: Actor = { userId: publicFilerId(objectionId), username: 'public', role: PUBLIC_FILER_ROLE };
  const workflowId = selectionWorkflowId(roundId);
  try {
    await deps.temporal.workflow.getHandle(workflowId).executeUpdate(fileObjectionUpdate, {
      ...signedUpdate(
        workflowId,
        fileObjectionUpdate,
        { objectionId, applicationId, reason, actor },
        `objection:${objectionId}`,
      ),
    });
  } catch (err) {
    const refused = fromTemporal(err, 'no_public_notice');
    // refused, nothing was filed: the filer's details go. Unanswered (503), the Update may yet be taken: they stay.
    if (refused instanceof DomainError && refused.code !== 'unavailable')
      await deps.db.publicFiler.deleteMany({ where: { objectionId } });
    throw refused;
  }
  deps.logger.info({ roundId, objectionId }, 'public objection filed');
  return { id: objectionId, roundId, applicationId, receiptCode, status: 'open' };
}

const RECEIPT_PATTERN = /^[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}$/;

/**
 * GET /api/public/objections/:code: where an objection filed by the public stands, for whoever holds
 * its receipt code (12 random characters: not guessable) — its status and MOFCOM's resolution; never
 * the filer's name or address.
 */
export async function objectionByReceipt(deps: UseCaseDeps, code: string) {
  const receiptCode = code.trim().toUpperCase();
  if (!RECEIPT_PATTERN.test(receiptCode))
    throw new DomainError('invalid_input', [
      {
        field: 'code',
        code: 'invalid_format',
        message: { zh: '回执编号格式应为 XXXX-XXXX-XXXX', en: 'A receipt code looks like XXXX-XXXX-XXXX' },
      },
    ]);
  const objection = await deps.db.objection.findUnique({ where: { receiptCode } });
  if (!objection) throw new DomainError('not_found');
  const applicant = await deps.db.application.findUnique({
    where: { id: objection.applicationId },
    select: { organization: { select: { name: true } } },
  });
  return {
    receiptCode,
    roundId: objection.roundId,
    applicationId: objection.applicationId,
    applicant: applicant?.organization.name ?? null,
    status: objection.status,
    statusLabel: OBJECTION_STATUS_LABELS[objection.status as ObjectionStatus],
    createdAt: objection.createdAt.toISOString(),
    resolution: objection.resolution,
    resolvedAt: objection.resolvedAt?.toISOString() ?? null,
  };
}
