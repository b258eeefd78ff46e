// Brute-force protection of password checks (OWASP ASVS V2.2.1): each attempt is counted against
// the account and the client's address *before* the password is checked, atomically in the
// database (rate-limiter-flexible's PostgreSQL store, table login_throttle), so parallel guesses
// cannot slip past the limit and a blocked attempt costs no hashing. A right password forgets the
// account's count and gives the address its attempt back. After `accountFailures` attempts an
// account is blocked, for longer each time that day (base, 2×, 4×… up to the maximum); an address
// is blocked after `addressFailures` in its window. Unknown usernames are counted like real ones, so
// the answers do not tell them apart.
import crypto from 'node:crypto';
import net from 'node:net';
import pg from 'pg';
import {
  RateLimiterMemory,
  RateLimiterPostgres,
  RateLimiterRes,
  type RateLimiterAbstract,
} from 'rate-limiter-flexible';
import { DomainError } from '../domain/errors';

export interface LoginThrottleLimits {
  /** attempts an account may fail in a row before it is blocked (default 5) */
  accountFailures: number;
  /** how long an account's failures are remembered without a success (default 1 h) */
  accountWindowSeconds: number;
  /** the first block; each further block the same day doubles it (default 60 s) */
  accountBlockSeconds: number;
  accountMaxBlockSeconds: number;
  /** failed attempts from one address (IPv4, or IPv6 /64) in its window before it is blocked (default 100 in 15 min) */
  addressFailures: number;
  addressWindowSeconds: number;
  addressBlockSeconds: number;
  /** prefix of the keys in login_throttle (a test's own limiter keeps its counts apart) */
  keyPrefix: string;
}

export const DEFAULT_LOGIN_LIMITS: LoginThrottleLimits = {
  accountFailures: 5,
  accountWindowSeconds: 3600,
  accountBlockSeconds: 60,
  accountMaxBlockSeconds: 3600,
  addressFailures: 100,
  addressWindowSeconds: 900,
  addressBlockSeconds: 900,
  keyPrefix: 'login',
};

export interface LoginThrottle {
  /** Counts an attempt; throws 429 too_many_attempts (with retryAfterSeconds) while the account or the address is blocked. */
  attempt(username: string, address: string | undefined): Promise<void>;
  /** The password was right: the account's count is forgotten and the address gets its attempt back. */
  succeeded(username: string, address: string | undefined): Promise<void>;
  /** An administrator set a new password: the account's count and blocks are forgotten. */
  reset(username: string): Promise<void>;
  close(): Promise<void>;
}

/** The 429 answer: the route sends retryAfterSeconds as the Retry-After header. */
export class TooManyAttempts extends DomainError {
  constructor(readonly retryAfterSeconds: number) {
    super('too_many_attempts', undefined, {
      zh: `登录失败次数过多，请于 ${retryAfterSeconds} 秒后重试`,
      en: `Too many failed login attempts; try again in ${retryAfterSeconds} seconds`,
    });
  }
}

const TABLE = 'login_throttle';

/** A key of at most 255 characters, readable for ordinary usernames. */
function accountKey(username: string): string {
  const name = username.trim().toLowerCase();
  return /^[a-z0-9._-]{1,64}$/.test(name) ? name : `#${crypto.createHash('sha256').update(name).digest('hex')}`;
}

