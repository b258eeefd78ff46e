// Sending the outbox: each Notification row is sent and marked sent — at least once, never
// knowingly twice. Before sending, an attempt reserves its rows for a lease (notifications/outbox.ts)
// that outlasts the longest it can still send (notifications/mailer.ts): a retry started while it
// still talks to the SMTP server (a heartbeat timeout) finds them held, sends nothing, and fails
// to be retried once the lease is over. A row already sent is skipped; a database that cannot take
// the mark just after the SMTP server accepted the message leaves the mark to the workflow
// (MARK_SENT_APART). Only a worker lost between the server's 250 and the mark sends again — up to a
// batch — and then the Message-ID, derived from the row's id, lets a receiver drop the duplicate.
// SMTP unreachable or a temporary (4xx) refusal fails the attempt for Temporal to retry; a
// permanent (5xx) refusal marks the row failed, for an admin to see.
import { performance } from 'node:perf_hooks';
import { ApplicationFailure, Context } from '@temporalio/activity';
import { mailAttachments } from '../documents/mailAttachments';
import { SEND_DEADLINE_MS, sendWithin } from '../notifications/mailer';
import { releaseMail, renewMail, reserveMail, type MailScope, type ReservedMail } from '../notifications/outbox';
import { appendAudit } from '../platform/audit';
import type { ActivityDeps } from './index';

/** How many of an event's messages are in flight to the SMTP server at once. */
const SENDS_AT_ONCE = 8;

/** Who holds a reservation: this very attempt of this activity. */
export function attemptId(): string {
  const { workflowExecution: run, activityId, attempt } = Context.current().info;
  return `${run ? `${run.workflowId}/${run.runId}` : 'standalone'}/${activityId}#${attempt}`;
}

/** The attempt may not send rows another attempt holds: it fails, to be retried when that reservation ends. */
function heldElsewhereFailure(scope: MailScope, count: number, forMs: number): ApplicationFailure {
  return ApplicationFailure.create({
    type: 'MailReserved',
    message: `${count} message(s) of ${JSON.stringify(scope)} are reserved by another attempt for ${forMs} ms more`,
    nextRetryDelay: forMs + 1_000,
  });
}

/** The deadline of sends started now: `ms` (at most SEND_DEADLINE_MS) after `leaseStart`, taken before the statement that reserved or renewed their rows. */
const deadlineFrom = (leaseStart: number, ms = SEND_DEADLINE_MS) =>
  AbortSignal.timeout(Math.max(0, Math.floor(Math.min(ms, SEND_DEADLINE_MS) - (performance.now() - leaseStart))));

export interface EventMailResult {
  sent: number;
  failed: number;
  /** Accepted by the SMTP server, but the sent mark could not be written: the workflow marks them. */
  accepted: string[];
}

/** What one attempt at an event's mail came to; it never throws for a message the SMTP server did not take. */
export interface EventMailAttempt extends EventMailResult {
  /** The first reason a message was not accepted (SMTP unreachable, a 4xx, the deadline): the rest is pending again. */
  notAccepted?: unknown;
  /** Rows another attempt holds (or took over meanwhile), and for how much longer: pending, but not this attempt's to send. */
  heldElsewhere?: { count: number; forMs: number };
}

/**
 * Sending an event's mail, shared by the delivery workflow's activity and the first send made
 * right after the event commits (activities/notify.ts).
 */
