// How long npm start's supervisor waits before starting a crashed worker or API again: 1 s,
// doubling to 30 s while it keeps crashing, and 1 s again once it has run for a minute.
export const FIRST_PAUSE_MS = 1_000;
export const LONGEST_PAUSE_MS = 30_000;
export const STEADY_RUN_MS = 60_000;

/** A process's restart schedule: called with how long the process ran, it answers the pause before the next start. */
export function restartBackoff(): (ranMs: number) => number {
  let next = FIRST_PAUSE_MS;
  return (ranMs) => {
    if (ranMs >= STEADY_RUN_MS) next = FIRST_PAUSE_MS;
    const pause = next;
    next = Math.min(next * 2, LONGEST_PAUSE_MS);
    return pause;
  };
}
