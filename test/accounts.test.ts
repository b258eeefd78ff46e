// Accounts and login as an attacker and an administrator meet them: demo mode off retires the demo
// password and the demo rounds; guesses are throttled per account and per address (429 with
// Retry-After, the block growing); legacy bcrypt hashes become argon2id at login; the password
// policy refuses per field; changing, resetting and deactivating end the sessions they must.
import crypto from 'node:crypto';
import type { AddressInfo } from 'node:net';
import bcrypt from 'bcryptjs';
import { createApp } from '../api/app';
import { createDb } from '../platform/db';
import { createLogger } from '../platform/logger';
import { migrate } from '../platform/migrate';
import { hashPasswordSync } from '../platform/passwords';
import { COMPRESSED_DEMO_ROUND_ID, DEMO_APPLICANTS, DEMO_PASSWORD, DEMO_ROUND_ID, seed } from '../platform/seed';
import type { UseCaseDeps } from '../usecases/context';
import { createLoginThrottle, type LoginThrottleLimits } from '../usecases/loginThrottle';
import { cityAnnex } from './support/fixtures';
import { http, login, OUTBOX, startHarness, type Harness } from './support/harness';
import { startScratchDb } from './support/scratchDb';

let h: Harness;
let admin: string;
beforeAll(async () => {
  h = await startHarness({ worker: false });
  admin = await login(h, 'admin');
});
afterAll(() => h.stop());

const unique = () => crypto.randomUUID().slice(0, 8);

/** An account with a known password (argon2id, or the hash given), straight in the database. */
async function account(password: string, passwordHash = hashPasswordSync(password)) {
  return h.db.user.create({
    data: { username: `acct-${unique()}`, passwordHash, role: 'auditor', displayName: 'Accounts test' },
  });
}

/** The API on deps of the test's choosing (its own throttle limits, demo mode), on a free port. */
async function serve(deps: UseCaseDeps) {
  const server = createApp(deps).listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    stop: () => {
      server.closeAllConnections();
      return new Promise((r) => server.close(r));
    },
  };
}

/** A throttle on the shared database whose keys are this test's alone (so no other file's counts move). */
function throttle(limits: Partial<LoginThrottleLimits>) {
  const keyPrefix = `t${unique()}`;
  return {
    keyPrefix,
    throttle: createLoginThrottle({
      databaseUrl: process.env.PILOTFLOW_TEST_DATABASE_URL,
      limits: { ...limits, keyPrefix },
    }),
  };
}

const tryLogin = (baseUrl: string, username: string, password: string, headers: Record<string, string> = {}) =>
  http(baseUrl, 'POST', '/api/auth/login', { body: { username, password }, headers });
const retryAfter = async (baseUrl: string, username: string, password: string) => {
  const res = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'accept-language': 'en' },
    body: JSON.stringify({ username, password }),
  });
  return {
    status: res.status,
    retryAfter: res.headers.get('retry-after'),
    body: (await res.json()) as { error: { code: string; message: string } },
  };
};