export function createEventMailer({ db, logger, mailer, outbox }: ActivityDeps) {
  const attachmentsOf = mailAttachments(db);
  const markSent = (ids: string[]) =>
    db.notification.updateMany({
      where: { id: { in: ids }, status: 'pending' },
      data: { status: 'sent', sentAt: new Date(), lastError: null, reservedUntil: null },
    });
  /** Best effort: a reservation that cannot be given back simply lapses. */
  const release = (scope: MailScope, holder: string) =>
    releaseMail(db, scope, holder).catch((err) =>
      logger.warn({ scope, err }, 'mail reservation not released; it lapses'),
    );

  /** One message to the SMTP server, aborted at `deadline`: 'sent' once accepted, 'failed' when refused for good; anything else throws. */
  async function send(n: ReservedMail, deadline: AbortSignal): Promise<'sent' | 'failed'> {
    try {
      await sendWithin(
        mailer,
        {
          from: outbox.mailFrom,
          to: n.email,
          subject: n.subject,
          text: n.text,
          html: n.html,
          messageId: n.messageId,
          headers: { 'X-Pilotflow-Event': n.event },
          // rendered now, each attempt alike; the Message-ID stays the row's
          attachments: await attachmentsOf(n),
        },
        deadline,
      );
      return 'sent';
    } catch (err) {
      const e = err as { responseCode?: number; message?: string };
      const reason = deadline.aborted
        ? `no answer within ${SEND_DEADLINE_MS / 1000} s: send aborted`
        : `${e.responseCode ?? ''} ${e.message ?? String(err)}`.trim().slice(0, 500);
      if (e.responseCode && e.responseCode >= 500) {
        await db.$transaction(async (tx) => {
          await tx.notification.update({ where: { id: n.id }, data: { status: 'failed', lastError: reason } });
          await appendAudit(tx, {
            applicationId: n.applicationId ?? undefined,
            roundId: n.roundId ?? undefined,
            eventKey: `${n.id}/failed`,
            action: 'notification_failed',
            reason,
            detail: { to: n.email, event: n.event },
          });
        });
        logger.warn({ notification: n.id, to: n.email, reason }, 'mail refused for good');
        return 'failed';
      }
      await db.notification.update({ where: { id: n.id }, data: { lastError: reason } });
      throw err; // pending: sent again by the delivery workflow, with backoff
    }
  }

  /**
   * Every pending message of one event, SENDS_AT_ONCE at a time. The attempt first reserves the
   * event's pending rows (counting itself on each), and renews its hold before each further batch;
   * each batch's accepted messages are marked sent together, so a worker lost mid-event sends at
   * most one batch again. What was not accepted is given back once every send has settled. When a
   * batch's sent marks cannot be written, it stops there and answers with them (`accepted`).
   */
  async function sendEvent(
    eventKey: string,
    holder: string,
    opts: { deadlineMs: number; settled?: () => void; cancelled?: AbortSignal },
  ): Promise<EventMailAttempt> {
    const scope = { eventKey };
    let leaseStart = performance.now();
    const { rows, heldByOthers, heldForMs } = await reserveMail(db, scope, holder);
    let sent = 0;
    let failed = 0;
    let notAccepted: unknown;
    for (let i = 0; i < rows.length; i += SENDS_AT_ONCE) {
      let batch = rows.slice(i, i + SENDS_AT_ONCE);
      if (i > 0) {
        // timed out and cancelled meanwhile: stop here, a later attempt sends the rest
        if (opts.cancelled?.aborted) {
          notAccepted ??= opts.cancelled.reason ?? new Error('attempt cancelled');
          break;
        }
        leaseStart = performance.now();
        const held = await renewMail(db, scope, holder);
        batch = batch.filter((n) => held.has(n.id));
      }
      const deadline = deadlineFrom(leaseStart, opts.deadlineMs);
      const outcomes = await Promise.allSettled(batch.map((n) => send(n, deadline).finally(() => opts.settled?.())));
      const accepted: string[] = [];
      outcomes.forEach((o, j) => {
        if (o.status === 'rejected') notAccepted ??= o.reason;
        else if (o.value === 'failed') failed++;
        else accepted.push(batch[j].id);
      });
      try {
        if (accepted.length) await markSent(accepted);
      } catch (err) {
        // the rest stays pending (and reserved until the lease lapses): the workflow marks these, then sends it
        logger.warn(
          { event: eventKey, accepted: accepted.length, err },
          'mail accepted by SMTP; its sent marks wait for the database',
        );
        return { sent, failed, accepted };
      }
      sent += accepted.length;
    }
    if (sent) logger.info({ event: eventKey, sent }, 'mail sent');
    if (notAccepted) {
      await release(scope, holder); // every send of this attempt has settled
      return { sent, failed, accepted: [], notAccepted };
    }
    // whatever this attempt held but lost to another before sending it is still pending too
    const lost = rows.length - sent - failed;
    if (heldByOthers || lost)
      return { sent, failed, accepted: [], heldElsewhere: { count: heldByOthers + lost, forMs: heldForMs } };
    return { sent, failed, accepted: [] };
  }

  return { send, markSent, release, sendEvent };
}

