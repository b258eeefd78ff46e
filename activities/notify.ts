// `once` with notices: the event's write, its audit record and its outgoing mail (as Notification
// rows) commit together; then the event's delivery workflow is started. A retry of the activity
// writes nothing again but still starts the delivery, so a crash between the two loses no mail.
import { Context } from '@temporalio/activity';
import { hasPendingMail, queueNotices, startDelivery, type Notice } from '../notifications/outbox';
import { once, type Tx } from '../platform/audit';
import type { ActivityDeps } from './index';

export type Notify = (notice: Notice) => void;

export function createNotifier({ db, outbox }: ActivityDeps) {
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
    if (applied ? queued > 0 : await hasPendingMail(db, eventKey)) {
      const ctx = Context.current();
      await startDelivery(ctx.client, ctx.info.taskQueue, eventKey);
    }
    return applied;
  };
}
