// `once` with notices: the event's write, its audit record and its outgoing mail (as Notification
// rows) commit together; then the event's delivery workflow is started. A retry of the activity
// writes nothing again but still starts the delivery, so a crash between the two loses no mail.
import { Context } from '@temporalio/activity';
import { queueNotices, startDelivery, type Notice } from '../notifications/outbox';
import { once, type Tx } from './audit';
import type { ActivityDeps } from './index';

export type Notify = (notice: Notice) => void;

export function createNotifier({ db, outbox }: ActivityDeps) {
  return async function onceNotifying(eventKey: string, write: (tx: Tx, notify: Notify) => Promise<void>): Promise<boolean> {
    const applied = await once(db, eventKey, async (tx) => {
      const notices: Notice[] = [];
      await write(tx, (n) => notices.push(n));
      await queueNotices(tx, eventKey, notices, outbox);
    });
    const ctx = Context.current();
    await startDelivery(db, ctx.client, ctx.info.taskQueue, eventKey);
    return applied;
  };
}
