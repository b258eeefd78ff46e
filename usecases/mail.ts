// The mail side for administrators and auditors: the directory of department mailboxes (edited by
// an admin, every change audited), the notifications with their delivery state, and what the
// embedded SMTP sink received.
import crypto from 'node:crypto';
import { z } from 'zod';
import { appendAudit } from '../platform/audit';
import { DomainError, fieldErrorsFromZod } from '../domain/errors';
import { NOTIFICATION_EVENTS } from '../domain/notifications';
import { PROVINCE_CODES } from '../domain/provinces';
import { actorOf } from './access';
import type { CurrentUser, UseCaseDeps } from './context';

export const mailboxSchema = z.strictObject({ email: z.email().max(200) });

export const notificationQuery = z.strictObject({
  status: z.enum(['pending', 'sent', 'failed']).optional(),
  event: z.enum(NOTIFICATION_EVENTS).optional(),
  applicationId: z.string().min(1).optional(),
  roundId: z.string().min(1).optional(),
  email: z.string().min(1).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
});

export const outboxQuery = z.strictObject({
  to: z.string().min(1).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});

export const directoryQuery = z.strictObject({
  level: z.enum(['national', 'provincial']).optional(),
  province: z.enum(PROVINCE_CODES as [string, ...string[]]).optional(),
});

function parse<T>(schema: z.ZodType<T>, input: unknown): T {
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw new DomainError('invalid_input', fieldErrorsFromZod(parsed.error.issues));
  return parsed.data;
}

const readsMail = (user: CurrentUser) => user.role === 'admin' || user.role === 'auditor';

export async function listMailboxes(deps: UseCaseDeps, user: CurrentUser, query: unknown) {
  if (!readsMail(user)) throw new DomainError('forbidden');
  const q = parse(directoryQuery, query);
  return deps.db.department.findMany({
    where: { level: q.level, provinceCode: q.province },
    select: { id: true, level: true, provinceCode: true, nameZh: true, nameEn: true, email: true },
    orderBy: { id: 'asc' },
  });
}

export async function setMailbox(deps: UseCaseDeps, user: CurrentUser, departmentId: string, body: unknown) {
  if (user.role !== 'admin') throw new DomainError('forbidden');
  const { email } = parse(mailboxSchema, body);
  return deps.db.$transaction(async (tx) => {
    const before = await tx.department.findUnique({ where: { id: departmentId } });
    if (!before) throw new DomainError('not_found');
    const after = await tx.department.update({
      where: { id: departmentId },
      data: { email },
      select: { id: true, nameZh: true, nameEn: true, email: true },
    });
    await appendAudit(tx, {
      eventKey: `mailbox/${departmentId}/${crypto.randomUUID()}`,
      action: 'mailbox_changed',
      actor: actorOf(user),
      detail: { departmentId, from: before.email, to: email },
    });
    return after;
  });
}

export async function listNotifications(deps: UseCaseDeps, user: CurrentUser, query: unknown) {
  if (!readsMail(user)) throw new DomainError('forbidden');
  const q = parse(notificationQuery, query);
  return deps.db.notification.findMany({
    where: { status: q.status, event: q.event, applicationId: q.applicationId, roundId: q.roundId, email: q.email },
    select: {
      id: true,
      eventKey: true,
      event: true,
      applicationId: true,
      roundId: true,
      taskId: true,
      recipientKind: true,
      recipientId: true,
      email: true,
      subject: true,
      status: true,
      attempts: true,
      lastError: true,
      lastAttemptAt: true,
      sentAt: true,
      createdAt: true,
    },
    orderBy: [{ createdAt: 'desc' }, { id: 'asc' }],
    take: q.limit,
  });
}

export async function listOutbox(deps: UseCaseDeps, user: CurrentUser, query: unknown) {
  if (user.role !== 'admin') throw new DomainError('forbidden');
  const q = parse(outboxQuery, query);
  const rows = await deps.db.sinkMessage.findMany({
    where: q.to ? { to: { has: q.to } } : {},
    orderBy: { id: 'desc' },
    take: q.limit,
  });
  return rows.map((m) => ({ ...m, id: m.id.toString() }));
}