/** The address a client is counted under: IPv4 as it is (IPv4-mapped IPv6 unwrapped), IPv6 by its /64. */
export function addressKey(address: string | undefined): string {
  if (!address) return 'unknown';
  const mapped = address.match(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/i);
  if (mapped) return mapped[1];
  if (!net.isIPv6(address)) return address;
  const [head, tail = ''] = address.split('::');
  const h = head ? head.split(':') : [];
  const t = tail ? tail.split(':') : [];
  const groups = address.includes('::') ? [...h, ...Array(8 - h.length - t.length).fill('0'), ...t] : h;
  return `${groups
    .slice(0, 4)
    .map((g) => g.toLowerCase().replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}

type Make = (opts: {
  keyPrefix: string;
  points: number;
  duration: number;
  blockDuration?: number;
}) => RateLimiterAbstract;

/** Resolves with the count, or with `blocked` when the limiter refuses (its store's errors propagate). */
async function consume(limiter: RateLimiterAbstract, key: string): Promise<{ res: RateLimiterRes; blocked: boolean }> {
  try {
    return { res: await limiter.consume(key), blocked: false };
  } catch (err) {
    if (err instanceof RateLimiterRes) return { res: err, blocked: true };
    throw err;
  }
}

const seconds = (ms: number) => Math.max(1, Math.ceil(ms / 1000));

function build(make: Make, limits: LoginThrottleLimits, close: () => Promise<void>): LoginThrottle {
  const p = limits.keyPrefix;
  const account = make({
    keyPrefix: `${p}_acct`,
    points: limits.accountFailures,
    duration: limits.accountWindowSeconds,
  });
  // how many times an account was blocked in the last day: the next block's length grows with it
  const blocks = make({ keyPrefix: `${p}_acct_blocks`, points: 1_000_000, duration: 24 * 3600 });
  const address = make({
    keyPrefix: `${p}_addr`,
    points: limits.addressFailures,
    duration: limits.addressWindowSeconds,
    blockDuration: limits.addressBlockSeconds,
  });
  return {
    async attempt(username, clientAddress) {
      const byAddress = await consume(address, addressKey(clientAddress));
      if (byAddress.blocked) throw new TooManyAttempts(seconds(byAddress.res.msBeforeNext));
      const key = accountKey(username);
      const byAccount = await consume(account, key);
      if (!byAccount.blocked) return;
      let ms = byAccount.res.msBeforeNext;
      // the attempt that crossed the limit starts the block; later ones find it running
      if (byAccount.res.consumedPoints === limits.accountFailures + 1) {
        const level = (await blocks.penalty(key, 1)).consumedPoints;
        const blockSeconds = Math.min(
          limits.accountMaxBlockSeconds,
          limits.accountBlockSeconds * 2 ** Math.min(level - 1, 30),
        );
        await account.block(key, blockSeconds);
        ms = blockSeconds * 1000;
      }
      throw new TooManyAttempts(seconds(ms));
    },
    async succeeded(username, clientAddress) {
      await Promise.all([account.delete(accountKey(username)), address.reward(addressKey(clientAddress), 1)]);
    },
    async reset(username) {
      const key = accountKey(username);
      await Promise.all([account.delete(key), blocks.delete(key)]);
    },
    close,
  };
}

/**
 * The throttle on the database (table login_throttle, created by the migrations): shared by every
 * API process. Pass a pool, or a URL for a small pool of its own that close() ends.
 */
export function createLoginThrottle(opts: {
  databaseUrl?: string;
  pool?: pg.Pool;
  limits?: Partial<LoginThrottleLimits>;
}): LoginThrottle {
  const limits = { ...DEFAULT_LOGIN_LIMITS, ...opts.limits };
  const own = opts.pool ? undefined : new pg.Pool({ connectionString: opts.databaseUrl, max: 4 });
  const pool = opts.pool ?? own!;
  // The limiter names its statements, and the embedded database serves every connection from one
  // session, where a second connection's PREPARE of the same name fails: send them unnamed.
  const storeClient = {
    query: (q: { text: string; values?: unknown[] }) => pool.query({ text: q.text, values: q.values }),
  };
  return build(
    (o) =>
      new RateLimiterPostgres({
        ...o,
        storeClient,
        storeType: 'pool',
        tableName: TABLE,
        tableCreated: true,
        clearExpiredByTimeout: true,
      }),
    limits,
    async () => {
      await own?.end();
    },
  );
}

/** The same in this process's memory: for an app built without one (a tool, a benchmark's baseline). */
export function createMemoryLoginThrottle(limits: Partial<LoginThrottleLimits> = {}): LoginThrottle {
  return build(
    (o) => new RateLimiterMemory(o),
    { ...DEFAULT_LOGIN_LIMITS, ...limits },
    async () => {},
  );
}
