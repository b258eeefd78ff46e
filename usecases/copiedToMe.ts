// 知会 (copied to me): the mail the system sent to the user's department or to the user — a task
// given to them, a reminder, an urge, a submission the bodies each receive a copy of — newest first,
// a page at a time, filtered by round and by part of the applicant's name. Each row names its
// event (in both languages), subject, time, and the application and task it is about.
import { z } from 'zod';
import { DomainError, fieldErrorsFromZod } from '../domain/errors';
import { WHO_HEARS_WHAT, type NotificationEvent } from '../domain/notifications';
import { Prisma } from '../generated/prisma/client';
import type { CurrentUser, UseCaseDeps } from './context';

export const copiedQuerySchema = z.strictObject({
  round: z.string().trim().min(1).max(100).optional(),
  /** part of the applicant's name (case-insensitive) */
  applicant: z.string().trim().min(1).max(100).optional(),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
});

interface Row {
  id: string;
  event: string;
  subject: string;
  createdAt: Date;
  status: string;
  applicationId: string | null;
  taskId: string | null;
  roundId: string | null;
  organization: string | null;
  recipientKind: string;
}

export async function copiedToMe(deps: UseCaseDeps, user: CurrentUser, query: unknown) {
  // applicants hear as an organisation, not here
  if (user.role === 'applicant') throw new DomainError('forbidden');
  const parsed = copiedQuerySchema.safeParse(query ?? {});
  if (!parsed.success) throw new DomainError('invalid_input', fieldErrorsFromZod(parsed.error.issues));
  const q = parsed.data;

  // each arm one range of the (recipientKind, recipientId, createdAt) index
  const mine = user.departmentId
    ? Prisma.sql`((n."recipientKind" = 'department' AND n."recipientId" = ${user.departmentId}) OR (n."recipientKind" = 'user' AND n."recipientId" = ${user.id}))`
    : Prisma.sql`(n."recipientKind" = 'user' AND n."recipientId" = ${user.id})`;
  // a notice about an application carries its round through the application
  const round = q.round ? Prisma.sql`AND COALESCE(a."roundId", n."roundId") = ${q.round}` : Prisma.empty;
  const applicant = q.applicant
    ? Prisma.sql`AND o.name ILIKE ${`%${q.applicant.replace(/[\\%_]/g, (c) => `\\${c}`)}%`}`
    : Prisma.empty;
  const from = Prisma.sql`FROM "Notification" n LEFT JOIN "Application" a ON a.id = n."applicationId" LEFT JOIN "Organization" o ON o.id = a."organizationId"
    WHERE ${mine} ${round} ${applicant}`;

  const [rows, [{ total }]] = await Promise.all([
    deps.db.$queryRaw<Row[]>`
      SELECT n.id, n.event, n.subject, n."createdAt", n.status, n."applicationId", n."taskId", COALESCE(a."roundId", n."roundId") AS "roundId", o.name AS organization, n."recipientKind"
      ${from} ORDER BY n."createdAt" DESC, n.id DESC LIMIT ${q.pageSize} OFFSET ${(q.page - 1) * q.pageSize}`,
    deps.db.$queryRaw<{ total: number }[]>`SELECT count(*)::integer AS total ${from}`,
  ]);
  return {
    items: rows.map((r) => ({
      id: r.id,
      event: r.event,
      eventLabel: WHO_HEARS_WHAT[r.event as NotificationEvent]?.subject ?? { zh: r.event, en: r.event },
      subject: r.subject,
      createdAt: r.createdAt.toISOString(),
      status: r.status,
      /** department: sent to the user's department's mailbox; user: to the user */
      to: r.recipientKind,
      applicationId: r.applicationId,
      organization: r.organization,
      taskId: r.taskId,
      roundId: r.roundId,
    })),
    page: q.page,
    pageSize: q.pageSize,
    total,
  };
}
