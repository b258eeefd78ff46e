/**
 * The API accepts an action before its workflow has recorded all of it in the read model: reload until
 * the page shows the effect, or the time runs out (a busy server takes seconds, not milliseconds).
 */
export async function reloadUntil(
  load: () => Promise<void>,
  shown: () => boolean,
  { every = 300, within = 20_000 }: { every?: number; within?: number } = {},
): Promise<void> {
  const end = Date.now() + within;
  for (;;) {
    await load();
    if (shown() || Date.now() >= end) return;
    await new Promise((r) => setTimeout(r, every));
  }
}
