// Password hashing, off the event loop: new hashes are argon2id (OWASP's parameters: 19 MiB, two
// passes), computed on libuv's thread pool so a burst of logins cannot stall other requests; hashes
// from before (bcrypt, "$2a$/$2b$/$2y$") still verify, natively and asynchronously, and the login
// replaces them with argon2id (needsRehash). argon2 reads the whole password: no 72-byte cut-off.
import crypto from 'node:crypto';
import os from 'node:os';
import { hash as argon2Hash, hashSync as argon2HashSync, verify as argon2Verify, type Options } from '@node-rs/argon2';
import { compare as bcryptCompare } from '@node-rs/bcrypt';

/** argon2id (the package's `Algorithm.Argon2id` is a const enum, which isolated modules cannot read). */
const ARGON2ID = 2;
export const ARGON2_OPTIONS: Options = {
  algorithm: ARGON2ID,
  memoryCost: 19456,
  timeCost: 2,
  parallelism: 1,
  outputLen: 32,
};

/** What every hash made with the current parameters starts with, e.g. "$argon2id$v=19$m=19456,t=2,p=1$". */
const CURRENT_PREFIX = `$argon2id$v=19$m=${ARGON2_OPTIONS.memoryCost},t=${ARGON2_OPTIONS.timeCost},p=${ARGON2_OPTIONS.parallelism}$`;

/**
 * A stored "hash" that no password matches: an account the system disabled (a demo account outside
 * demo mode) until an administrator sets a new password.
 */
export const UNUSABLE_HASH_PREFIX = '!unusable:';
export const unusableHash = (why: string) => `${UNUSABLE_HASH_PREFIX}${why}`;

/**
 * At most this many hashes at once (each holds 19 MiB): one core is left to the event loop, so a
 * burst of logins queues here instead of starving every other request of CPU.
 */
export const HASH_SLOTS = Math.max(1, os.availableParallelism() - 1);
let busy = 0;
const waiting: (() => void)[] = [];
async function inSlot<T>(work: () => Promise<T>): Promise<T> {
  if (busy >= HASH_SLOTS) await new Promise<void>((resolve) => waiting.push(resolve));
  else busy++;
  try {
    return await work();
  } finally {
    const next = waiting.shift();
    if (next) next();
    else busy--;
  }
}

export function hashPassword(password: string): Promise<string> {
  return inSlot(() => argon2Hash(password, ARGON2_OPTIONS));
}

/** For test fixtures and tools that build hashes at module load; never on a request path. */
export function hashPasswordSync(password: string): string {
  return argon2HashSync(password, ARGON2_OPTIONS);
}

const isBcrypt = (stored: string) => /^\$2[aby]\$\d\d\$/.test(stored);
const isArgon2 = (stored: string) => stored.startsWith('$argon2');

let dummy: Promise<string> | undefined;
/** A hash of a random secret with exactly the current parameters: what an unknown user's password is checked against. */
const dummyHash = () => (dummy ??= hashPassword(crypto.randomBytes(32).toString('base64url')));

/**
 * Whether `password` matches `stored`, and whether the stored hash should be replaced by one with
 * the current parameters. No stored hash (an unknown user) or an unusable one is checked against
 * the dummy hash, so every refusal costs the same time as a wrong password of a real account.
 */
export async function verifyPassword(
  stored: string | null | undefined,
  password: string,
): Promise<{ ok: boolean; needsRehash: boolean }> {
  if (stored && isArgon2(stored)) {
    const ok = await inSlot(() => argon2Verify(stored, password)).catch(() => false);
    return { ok, needsRehash: ok && !stored.startsWith(CURRENT_PREFIX) };
  }
  if (stored && isBcrypt(stored)) {
    const ok = await inSlot(() => bcryptCompare(password, stored)).catch(() => false);
    return { ok, needsRehash: ok };
  }
  const dummyStored = await dummyHash();
  await inSlot(() => argon2Verify(dummyStored, password)).catch(() => false);
  return { ok: false, needsRehash: false };
}

/** Whether a stored hash is one some password could match (not an unusable marker). */
export const isUsableHash = (stored: string) => isArgon2(stored) || isBcrypt(stored);