describe('demo mode off', () => {
  test('when a database seeded in demo mode is seeded again with demo mode off, then no account logs in with the demo password, its sessions end, and the demo rounds take no declaration', async () => {
    const scratch = await startScratchDb();
    const db = createDb(scratch.url, 3);
    const ownThrottle = createLoginThrottle({ databaseUrl: scratch.url });
    const base = {
      db,
      temporal: h.client,
      taskQueue: h.taskQueue,
      sessionTtlHours: 1,
      logger: createLogger('silent'),
      outbox: OUTBOX,
      loginThrottle: ownThrottle,
    };
    try {
      await migrate(scratch.url);
      const on = await seed(db, { demoMode: true });
      expect(on.disabledDemoAccounts).toEqual([]);
      // in demo mode the demo password works: a session of admin's is open when demo mode goes off
      const demo = await serve({ ...base, demoMode: true });
      const adminSession = await tryLogin(demo.url, 'admin', DEMO_PASSWORD);
      expect(adminSession.status).toBe(200);
      await demo.stop();

      const off = await seed(db, { demoMode: false });
      // the oracle: every account the demo seed made (267 officers: 8 bodies + 37 units × 7; admin, auditor, 4 applicants, 3 experts, the evaluator)
      expect(off.disabledDemoAccounts).toHaveLength(267 + 2 + DEMO_APPLICANTS.length + 3 + 1);
      expect(off.disabledDemoAccounts).toEqual(
        expect.arrayContaining([
          'admin',
          'auditor',
          'mofcom',
          'gd.commerce',
          'demo.city',
          'demo.expert1',
          'demo.evaluator',
        ]),
      );
      expect(off.closedDemoRounds.sort()).toEqual([COMPRESSED_DEMO_ROUND_ID, DEMO_ROUND_ID].sort());
      // a second start finds nothing left to retire
      expect(await seed(db, { demoMode: false })).toMatchObject({ disabledDemoAccounts: [], closedDemoRounds: [] });

      const prod = await serve({ ...base, demoMode: false });
      try {
        for (const username of ['admin', 'auditor', 'mofcom', 'gd.commerce', 'demo.city', 'demo.expert2']) {
          expect({ username, status: (await tryLogin(prod.url, username, DEMO_PASSWORD)).status }).toEqual({
            username,
            status: 401,
          });
        }
        expect((await http(prod.url, 'GET', '/api/me', { token: adminSession.body.token })).status).toBe(401);
        // an account given the demo password some other way is refused too, while demo mode is off
        const stray = await db.user.create({
          data: {
            username: `stray-${unique()}`,
            passwordHash: hashPasswordSync(DEMO_PASSWORD),
            role: 'auditor',
            displayName: 'Stray',
          },
        });
        expect((await tryLogin(prod.url, stray.username, DEMO_PASSWORD)).status).toBe(401);

        // the demo round refuses a declaration: a fresh applicant of the demo city drafts and submits
        const applicant = await db.user.create({
          data: {
            username: `gz-${unique()}`,
            passwordHash: hashPasswordSync('a-city-officer-secret'),
            role: 'applicant',
            displayName: '广州市',
            organizationId: 'demo-org-city',
          },
        });
        const token = (await tryLogin(prod.url, applicant.username, 'a-city-officer-secret')).body.token as string;
        const rounds = (await http(prod.url, 'GET', '/api/rounds', { token })).body as { id: string; open: boolean }[];
        expect(rounds.filter((r) => r.id.startsWith('demo')).map((r) => [r.id, r.open])).toEqual(
          expect.arrayContaining([
            [DEMO_ROUND_ID, false],
            [COMPRESSED_DEMO_ROUND_ID, false],
          ]),
        );
        const drafted = await http(prod.url, 'POST', '/api/applications', {
          token,
          body: { roundId: DEMO_ROUND_ID, annex: cityAnnex() },
        });
        if (drafted.status === 201) {
          const submitted = await http(prod.url, 'POST', `/api/applications/${drafted.body.id}/submit`, { token });
          expect({ status: submitted.status, code: submitted.body.error.code }).toEqual({
            status: 409,
            code: 'deadline_passed',
          });
        } else {
          expect({ status: drafted.status, code: drafted.body.error.code }).toEqual({
            status: 409,
            code: 'deadline_passed',
          });
        }

        const audited = await db.auditEvent.findMany({
          where: { action: { in: ['demo_accounts_disabled', 'declaration_closed'] } },
        });
        expect(audited.map((a) => [a.action, a.roundId]).sort()).toEqual(
          [
            ['declaration_closed', COMPRESSED_DEMO_ROUND_ID],
            ['declaration_closed', DEMO_ROUND_ID],
            ['demo_accounts_disabled', null],
          ].sort(),
        );
      } finally {
        await prod.stop();
      }
    } finally {
      await ownThrottle.close();
      await db.$disconnect();
      await scratch.stop();
    }
  }, 180_000);
});

