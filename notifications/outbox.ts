// The transactional outbox: a notice is resolved to its recipients (who hears what, the mailbox
// directory) and written as one Notification row per recipient inside the transaction of the
// event it tells of. Only after that commit are the rows sent — first by the activity that recorded
// the event, then, for what that left, by the event's delivery workflow — so an event is never
// mailed without being recorded, nor recorded without being mailed (at least once: see README,
// "Notifications"). Before sending, an attempt reserves the rows it will send for a lease
// (reserveMail), so that a retry started while it is still talking to the SMTP server — after a
// heartbeat timeout, say — cannot send the same rows alongside it.
import crypto from 'node:crypto';
import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import type { Tx } from '../platform/audit';
import { Prisma } from '../generated/prisma/client';
import { LEAD_BODY } from '../domain/bodies';
import { leadDepartmentOf } from '../domain/deadlines';
import { WHO_HEARS_WHAT, type Audience, type NotificationEvent } from '../domain/notifications';
import { objectionOfPublicFiler } from '../domain/publicNotice';
import { LEAD_PARTY, provincialDepartmentId } from '../domain/parties';
import type { Db } from '../platform/db';
import { withFinalList } from './finalList';
import { SEND_DEADLINE_MS } from './mailer';
import { renderMessage } from './templates';

export interface Notice {
  event: NotificationEvent;
  applicationId?: string;
  roundId?: string;
  /** the tasks it is about; department, assignee and lead audiences are resolved per task */
  taskIds?: string[];
  /** who hears it, when not the event's own audience (an escalation level's) */
  audience?: Audience[];
  lines?: { zh: string; en: string }[];
  level?: number;
  /** the user who filed the objection the notice is about (the 'filer' audience); public:<objection id> for a member of the public */
  filerId?: string;
  /** the reporting unit whose commerce department hears it (the 'unitCommerce' audience) */
  provinceCode?: string;
}

export interface OutboxSettings {
  publicUrl: string;
  /** the domain of Message-IDs */
  mailDomain: string;
}

interface Recipient {
  /** public: a member of the public, at the address given with their objection (id: the objection's) */
  kind: 'department' | 'user' | 'organization' | 'public';
  id: string;
  email: string;
  taskIds: string[];
}

export const deliveryWorkflowId = (eventKey: string) => `delivery-${eventKey}`;

