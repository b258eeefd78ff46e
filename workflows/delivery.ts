// Delivering one event's mail (see notifications/outbox.ts): every message recorded for the event
// is sent, each retried with backoff for as long as SMTP is unreachable — visible meanwhile as a
// pending Notification with its attempts and last error.
import { patched, proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../activities';
import { PERSIST } from './activityOptions';
import { MARK_SENT_APART } from './patches';

const { pendingNotifications } = proxyActivities<Activities>({ startToCloseTimeout: '30 seconds', retry: { maximumInterval: '1 minute' } });
const { sendNotification } = proxyActivities<Activities>({
  // the mailer's own timeouts (notifications/mailer.ts) end a hung attempt well before this
  startToCloseTimeout: '20 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '2 minutes', nonRetryableErrorTypes: ['RecordNotFound'] },
});

// Once the SMTP server has accepted a message, the history holds that fact: marking it sent may
// wait for the database as long as it takes, and never sends it again.
const { markNotificationSent } = proxyActivities<Activities>(PERSIST);

export async function deliveryWorkflow(input: { eventKey: string }): Promise<{ sent: number; failed: number }> {
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
