// npm start's restart schedule for a crashed worker or API (platform/restartBackoff.ts).
import { restartBackoff } from '../platform/restartBackoff';

test('when a process keeps crashing at once, then the pauses double from 1 s up to 30 s; after it has run a minute, they start again at 1 s', () => {
  const pause = restartBackoff();
  expect([100, 100, 100, 100, 100, 100, 100].map((ran) => pause(ran))).toEqual([
    1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000,
  ]);
  expect(pause(60_000)).toBe(1_000);
  expect(pause(5_000)).toBe(2_000);
});