/** Writes the notices of one event; returns how many messages it queued. Same event key, same rows: a retry adds none. */
export async function queueNotices(
  tx: Tx,
  eventKey: string,
  notices: Notice[],
  settings: OutboxSettings,
): Promise<number> {
  const rows = [];
  const mailboxes = new Map<string, string | undefined>();
  for (const notice of await withFinalList(tx, notices)) {
    const app = notice.applicationId
      ? await tx.application.findUnique({
          where: { id: notice.applicationId },
          select: { id: true, provinceCode: true, organization: { select: { id: true, name: true, email: true } } },
        })
      : null;
    const tasks = notice.taskIds?.length
      ? await tx.task.findMany({
          where: { id: { in: notice.taskIds } },
          include: {
            department: { select: { id: true, email: true } },
            assignee: { select: { id: true, email: true } },
          },
          orderBy: { id: 'asc' },
        })
      : [];
    const recipients = new Map<string, Recipient>();
    const add = (kind: Recipient['kind'], id: string, email: string | null | undefined, taskId?: string) => {
      if (!email) return;
      const key = `${kind}:${id}`;
      const r = recipients.get(key) ?? { kind, id, email, taskIds: [] };
      if (taskId && !r.taskIds.includes(taskId)) r.taskIds.push(taskId);
      recipients.set(key, r);
    };
    const department = async (id: string, taskId?: string) => {
      // one lookup per department, however many of its tasks the notice lists (e.g. a lead's escalation)
      if (!mailboxes.has(id))
        mailboxes.set(id, (await tx.department.findUnique({ where: { id }, select: { email: true } }))?.email);
      add('department', id, mailboxes.get(id), taskId);
    };

    for (const audience of notice.audience ?? WHO_HEARS_WHAT[notice.event].audience) {
      if (audience === 'bodies') {
        for (const body of await tx.department.findMany({
          where: { level: 'national' },
          select: { id: true, email: true },
          orderBy: { id: 'asc' },
        }))
          add('department', body.id, body.email);
      } else if (audience === 'applicant') {
        if (app) add('organization', app.organization.id, app.organization.email);
      } else if (audience === 'provincialCommerce') {
        if (app?.provinceCode) await department(provincialDepartmentId(app.provinceCode, LEAD_PARTY));
      } else if (audience === 'unitCommerce') {
        if (notice.provinceCode) await department(provincialDepartmentId(notice.provinceCode, LEAD_PARTY));
      } else if (audience === 'filer' && objectionOfPublicFiler(notice.filerId)) {
        // a member of the public: only the address they gave
        const id = objectionOfPublicFiler(notice.filerId)!;
        const objection = await tx.objection.findUnique({ where: { id }, select: { filerContact: true } });
        add('public', id, objection?.filerContact);
      } else if (audience === 'filer') {
        // their own mailbox; else their organisation's (an applicant) or their department's (an officer)
        const filer = notice.filerId
          ? await tx.user.findUnique({
              where: { id: notice.filerId },
              select: {
                id: true,
                email: true,
                organization: { select: { id: true, email: true } },
                department: { select: { id: true, email: true } },
              },
            })
          : null;
        if (filer?.email) add('user', filer.id, filer.email);
        else if (filer?.organization) add('organization', filer.organization.id, filer.organization.email);
        else if (filer?.department) add('department', filer.department.id, filer.department.email);
      } else if (audience === 'lead' && !tasks.length) {
        await department(LEAD_BODY);
      } else {
        for (const task of tasks) {
          if (audience === 'department' && task.department)
            add('department', task.department.id, task.department.email, task.id);
          if (audience === 'assignee' && task.assignee) add('user', task.assignee.id, task.assignee.email, task.id);
          if (audience === 'lead')
            await department(
              leadDepartmentOf(task, (p) => provincialDepartmentId(p, LEAD_PARTY), LEAD_BODY),
              task.id,
            );
        }
      }
    }

    // a notice about a round (a countersign, a compilation) names the round as people know it, not by its id
    const round =
      !app && notice.roundId
        ? await tx.round.findUnique({ where: { id: notice.roundId }, select: { nameZh: true } })
        : null;
    for (const r of recipients.values()) {
      const id = `${eventKey}→${r.kind}:${r.id}`;
      const message = renderMessage(
        {
          event: notice.event,
          about: app?.organization.name ?? round?.nameZh ?? notice.roundId,
          applicationId: app?.id,
          tasks: tasks.filter((t) => r.taskIds.includes(t.id) || (r.taskIds.length === 0 && r.kind !== 'organization')),
          lines: notice.lines,
          level: notice.level,
        },
        settings.publicUrl,
      );
      rows.push({
        id,
        eventKey,
        event: notice.event,
        applicationId: notice.applicationId,
        roundId: notice.roundId,
        taskId: r.taskIds.length === 1 ? r.taskIds[0] : null,
        recipientKind: r.kind,
        recipientId: r.id,
        email: r.email,
        ...message,
        messageId: `<${crypto.createHash('sha256').update(id).digest('hex').slice(0, 40)}@${settings.mailDomain}>`,
      });
    }
  }
  if (!rows.length) return 0;
  const { count } = await tx.notification.createMany({ data: rows, skipDuplicates: true });
  return count;
}

/** Whether an event has mail still to send (for a retry, which cannot know what the first attempt queued). */
export async function hasPendingMail(db: Db, eventKey: string): Promise<boolean> {
  return (await db.notification.findFirst({ where: { eventKey, status: 'pending' }, select: { id: true } })) !== null;
}

/**
 * Starts the event's delivery workflow; a second start finds the first. `accepted`: messages the
 * SMTP server took whose sent marks the database would not take, for the workflow to mark first.
 */
export async function startDelivery(
  client: Client,
  taskQueue: string,
  eventKey: string,
  accepted?: string[],
): Promise<void> {
  try {
    await client.workflow.start('deliveryWorkflow', {
      workflowId: deliveryWorkflowId(eventKey),
      taskQueue,
      args: [accepted?.length ? { eventKey, accepted } : { eventKey }],
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
    });
  } catch (err) {
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
  }
}

/**
 * How long a reservation stands: longer than the longest an attempt can still send after taking or
 * renewing it — it measures SEND_DEADLINE_MS from before its reserving statement, while the lease
 * runs from the database's clock once the statement has started — with 10 s to spare for a stalled
 * event loop or a clock that drifts. Another attempt takes a row over only after that.
 */
