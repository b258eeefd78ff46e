// How the bench offers its load. Closed loop (`concurrency`): that many lanes each take the next
// application once their last is done, so the offered load follows the system's own speed. Open
// loop (`rate`): applications arrive on a fixed schedule however the system keeps up — the same
// offered load for pilotflow and the floor, so their latencies compare at equal load.
export type Load = { concurrency: number } | { perMinute: number };

export async function offer<T>(items: T[], load: Load, work: (item: T, index: number) => Promise<void>): Promise<void> {
  if ('perMinute' in load) return paced(items, load.perMinute, work);
  return pool(items, load.concurrency, work);
}

export async function pool<T>(
  items: T[],
  limit: number,
  work: (item: T, index: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const index = next++;
        await work(items[index], index);
      }
    }),
  );
}

async function paced<T>(items: T[], perMinute: number, work: (item: T, index: number) => Promise<void>): Promise<void> {
  const start = Date.now();
  const gapMs = 60_000 / perMinute;
  await Promise.all(
    items.map(async (item, index) => {
      const wait = start + index * gapMs - Date.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      await work(item, index);
    }),
  );
}

export const describeLoad = (load: Load) =>
  'perMinute' in load ? `arriving at ${load.perMinute}/min (open loop)` : `${load.concurrency} in flight (closed loop)`;
