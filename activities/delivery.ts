// Sending the outbox: each Notification row is sent once and marked sent. A row already sent is
// skipped, so a retried attempt sends nothing twice; its Message-ID is derived from its id, so
// even a crash between the SMTP server's acceptance and the mark leaves a duplicate a receiver
// recognises. SMTP unreachable or a temporary (4xx) refusal fails the attempt for Temporal to
// retry; a permanent (5xx) refusal marks the row failed, for an admin to see.
import { ApplicationFailure } from '@temporalio/activity';
import { appendAudit } from './audit';
import type { ActivityDeps } from './index';

export function createDeliveryActivities({ db, logger, mailer, outbox }: ActivityDeps) {
  return {
    async pendingNotifications(input: { eventKey: string }): Promise<string[]> {
      const rows = await db.notification.findMany({ where: { eventKey: input.eventKey, status: 'pending' }, select: { id: true }, orderBy: { id: 'asc' } });
      return rows.map((r) => r.id);
    },

    async sendNotification(input: { id: string }): Promise<'sent' | 'failed'> {
      const n = await db.notification.findUnique({ where: { id: input.id } });
      if (!n) throw ApplicationFailure.create({ type: 'RecordNotFound', message: `notification ${input.id} not found`, nonRetryable: true });
      if (n.status !== 'pending') return n.status as 'sent' | 'failed';
      await db.notification.update({ where: { id: n.id }, data: { attempts: { increment: 1 }, lastAttemptAt: new Date() } });
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
      await db.notification.update({ where: { id: n.id }, data: { status: 'sent', sentAt: new Date(), lastError: null } });
      logger.info({ notification: n.id, event: n.event, to: n.email }, 'mail sent');
      return 'sent';
    },
  };
}