describe('throttling', () => {
  test('when an account fails N times, then the next attempt — the right password too — is 429 with Retry-After until the block ends; a success then forgets the count, and the next block is twice as long', async () => {
    const { keyPrefix, throttle: t } = throttle({ accountFailures: 3, accountBlockSeconds: 30 });
    const api = await serve({ ...h.deps, loginThrottle: t });
    const user = await account('the-right-password-1');
    try {
      for (let i = 0; i < 3; i++) expect((await tryLogin(api.url, user.username, `wrong-${i}`)).status).toBe(401);
      const blocked = await retryAfter(api.url, user.username, 'wrong-again');
      expect(blocked).toMatchObject({ status: 429, retryAfter: '30', body: { error: { code: 'too_many_attempts' } } });
      expect(blocked.body.error.message).toContain('30 seconds');
      const zh = await fetch(`${api.url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: user.username, password: 'the-right-password-1' }),
      });
      expect(zh.status).toBe(429); // the right password does not get through a block
      expect(Number(zh.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(((await zh.json()) as { error: { message: string } }).error.message).toMatch(
        /登录失败次数过多，请于 \d+ 秒后重试/,
      );

      // the block's end, without waiting for it: its expiry moved to the past in the store
      const key = `${keyPrefix}_acct:${user.username}`;
      expect(await h.db.loginThrottle.updateMany({ where: { key }, data: { expire: BigInt(Date.now() - 1) } })).toEqual(
        { count: 1 },
      );
      expect((await tryLogin(api.url, user.username, 'the-right-password-1')).status).toBe(200);
      expect(await h.db.loginThrottle.count({ where: { key } })).toBe(0); // the success forgot the count

      for (let i = 0; i < 3; i++) expect((await tryLogin(api.url, user.username, `wrong-${i}`)).status).toBe(401);
      expect(await retryAfter(api.url, user.username, 'wrong-again')).toMatchObject({ status: 429, retryAfter: '60' });

      // an administrator's new password lifts the block at once
      expect(
        (
          await http(api.url, 'POST', `/api/users/${user.id}/password`, {
            token: admin,
            body: { newPassword: 'a-fresh-start-password' },
          })
        ).status,
      ).toBe(204);
      expect((await tryLogin(api.url, user.username, 'a-fresh-start-password')).status).toBe(200);
    } finally {
      await api.stop();
      await t.close();
    }
  });

  test('when an unknown username is guessed at, then it is throttled exactly like a real one (the answers do not tell them apart)', async () => {
    const { throttle: t } = throttle({ accountFailures: 2, accountBlockSeconds: 45 });
    const api = await serve({ ...h.deps, loginThrottle: t });
    const real = await account('the-right-password-2');
    try {
      const answers = async (username: string) => [
        (await tryLogin(api.url, username, 'guess-1')).status,
        (await tryLogin(api.url, username, 'guess-2')).status,
        (await retryAfter(api.url, username, 'guess-3')).retryAfter,
      ];
      expect(await answers(`nobody-${unique()}`)).toEqual([401, 401, '45']);
      expect(await answers(real.username)).toEqual([401, 401, '45']);
    } finally {
      await api.stop();
      await t.close();
    }
  });

  test('when one client address fails across many usernames, then it is blocked (per address, behind a trusted proxy) while another address is not', async () => {
    const { throttle: t } = throttle({ addressFailures: 4, addressBlockSeconds: 120 });
    const api = await serve({ ...h.deps, loginThrottle: t, trustProxy: 1 });
    try {
      const from = (ip: string) => ({ 'x-forwarded-for': ip });
      for (let i = 0; i < 4; i++)
        expect((await tryLogin(api.url, `spray-${unique()}`, 'Winter2024!', from('203.0.113.7'))).status).toBe(401);
      const res = await fetch(`${api.url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...from('203.0.113.7') },
        body: JSON.stringify({ username: `spray-${unique()}`, password: 'x' }),
      });
      expect({ status: res.status, retryAfter: res.headers.get('retry-after') }).toEqual({
        status: 429,
        retryAfter: '120',
      });
      expect((await tryLogin(api.url, `spray-${unique()}`, 'Winter2024!', from('198.51.100.9'))).status).toBe(401);
    } finally {
      await api.stop();
      await t.close();
    }
  });

  test('when 20 wrong logins arrive at once for one account, then at most N are checked and the rest are 429 (the count is taken before the hash)', async () => {
    const { throttle: t } = throttle({ accountFailures: 5 });
    const api = await serve({ ...h.deps, loginThrottle: t });
    const user = await account('the-right-password-3');
    try {
      const statuses = await Promise.all(
        Array.from({ length: 20 }, (_, i) => tryLogin(api.url, user.username, `parallel-${i}`).then((r) => r.status)),
      );
      expect(statuses.filter((s) => s === 401)).toHaveLength(5);
      expect(statuses.filter((s) => s === 429)).toHaveLength(15);
    } finally {
      await api.stop();
      await t.close();
    }
  });
});

