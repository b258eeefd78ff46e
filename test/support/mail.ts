// Reading what the SMTP sink received, for tests: messages are matched to their Notification rows
// by Message-ID, so a duplicate delivery shows as a second message with the same id.
import type { Prisma } from '../../generated/prisma/client';
import { waitFor, type Harness } from './harness';

/** Waits until every notification matching `where` is sent (at least `atLeast` of them), and returns them. */
export async function delivered(h: Harness, where: Prisma.NotificationWhereInput, atLeast = 1, timeoutMs = 30_000) {
  return waitFor(
    `${atLeast}+ notifications sent (${JSON.stringify(where)})`,
    async () => {
      const rows = await h.db.notification.findMany({ where, orderBy: { id: 'asc' } });
      return rows.length >= atLeast && rows.every((r) => r.status === 'sent') ? rows : undefined;
    },
    timeoutMs,
  );
}

/** How many times the sink received each of these messages (1 each means exactly once). */
export async function receivedCounts(h: Harness, messageIds: string[]): Promise<number[]> {
  const got = await h.db.sinkMessage.groupBy({
    by: ['messageId'],
    where: { messageId: { in: messageIds } },
    _count: { _all: true },
  });
  const byId = new Map(got.map((g) => [g.messageId, g._count._all]));
  return messageIds.map((id) => byId.get(id) ?? 0);
}

export function inbox(h: Harness, email: string) {
  return h.db.sinkMessage.findMany({ where: { to: { has: email } }, orderBy: { id: 'asc' } });
}
