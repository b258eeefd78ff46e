// Delivering one event's mail (see notifications/outbox.ts) that its first send, in the activity
// that recorded the event, did not settle: every message still pending is sent, retried with
// backoff for as long as SMTP is unreachable — visible meanwhile as a pending Notification with its
// attempts and last error.
import { patched, proxyActivities, type RetryPolicy } from '@temporalio/workflow';
import type { Activities } from '../activities';
import { PERSIST } from './activityOptions';
import { MAIL_PER_EVENT, MARK_SENT_APART } from './patches';

const SMTP_RETRY: RetryPolicy = {
  initialInterval: '1 second',
  backoffCoefficient: 2,
  maximumInterval: '2 minutes',
  nonRetryableErrorTypes: ['RecordNotFound'],
};
const { pendingNotifications } = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { maximumInterval: '1 minute' },
});
// The mailer's own timeouts (notifications/mailer.ts) end a hung attempt well before these.
const { sendNotification } = proxyActivities<Activities>({ startToCloseTimeout: '20 seconds', retry: SMTP_RETRY });
const { sendEventMail } = proxyActivities<Activities>({
  startToCloseTimeout: '5 minutes',
  heartbeatTimeout: '20 seconds',
  retry: SMTP_RETRY,
});

// Once the SMTP server has accepted a message, the history holds that fact: marking it sent may
// wait for the database as long as it takes, and never sends it again.
const { markNotificationSent, markNotificationsSent } = proxyActivities<Activities>(PERSIST);

/**
 * `accepted`: taken by the SMTP server at the event's first send, but not marked sent; marked here
 * first. No patch: a workflow started before there was a first send has none in its input, so its
 * history replays the same commands (test/histories/v19-first-send has one with them).
 */
export async function deliveryWorkflow(input: {
  eventKey: string;
  accepted?: string[];
}): Promise<{ sent: number; failed: number }> {
  if (patched(MAIL_PER_EVENT)) return deliverTogether(input.eventKey, input.accepted ?? []);
  const ids = await pendingNotifications(input);
  const markApart = patched(MARK_SENT_APART);
  const send = async (id: string) => {
    const result = await sendNotification({ id, markApart });
    if (result !== 'accepted') return result;
    await markNotificationSent({ id });
    return 'sent';
  };
  const results = await Promise.all(ids.map(send));
  return { sent: results.filter((r) => r === 'sent').length, failed: results.filter((r) => r === 'failed').length };
}

/** The event's mail in one activity; what it could not mark is marked here, and the rest sent again. */
async function deliverTogether(eventKey: string, acceptedFirst: string[]): Promise<{ sent: number; failed: number }> {
  const total = { sent: acceptedFirst.length, failed: 0 };
  if (acceptedFirst.length) await markNotificationsSent({ ids: acceptedFirst });
  for (;;) {
    const { sent, failed, accepted } = await sendEventMail({ eventKey });
    total.sent += sent + accepted.length;
    total.failed += failed;
    if (!accepted.length) return total;
    await markNotificationsSent({ ids: accepted });
  }
}