describe('password hashes', () => {
  test('when an account with a legacy bcrypt hash logs in, then its hash becomes argon2id and the password still works', async () => {
    const user = await account('x', bcrypt.hashSync('a-legacy-password', 10));
    expect((await tryLogin(h.baseUrl, user.username, 'a-legacy-password')).status).toBe(200);
    const upgraded = (await h.db.user.findUniqueOrThrow({ where: { id: user.id } })).passwordHash;
    expect(upgraded).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect((await tryLogin(h.baseUrl, user.username, 'a-legacy-password')).status).toBe(200);
    expect((await tryLogin(h.baseUrl, user.username, 'a-legacy-passwore')).status).toBe(401);
  });

  test('when two long passwords share their first 72 bytes, then they are different passwords (no bcrypt truncation)', async () => {
    const username = `long-${unique()}`;
    const prefix = 'correct horse battery staple '.repeat(3); // 87 bytes
    const created = await http(h.baseUrl, 'POST', '/api/users', {
      token: admin,
      body: { username, password: `${prefix}one`, role: 'auditor', displayName: 'Long password' },
    });
    expect(created.status).toBe(201);
    expect(Buffer.byteLength(prefix)).toBeGreaterThan(72);
    expect((await tryLogin(h.baseUrl, username, `${prefix}two`)).status).toBe(401);
    expect((await tryLogin(h.baseUrl, username, `${prefix}one`)).status).toBe(200);
  });

  test('when the username is unknown, then the refusal takes as long as a wrong password of a real account (same argon2 parameters)', async () => {
    const real = await account('the-right-password-4');
    const { throttle: t } = throttle({ accountFailures: 1000 });
    const api = await serve({ ...h.deps, loginThrottle: t });
    try {
      const time = async (username: string) => {
        const started = process.hrtime.bigint();
        expect((await tryLogin(api.url, username, 'not-it')).status).toBe(401);
        return Number(process.hrtime.bigint() - started) / 1e6;
      };
      await time(real.username); // warm-up (the dummy hash is made once)
      await time(`ghost-${unique()}`);
      const known: number[] = [];
      const unknown: number[] = [];
      for (let i = 0; i < 7; i++) {
        known.push(await time(real.username));
        unknown.push(await time(`ghost-${unique()}`));
      }
      const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
      // before, an unknown user was answered about 3× faster (a dummy made at a lower cost)
      expect(median(unknown) / median(known)).toBeGreaterThan(0.5);
      expect(median(unknown) / median(known)).toBeLessThan(2);
    } finally {
      await api.stop();
      await t.close();
    }
  });
});

