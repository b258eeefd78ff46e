// `once` with notices: the event's write, its audit record and its outgoing mail (as Notification
// rows) commit together; then the event's delivery workflow is started. With `sendAtOnce` — for
// events no request waits on: tasks opened, reminders and escalations — the activity first sends
// the mail itself, under the same deadline as any send, and the delivery workflow (which retries
// with backoff) takes only what that did not settle: the SMTP server unreachable or slow, rows
// another attempt holds, sent marks the database would not take. A retry of the activity writes
// nothing again but still sends or starts what is pending, so a crash between the commit and the
// mail loses none.
import { Context } from '@temporalio/activity';
import { SEND_DEADLINE_MS } from '../notifications/mailer';
import { hasPendingMail, queueNotices, startDelivery, type Notice } from '../notifications/outbox';
import { once, type Tx } from '../platform/audit';
import { attemptId, createEventMailer } from './delivery';
import type { ActivityDeps } from './index';

export type Notify = (notice: Notice) => void;

/** After a first send the SMTP server did not take, this process leaves its mail to the delivery workflows for a while. */
const SMTP_TROUBLE_MS = 30_000;
let smtpTroubleUntil = 0;

export function createNotifier(deps: ActivityDeps, { sendAtOnce = false } = {}) {
  const { db, logger, outbox } = deps;
  const { sendEvent } = createEventMailer(deps);

  /** Sends the event's pending mail now; answers what is left for the delivery workflow, if anything. */
  async function firstSend(eventKey: string): Promise<{ left: boolean; accepted?: string[] }> {
    // a local activity would hold its workflow task; an SMTP server in trouble, every stage
    if (Context.current().info.isLocal || Date.now() < smtpTroubleUntil) return { left: true };
    try {
      // The send deadline is the delivery's own: a shorter one would abort more sends whose message the
      // server may already hold, each of them sent again.
      const r = await sendEvent(eventKey, `first:${attemptId()}`, { deadlineMs: SEND_DEADLINE_MS });
      if (r.notAccepted) {
        smtpTroubleUntil = Date.now() + SMTP_TROUBLE_MS;
        logger.warn(
          { event: eventKey, err: r.notAccepted },
          'mail not accepted at once; the delivery workflow retries',
        );
      }
      if (r.accepted.length) return { left: true, accepted: r.accepted };
      return { left: Boolean(r.notAccepted || r.heldElsewhere) };
    } catch (err) {
      // nothing was accepted unmarked (sendEvent answers those): the rows are pending, the workflow sends them
      logger.warn({ event: eventKey, err }, 'first send failed; the delivery workflow sends the mail');
      return { left: true };
    }
  }

  return async function onceNotifying(
    eventKey: string,
    write: (tx: Tx, notify: Notify) => Promise<void>,
  ): Promise<boolean> {
    let queued = 0;
    const applied = await once(db, eventKey, async (tx) => {
      const notices: Notice[] = [];
      await write(tx, (n) => notices.push(n));
      queued = await queueNotices(tx, eventKey, notices, outbox);
    });
    // The first attempt knows what it queued; a retry looks (most events send no mail at all).
    if (!(applied ? queued > 0 : await hasPendingMail(db, eventKey))) return applied;
    const { left, accepted } = sendAtOnce ? await firstSend(eventKey) : { left: true };
    if (left) {
      const ctx = Context.current();
      await startDelivery(ctx.client, ctx.info.taskQueue, eventKey, accepted);
    }
    return applied;
  };
}