export const LEASE_MS = SEND_DEADLINE_MS + 10_000;

/** What an attempt needs of a row to send it. */
export interface ReservedMail {
  id: string;
  eventKey: string;
  event: string;
  applicationId: string | null;
  roundId: string | null;
  /** who it is for (the attachments depend on it: documents/mailAttachments.ts) */
  recipientKind: string;
  recipientId: string;
  email: string;
  subject: string;
  text: string;
  html: string;
  messageId: string;
}

export interface Reservation {
  /** the pending rows this attempt now holds (its attempt counted on each), by id */
  rows: ReservedMail[];
  /** pending rows of the scope that another attempt's reservation holds */
  heldByOthers: number;
  /** how long until the last of those reservations ends (ms, by the database's clock) */
  heldForMs: number;
}

/** The rows one reservation covers: an event's (sendEventMail) or one message (sendNotification). */
export type MailScope = { eventKey: string } | { id: string };

const NOW = Prisma.sql`(now() AT TIME ZONE 'UTC')`; // the columns are UTC timestamps without zone
const scopeSql = (scope: MailScope) =>
  'id' in scope ? Prisma.sql`"id" = ${scope.id}` : Prisma.sql`"eventKey" = ${scope.eventKey}`;
const leaseEnd = (leaseMs: number) => Prisma.sql`${NOW} + ${leaseMs}::integer * interval '1 millisecond'`;

/**
 * Reserves, in one statement, every pending row of the scope that no other attempt holds (never
 * reserved, its reservation lapsed, or already this attempt's) for `leaseMs`, counting the attempt
 * on each; and says how many pending rows another attempt still holds, and for how long.
 */
export async function reserveMail(db: Db, scope: MailScope, holder: string, leaseMs = LEASE_MS): Promise<Reservation> {
  const where = scopeSql(scope);
  const rows = await db.$queryRaw<(Partial<ReservedMail> & { heldByOthers: number; heldForMs: number })[]>`
    WITH mine AS (
      UPDATE "Notification"
      SET "reservedBy" = ${holder}, "reservedUntil" = ${leaseEnd(leaseMs)}, "attempts" = "attempts" + 1, "lastAttemptAt" = ${NOW}
      WHERE ${where} AND "status" = 'pending' AND ("reservedUntil" IS NULL OR "reservedUntil" < ${NOW} OR "reservedBy" = ${holder})
      RETURNING "id", "eventKey", "event", "applicationId", "roundId", "recipientKind", "recipientId", "email", "subject", "text", "html", "messageId"
    ), held AS (
      SELECT count(*)::integer AS "heldByOthers",
             GREATEST(0, COALESCE(CEIL(EXTRACT(EPOCH FROM (MAX("reservedUntil") - ${NOW})) * 1000), 0))::integer AS "heldForMs"
      FROM "Notification"
      WHERE ${where} AND "status" = 'pending' AND "id" NOT IN (SELECT "id" FROM mine)
    )
    SELECT mine.*, held."heldByOthers", held."heldForMs" FROM held LEFT JOIN mine ON true`;
  return {
    rows: rows
      .filter((r) => r.id)
      .map(({ heldByOthers: _n, heldForMs: _ms, ...r }) => r as ReservedMail)
      .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)),
    heldByOthers: rows[0]?.heldByOthers ?? 0,
    heldForMs: rows[0]?.heldForMs ?? 0,
  };
}

/** Extends this attempt's reservation of the event's rows it still holds; returns their ids (a row another attempt took over is not among them). */
export async function renewMail(db: Db, scope: MailScope, holder: string, leaseMs = LEASE_MS): Promise<Set<string>> {
  const rows = await db.$queryRaw<{ id: string }[]>`
    UPDATE "Notification" SET "reservedUntil" = ${leaseEnd(leaseMs)}
    WHERE ${scopeSql(scope)} AND "status" = 'pending' AND "reservedBy" = ${holder}
    RETURNING "id"`;
  return new Set(rows.map((r) => r.id));
}

/** Gives back the rows this attempt holds and did not send — only once none of its sends is still in flight. */
export async function releaseMail(db: Db, scope: MailScope, holder: string): Promise<void> {
  await db.notification.updateMany({
    where: { ...scope, status: 'pending', reservedBy: holder },
    data: { reservedBy: null, reservedUntil: null },
  });
}