describe('password policy', () => {
  const CHINESE_12 = '供应链创新与应用试点申报';
  test('when an account is created, reset or changed with a password the policy refuses, then 400 names the field and why, and nothing changes', async () => {
    const username = `policy.${unique()}`;
    const create = (password: string) =>
      http(h.baseUrl, 'POST', '/api/users', {
        token: admin,
        body: { username, password, role: 'auditor', displayName: 'Policy' },
      });
    const refused: [string, string][] = [
      ['eleven-char', 'too_small'], // 11 characters
      ['🔒'.repeat(11), 'too_small'], // 11 characters in 22 UTF-16 units (44 bytes): characters are counted
      ['x'.repeat(257), 'too_big'],
      ['123qweasdzxc', 'common_password'],
      ['QWERTY123456', 'common_password'], // case-insensitively
      [DEMO_PASSWORD, 'demo_password'],
      [`my-${username}-secret`, 'contains_username'],
    ];
    for (const [password, code] of refused) {
      const res = await create(password);
      expect({
        password: password.slice(0, 20),
        status: res.status,
        fields: res.body.error.fields.map((f: { field: string; code: string }) => [f.field, f.code]),
      }).toEqual({ password: password.slice(0, 20), status: 400, fields: [['password', code]] });
    }
    expect(await h.db.user.count({ where: { username } })).toBe(0);
    // Chinese characters count one each (not three, as their UTF-8 bytes would)
    expect((await create('供应链创新与应用试点申')).status).toBe(400); // 11 characters
    expect((await create(CHINESE_12)).status).toBe(201);

    const target = await h.db.user.findUniqueOrThrow({ where: { username } });
    const reset = await http(h.baseUrl, 'POST', `/api/users/${target.id}/password`, {
      token: admin,
      body: { newPassword: 'password1234' },
    });
    expect(reset.body.error.fields).toEqual([
      expect.objectContaining({ field: 'newPassword', code: 'common_password' }),
    ]);
    const token = await login(h, username, CHINESE_12);
    const change = await http(h.baseUrl, 'POST', '/api/me/password', {
      token,
      body: { currentPassword: CHINESE_12, newPassword: `${username}-2025` },
    });
    expect(change.body.error.fields).toEqual([
      expect.objectContaining({ field: 'newPassword', code: 'contains_username' }),
    ]);
    expect((await h.db.user.findUniqueOrThrow({ where: { username } })).passwordHash).toBe(target.passwordHash);
  });
});

