// Sending the outbox: each Notification row is sent once and marked sent. A row already sent is
// skipped, so a retried attempt sends nothing twice; a database that cannot take the mark just
// after the SMTP server accepted the message leaves the mark to the workflow (MARK_SENT_APART);
// only a worker crashing in that instant sends again, and then the Message-ID, derived from the
// row's id, lets a receiver recognise the duplicate. SMTP unreachable or a temporary (4xx)
// refusal fails the attempt for Temporal to retry; a permanent (5xx) refusal marks the row
// failed, for an admin to see.
import { ApplicationFailure, Context } from '@temporalio/activity';
import type { Notification } from '../generated/prisma/client';
import { appendAudit } from './audit';
import type { ActivityDeps } from './index';

/** How many of an event's messages are in flight to the SMTP server at once. */
const SENDS_AT_ONCE = 8;

export interface EventMailResult {
  sent: number;
  failed: number;
  /** Accepted by the SMTP server, but the sent mark could not be written: the workflow marks them. */
  accepted: string[];
}

export function createDeliveryActivities({ db, logger, mailer, outbox }: ActivityDeps) {
  const markSent = (ids: string[]) => db.notification.updateMany({ where: { id: { in: ids }, status: 'pending' }, data: { status: 'sent', sentAt: new Date(), lastError: null } });

  /** One message to the SMTP server: 'sent' once accepted, 'failed' when refused for good; anything else throws. */
  async function send(n: Notification): Promise<'sent' | 'failed'> {
    try {
      await mailer.sendMail({ from: outbox.mailFrom, to: n.email, subject: n.subject, text: n.text, html: n.html, messageId: n.messageId, headers: { 'X-Pilotflow-Event': n.event } });
      return 'sent';
    } catch (err) {
      const e = err as { responseCode?: number; message?: string };
      const reason = `${e.responseCode ?? ''} ${e.message ?? String(err)}`.trim().slice(0, 500);
      if (e.responseCode && e.responseCode >= 500) {
        await db.$transaction(async (tx) => {
          await tx.notification.update({ where: { id: n.id }, data: { status: 'failed', lastError: reason } });
          await appendAudit(tx, { applicationId: n.applicationId ?? undefined, roundId: n.roundId ?? undefined, eventKey: `${n.id}/failed`, action: 'notification_failed', reason, detail: { to: n.email, event: n.event } });
        });
        logger.warn({ notification: n.id, to: n.email, reason }, 'mail refused for good');
        return 'failed';
      }
      await db.notification.update({ where: { id: n.id }, data: { lastError: reason } });
      throw err; // retried with backoff by the delivery workflow's policy
    }
  }

  return {
    /**
     * Every pending message of one event (workflows from MAIL_PER_EVENT on), SENDS_AT_ONCE at a
     * time: one activity for the event rather than one per recipient. The attempt is counted on
     * all of them in one statement; each batch's accepted messages are marked sent together, so a
     * worker lost mid-event sends at most one batch again. When any was not accepted (SMTP
     * unreachable, a 4xx), the attempt fails once the rest are sent and marked, and its retry sends
     * only what is still pending.
     */
    async sendEventMail(input: { eventKey: string }): Promise<EventMailResult> {
      const where = { eventKey: input.eventKey, status: 'pending' };
      await db.notification.updateMany({ where, data: { attempts: { increment: 1 }, lastAttemptAt: new Date() } });
      const rows = await db.notification.findMany({ where, orderBy: { id: 'asc' } });
      let sent = 0;
      let failed = 0;
      let notAccepted: unknown;
      for (let i = 0; i < rows.length; i += SENDS_AT_ONCE) {
        const batch = rows.slice(i, i + SENDS_AT_ONCE);
        // each settled message is a heartbeat: a worker that died mid-event is noticed in seconds
        const outcomes = await Promise.allSettled(batch.map((n) => send(n).finally(() => Context.current().heartbeat())));
        const accepted: string[] = [];
        outcomes.forEach((o, j) => {
          if (o.status === 'rejected') notAccepted ??= o.reason;
          else if (o.value === 'failed') failed++;
          else accepted.push(batch[j].id);
        });
        try {
          if (accepted.length) await markSent(accepted);
        } catch (err) {
          // the rest stays pending: the workflow marks these, then sends it
          logger.warn({ event: input.eventKey, accepted: accepted.length, err }, 'mail accepted by SMTP; its sent marks wait for the database');
          return { sent, failed, accepted };
        }
        sent += accepted.length;
      }
      if (sent) logger.info({ event: input.eventKey, sent }, 'mail sent');
      if (notAccepted) throw notAccepted;
      return { sent, failed, accepted: [] };
    },

    /** After sendEventMail answered with accepted messages it could not mark. */
    async markNotificationsSent(input: { ids: string[] }): Promise<void> {
      await markSent(input.ids);
    },

    // Before MAIL_PER_EVENT: one activity per message; kept for the delivery workflows that ran them.
    async pendingNotifications(input: { eventKey: string }): Promise<string[]> {
      const rows = await db.notification.findMany({ where: { eventKey: input.eventKey, status: 'pending' }, select: { id: true }, orderBy: { id: 'asc' } });
      return rows.map((r) => r.id);
    },

    /**
     * `markApart` (workflows from MARK_SENT_APART on): when the sent mark cannot be written, the
     * attempt still succeeds, answering 'accepted', and the workflow marks it with
     * markNotificationSent — so no retry of this attempt sends the message again.
     */
    async sendNotification(input: { id: string; markApart?: boolean }): Promise<'sent' | 'failed' | 'accepted'> {
      // The attempt is counted and the row read in one round trip, if it is still pending.
      const n = await db.notification
        .update({ where: { id: input.id, status: 'pending' }, data: { attempts: { increment: 1 }, lastAttemptAt: new Date() } })
        .catch((err) => {
          if ((err as { code?: string }).code === 'P2025') return undefined; // no pending row of that id
          throw err;
        });
      if (!n) {
        const done = await db.notification.findUnique({ where: { id: input.id }, select: { status: true } });
        if (!done) throw ApplicationFailure.create({ type: 'RecordNotFound', message: `notification ${input.id} not found`, nonRetryable: true });
        return done.status as 'sent' | 'failed';
      }
      if ((await send(n)) === 'failed') return 'failed';
      try {
        await markSent([n.id]);
      } catch (err) {
        if (!input.markApart) throw err;
        logger.warn({ notification: n.id, err }, 'mail accepted by SMTP; its sent mark waits for the database');
        return 'accepted';
      }
      logger.info({ notification: n.id, event: n.event, to: n.email }, 'mail sent');
      return 'sent';
    },

    async markNotificationSent(input: { id: string }): Promise<void> {
      await markSent([input.id]);
    },
  };
}
