// Why: a client that retries a request with the same Idempotency-Key must not create a second record;
// the record's id is derived from who asked, what for and the key, so the retry finds the first one.
import crypto from 'node:crypto';

/** A UUID-shaped id: random without a key, else the same for the same parts and key. */
export function keyedId(parts: string[], idempotencyKey?: string): string {
  if (!idempotencyKey) return crypto.randomUUID();
  const h = crypto
    .createHash('sha256')
    .update([...parts, idempotencyKey].join('\n'))
    .digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}