describe('changing, resetting, deactivating', () => {
  test('when a user changes their password, then a wrong current one is 400 on currentPassword, and the right one ends every other session but this one', async () => {
    const user = await account('the-old-password-5');
    const here = await login(h, user.username, 'the-old-password-5');
    const elsewhere = await login(h, user.username, 'the-old-password-5');
    const wrong = await http(h.baseUrl, 'POST', '/api/me/password', {
      token: here,
      body: { currentPassword: 'not-the-old-one', newPassword: 'the-new-password-5' },
    });
    expect({ status: wrong.status, fields: wrong.body.error.fields.map((f: { field: string }) => f.field) }).toEqual({
      status: 400,
      fields: ['currentPassword'],
    });
    expect(
      (
        await http(h.baseUrl, 'POST', '/api/me/password', {
          token: here,
          body: { currentPassword: 'the-old-password-5', newPassword: 'the-new-password-5' },
        })
      ).status,
    ).toBe(204);
    expect((await http(h.baseUrl, 'GET', '/api/me', { token: here })).status).toBe(200);
    expect((await http(h.baseUrl, 'GET', '/api/me', { token: elsewhere })).status).toBe(401);
    expect((await tryLogin(h.baseUrl, user.username, 'the-old-password-5')).status).toBe(401);
    expect((await tryLogin(h.baseUrl, user.username, 'the-new-password-5')).status).toBe(200);
    const audit = await h.db.auditEvent.findMany({ where: { action: 'password_changed', actorId: user.id } });
    expect(audit.map((a) => a.detail)).toEqual([
      expect.objectContaining({ username: user.username, revokedSessions: 1 }),
    ]);
    expect((await h.db.user.findUniqueOrThrow({ where: { id: user.id } })).passwordChangedAt).not.toBeNull();
  });

  test('when the administrator resets a password, then every session of the account ends at once and only the new password logs in', async () => {
    const user = await account('the-old-password-6');
    const sessions = [
      await login(h, user.username, 'the-old-password-6'),
      await login(h, user.username, 'the-old-password-6'),
    ];
    expect(
      (
        await http(h.baseUrl, 'POST', `/api/users/${user.id}/password`, {
          token: admin,
          body: { newPassword: 'set-by-the-admin-6' },
        })
      ).status,
    ).toBe(204);
    for (const token of sessions) expect((await http(h.baseUrl, 'GET', '/api/me', { token })).status).toBe(401);
    expect((await tryLogin(h.baseUrl, user.username, 'the-old-password-6')).status).toBe(401);
    expect((await tryLogin(h.baseUrl, user.username, 'set-by-the-admin-6')).status).toBe(200);
    const audit = await h.db.auditEvent.findMany({
      where: { action: 'password_reset', detail: { path: ['userId'], equals: user.id } },
    });
    expect(audit).toEqual([
      expect.objectContaining({ actorRole: 'admin', detail: expect.objectContaining({ revokedSessions: 2 }) }),
    ]);
    expect(
      (
        await http(h.baseUrl, 'POST', `/api/users/${crypto.randomUUID()}/password`, {
          token: admin,
          body: { newPassword: 'set-by-the-admin-6' },
        })
      ).status,
    ).toBe(404);
  });

  test('when the administrator deactivates an account, then its session ends at once and it cannot log in; the list shows it; reactivated, it logs in again', async () => {
    const user = await account('the-password-7');
    const token = await login(h, user.username, 'the-password-7');
    const deactivated = await http(h.baseUrl, 'POST', `/api/users/${user.id}/deactivate`, {
      token: admin,
      body: { reason: '调离原岗位 Transferred' },
    });
    expect(deactivated).toMatchObject({ status: 200, body: { id: user.id, deactivatedAt: expect.any(String) } });
    expect((await http(h.baseUrl, 'GET', '/api/me', { token })).status).toBe(401);
    expect((await tryLogin(h.baseUrl, user.username, 'the-password-7')).status).toBe(401);
    expect(
      (await http(h.baseUrl, 'POST', `/api/users/${user.id}/deactivate`, { token: admin, body: { reason: 'again' } }))
        .body.error.code,
    ).toBe('already_deactivated');
    // even a session nobody revoked is refused while the account is deactivated (authenticate reads the account)
    const lateToken = `late-${crypto.randomUUID()}`;
    await h.db.session.create({
      data: {
        tokenHash: crypto.createHash('sha256').update(lateToken).digest('hex'),
        userId: user.id,
        expiresAt: new Date(Date.now() + 3600_000),
      },
    });
    expect((await http(h.baseUrl, 'GET', '/api/me', { token: lateToken })).status).toBe(401);

    const list = await http(h.baseUrl, 'GET', `/api/users?q=${user.username}&status=deactivated`, { token: admin });
    expect(list.body).toMatchObject({
      total: 1,
      items: [{ id: user.id, username: user.username, role: 'auditor', deactivatedAt: deactivated.body.deactivatedAt }],
    });
    expect(Object.keys(list.body.items[0]).sort()).toEqual([
      'createdAt',
      'deactivatedAt',
      'departmentId',
      'displayName',
      'email',
      'id',
      'organizationId',
      'organizationName',
      'passwordChangedAt',
      'role',
      'username',
    ]);
    expect(
      (await http(h.baseUrl, 'GET', `/api/users?q=${user.username}&status=active`, { token: admin })).body.total,
    ).toBe(0);

    const adminId = (await http(h.baseUrl, 'GET', '/api/me', { token: admin })).body.id;
    expect(
      (await http(h.baseUrl, 'POST', `/api/users/${adminId}/deactivate`, { token: admin, body: { reason: 'oops' } }))
        .body.error.code,
    ).toBe('cannot_deactivate_self');

    expect(
      (await http(h.baseUrl, 'POST', `/api/users/${user.id}/reactivate`, { token: admin, body: { reason: 'Back' } }))
        .body.deactivatedAt,
    ).toBeNull();
    expect((await http(h.baseUrl, 'GET', '/api/me', { token })).status).toBe(401); // its old session stays revoked
    expect((await tryLogin(h.baseUrl, user.username, 'the-password-7')).status).toBe(200);
    const audit = await h.db.auditEvent.findMany({
      where: { detail: { path: ['userId'], equals: user.id } },
      orderBy: { at: 'asc' },
    });
    expect(audit.map((a) => [a.action, a.reason])).toEqual([
      ['user_deactivated', '调离原岗位 Transferred'],
      ['user_reactivated', 'Back'],
    ]);
  });
});
