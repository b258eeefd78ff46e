// Throttling of anonymous objections (usecases/publicObjection.ts): every attempt is counted against
// the client's address and the e-mail address it gives, before anything else is looked at, in the
// login throttle's table (login_throttle: key, points, expire in ms — the layout of
// rate-limiter-flexible's PostgreSQL store, whose expiry sweep clears these rows too). One atomic
// upsert per key, so parallel requests cannot slip past the limit. The e-mail address is kept
// only as a hash: the table is no place for personal data.
import crypto from 'node:crypto';
import { DomainError } from '../domain/errors';
import type { Db } from '../platform/db';
import { addressKey } from './loginThrottle';

export interface ObjectionLimits {
  /** attempts from one address (IPv4, or IPv6 /64) per window */
  perAddress: number;
  /** attempts giving one e-mail address per window */
  perContact: number;
  windowSeconds: number;
}

export const OBJECTION_LIMITS: ObjectionLimits = { perAddress: 20, perContact: 5, windowSeconds: 3600 };

/** The 429 answer; the route sends retryAfterSeconds as the Retry-After header. */
export class TooManyObjections extends DomainError {
  constructor(readonly retryAfterSeconds: number) {
    super('too_many_attempts', undefined, {
      zh: `提交异议过于频繁，请于 ${retryAfterSeconds} 秒后重试`,
      en: `Too many objections from this address or e-mail; try again in ${retryAfterSeconds} seconds`,
    });
  }
}

/** Counts one attempt under `key`; returns the count in the current window and when that window ends (ms). */
async function count(db: Db, key: string, windowMs: number, now: number): Promise<{ points: number; expire: number }> {
  const [row] = await db.$queryRaw<{ points: number; expire: bigint }[]>`
    INSERT INTO login_throttle (key, points, expire) VALUES (${key}, 1, ${BigInt(now + windowMs)})
    ON CONFLICT (key) DO UPDATE SET
      points = CASE WHEN login_throttle.expire <= ${BigInt(now)} THEN 1 ELSE login_throttle.points + 1 END,
      expire = CASE WHEN login_throttle.expire <= ${BigInt(now)} THEN ${BigInt(now + windowMs)} ELSE login_throttle.expire END
    RETURNING points, expire`;
  return { points: row.points, expire: Number(row.expire) };
}

const contactKey = (email: string) =>
  crypto.createHash('sha256').update(email.trim().toLowerCase()).digest('hex').slice(0, 48);

/** Counts an attempt; throws 429 (TooManyObjections) once the address or the e-mail address is over its limit. */
export async function countObjectionAttempt(
  db: Db,
  address: string | undefined,
  email: string,
  limits: ObjectionLimits = OBJECTION_LIMITS,
  now = Date.now(),
): Promise<void> {
  const windowMs = limits.windowSeconds * 1000;
  for (const [key, limit] of [
    [`objection_addr:${addressKey(address)}`, limits.perAddress],
    [`objection_contact:${contactKey(email)}`, limits.perContact],
  ] as const) {
    const { points, expire } = await count(db, key, windowMs, now);
    if (points > limit) throw new TooManyObjections(Math.max(1, Math.ceil((expire - now) / 1000)));
  }
}
