// Delivering one event's mail (see notifications/outbox.ts): every message recorded for the event
// is sent, each retried with backoff for as long as SMTP is unreachable — visible meanwhile as a
// pending Notification with its attempts and last error.
import { proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../activities';

const { pendingNotifications } = proxyActivities<Activities>({ startToCloseTimeout: '30 seconds', retry: { maximumInterval: '1 minute' } });
const { sendNotification } = proxyActivities<Activities>({
  // the mailer's own timeouts (notifications/mailer.ts) end a hung attempt well before this
  startToCloseTimeout: '20 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '2 minutes', nonRetryableErrorTypes: ['RecordNotFound'] },
});

export async function deliveryWorkflow(input: { eventKey: string }): Promise<{ sent: number; failed: number }> {
  const ids = await pendingNotifications(input);
  const results = await Promise.all(ids.map((id) => sendNotification({ id })));
  return { sent: results.filter((r) => r === 'sent').length, failed: results.filter((r) => r === 'failed').length };
}