export function createDeliveryActivities(deps: ActivityDeps) {
  const { db, logger } = deps;
  const { send, markSent, release, sendEvent } = createEventMailer(deps);

  return {
    /**
     * Every pending message of one event (workflows from MAIL_PER_EVENT on): one activity for the
     * event rather than one per recipient (see sendEvent). When any was not accepted (SMTP
     * unreachable, a 4xx, the deadline), the attempt fails once the rest are sent and marked, and
     * its retry sends only what is still pending. Rows another attempt holds are left to it: this
     * one then fails (MailReserved), to be retried when that reservation has ended.
     */
    async sendEventMail(input: { eventKey: string }): Promise<EventMailResult> {
      const ctx = Context.current();
      const { sent, failed, accepted, notAccepted, heldElsewhere } = await sendEvent(input.eventKey, attemptId(), {
        deadlineMs: SEND_DEADLINE_MS,
        // each settled message is a heartbeat: a worker that died mid-event is noticed in seconds
        settled: () => ctx.heartbeat(),
        cancelled: ctx.cancellationSignal,
      });
      if (notAccepted) throw notAccepted;
      if (heldElsewhere)
        throw heldElsewhereFailure({ eventKey: input.eventKey }, heldElsewhere.count, heldElsewhere.forMs);
      return { sent, failed, accepted };
    },

    /** After sendEventMail answered with accepted messages it could not mark. */
    async markNotificationsSent(input: { ids: string[] }): Promise<void> {
      await markSent(input.ids);
    },

    // Before MAIL_PER_EVENT: one activity per message; kept for the delivery workflows that ran them.
    async pendingNotifications(input: { eventKey: string }): Promise<string[]> {
      const rows = await db.notification.findMany({
        where: { eventKey: input.eventKey, status: 'pending' },
        select: { id: true },
        orderBy: { id: 'asc' },
      });
      return rows.map((r) => r.id);
    },

    /**
     * `markApart` (workflows from MARK_SENT_APART on): when the sent mark cannot be written, the
     * attempt still succeeds, answering 'accepted', and the workflow marks it with
     * markNotificationSent — so no retry of this attempt sends the message again.
     */
    async sendNotification(input: { id: string; markApart?: boolean }): Promise<'sent' | 'failed' | 'accepted'> {
      // The row reserved and the attempt counted in one round trip, if it is still pending and no other attempt holds it.
      const scope = { id: input.id };
      const holder = attemptId();
      const leaseStart = performance.now();
      const { rows, heldByOthers, heldForMs } = await reserveMail(db, scope, holder);
      const n = rows[0];
      if (!n) {
        if (heldByOthers) throw heldElsewhereFailure(scope, heldByOthers, heldForMs);
        const done = await db.notification.findUnique({ where: { id: input.id }, select: { status: true } });
        if (!done)
          throw ApplicationFailure.create({
            type: 'RecordNotFound',
            message: `notification ${input.id} not found`,
            nonRetryable: true,
          });
        return done.status as 'sent' | 'failed';
      }
      let outcome: 'sent' | 'failed';
      try {
        outcome = await send(n, deadlineFrom(leaseStart));
      } catch (err) {
        await release(scope, holder);
        throw err;
      }
      if (outcome === 'failed') return 'failed';
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
