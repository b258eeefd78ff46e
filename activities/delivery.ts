// Sending the outbox: each Notification row is sent once and marked sent. A row already sent is
// skipped, so a retried attempt sends nothing twice; a database that cannot take the mark just
// after the SMTP server accepted the message leaves the mark to the workflow (MARK_SENT_APART);
// only a worker crashing in that instant sends again, and then the Message-ID, derived from the
// row's id, lets a receiver recognise the duplicate. SMTP unreachable or a temporary (4xx) refusal fails the attempt for Temporal to
// retry; a permanent (5xx) refusal marks the row failed, for an admin to see.
import { ApplicationFailure } from '@temporalio/activity';
import { appendAudit } from './audit';
import type { ActivityDeps } from './index';

export function createDeliveryActivities({ db, logger, mailer, outbox }: ActivityDeps) {
  const markSent = (id: string) => db.notification.updateMany({ where: { id, status: 'pending' }, data: { status: 'sent', sentAt: new Date(), lastError: null } });
  return {
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
      try {
        await mailer.sendMail({ from: outbox.mailFrom, to: n.email, subject: n.subject, text: n.text, html: n.html, messageId: n.messageId, headers: { 'X-Pilotflow-Event': n.event } });
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
      try {
        await markSent(n.id);
      } catch (err) {
        if (!input.markApart) throw err;
        logger.warn({ notification: n.id, err }, 'mail accepted by SMTP; its sent mark waits for the database');
        return 'accepted';
      }
      logger.info({ notification: n.id, event: n.event, to: n.email }, 'mail sent');
      return 'sent';
    },

    async markNotificationSent(input: { id: string }): Promise<void> {
      await markSent(input.id);
    },
  };
}
