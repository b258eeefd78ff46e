// Per test file: a real worker on its own task queue (running the bundled workflows and the real
// activities), a Temporal client, and the real Express app listening on a free port — all
// against the server and database that globalSetup started.
import crypto from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { Client, Connection } from '@temporalio/client';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, NativeConnection, Runtime, type Worker } from '@temporalio/worker';
import { createApp } from '../../api/app';
import { DEFAULT_ROUND_CONFIG, type RoundConfig } from '../../domain/round';
import { updateDeadline } from '../../platform/updateDeadline';
import { asJson, createDb, type Db } from '../../platform/db';
import { createLogger } from '../../platform/logger';
import { hashPasswordSync } from '../../platform/passwords';
import { DEMO_PASSWORD } from '../../platform/seed';
import { createLoginThrottle } from '../../usecases/loginThrottle';
import { resolveTool } from '../../platform/tools';
import { ensureSearchAttributes } from '../../platform/searchAttributes';
import type { UseCaseDeps } from '../../usecases/context';
import { createWorker } from '../../workers/createWorker';
import { createMailer } from '../../notifications/mailer';
import { startMailSink, type MailSink } from '../../notifications/sink';
import { MAIL_DOMAIN } from '../../platform/config';
import { env } from './env';

export interface Harness {
  baseUrl: string;
  /** what the API's use cases run on, for tests that drive them without HTTP */
  deps: UseCaseDeps;
  db: Db;
  client: Client;
  taskQueue: string;
  /** The SMTP server the worker sends to: a real one, on this process's loopback. */
  smtpUrl: string;
  /** Stops the SMTP sink (connections are then refused) until startSink() brings it back on the same port. */
  stopSink(): Promise<void>;
  startSink(): Promise<void>;
  startWorker(): Promise<void>;
  stopWorker(): Promise<void>;
  stop(): Promise<void>;
}

/** Where mail links point and whose Message-IDs the tests' mail carries. */
export const OUTBOX = {
  publicUrl: 'http://pilotflow.test',
  mailDomain: MAIL_DOMAIN,
  mailFrom: `pilotflow <noreply@${MAIL_DOMAIN}>`,
};

export { env };

/** The SDK logs only errors in tests; the runtime is per process, so later test files find it installed. */
export function quietRuntime() {
  try {
    Runtime.install({ logger: new DefaultLogger('ERROR') });
  } catch {
    // already installed by an earlier test file in this Jest worker process
  }
}

/**
 * The same, on Temporal's time-skipping test server (one per call), for stages measured in months:
 * `skip(ms)` moves the server's clock forward, firing every durable timer on the way; `now()` reads it.
 */
export async function startTimeSkippingHarness(
  opts: { maxCachedWorkflows?: number } = {},
): Promise<Harness & { skip(ms: number): Promise<void>; now(): Promise<Date> }> {
  quietRuntime();
  const testEnv = await TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: { type: 'existing-path', path: resolveTool('testServer') } },
  });
  // it refuses a start with a search attribute it was not told of (it takes them; it cannot list them)
  await ensureSearchAttributes(testEnv.connection, 'default');
  const harness = await startHarness({
    ...opts,
    connection: testEnv.connection,
    nativeConnection: testEnv.nativeConnection,
    client: testEnv.client,
  });
  return {
    ...harness,
    skip: (ms) => testEnv.sleep(ms),
    /** the server's clock, ahead of this process's once time has been skipped */
    now: async () => new Date(await testEnv.currentTimeMs()),
    async stop() {
      await harness.stop();
      await testEnv.teardown();
    },
  };
}

export async function startHarness(
  opts: {
    worker?: boolean;
    connection?: Connection;
    nativeConnection?: NativeConnection;
    client?: Client;
    /** The worker's own database URL (e.g. through a proxy a test cuts); the API and the SMTP sink keep the direct one. */
    workerDatabaseUrl?: string;
    /** The SMTP server the worker sends to (e.g. one a test controls); by default the harness's sink. */
    workerSmtpUrl?: string;
    /** How long the API waits for a workflow to accept an Update (platform/updateDeadline.ts). */
    updateWaitMs?: number;
    /** The worker's workflow cache (0: every workflow task replays the history from the start). */
    maxCachedWorkflows?: number;
  } = {},
): Promise<Harness> {
  quietRuntime();
  const logger = createLogger(process.env.TEST_LOG_LEVEL || 'silent');
  const db = createDb(env.databaseUrl(), 5);
  const workerDb = opts.workerDatabaseUrl ? createDb(opts.workerDatabaseUrl, 5) : db;
  const taskQueue = `test-${crypto.randomUUID()}`;
  const ownConnection = opts.connection ? undefined : await Connection.connect({ address: env.temporalAddress() });
  const client =
    opts.client ??
    new Client({
      connection: ownConnection!,
      namespace: 'default',
      interceptors: { workflow: [updateDeadline(ownConnection!, opts.updateWaitMs)] },
    });
  // the login throttle on the database, as in production (every test file logs in from 127.0.0.1: its address limit is far above the suite's wrong passwords)
  const loginThrottle = createLoginThrottle({ databaseUrl: env.databaseUrl() });
  const deps: UseCaseDeps = {
    db,
    temporal: client,
    taskQueue,
    sessionTtlHours: 1,
    logger,
    outbox: OUTBOX,
    demoMode: true,
    loginThrottle,
  };
  let sink: MailSink | undefined = await startMailSink({ db, logger });
  const sinkPort = sink.port;
  const smtpUrl = sink.url;
  const app = createApp(deps);
  const server = app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  let workerConnection: NativeConnection | undefined;
  let worker: Worker | undefined;
  let running: Promise<void> | undefined;
  const startWorker = async () => {
    if (worker) return;
    workerConnection = opts.nativeConnection ?? (await NativeConnection.connect({ address: env.temporalAddress() }));
    worker = await createWorker({
      connection: workerConnection,
      namespace: 'default',
      taskQueue,
      db: workerDb,
      logger,
      mailer: createMailer(opts.workerSmtpUrl ?? smtpUrl),
      outbox: OUTBOX,
      workflowBundle: { codePath: env.bundlePath() },
      maxCachedWorkflows: opts.maxCachedWorkflows,
    });
    running = worker.run();
  };
  const stopWorker = async () => {
    if (!worker) return;
    worker.shutdown();
    await running;
    if (!opts.nativeConnection) await workerConnection?.close();
    worker = undefined;
  };
  if (opts.worker !== false) await startWorker();

  return {
    baseUrl,
    deps,
    db,
    client,
    taskQueue,
    smtpUrl,
    async stopSink() {
      await sink?.stop();
      sink = undefined;
    },
    async startSink() {
      sink ??= await startMailSink({ db, logger, port: sinkPort });
    },
    startWorker,
    stopWorker,
    async stop() {
      await stopWorker();
      await sink?.stop();
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
      await ownConnection?.close();
      await loginThrottle.close();
      await db.$disconnect();
      if (workerDb !== db) await workerDb.$disconnect();
    },
  };
}

/** A JSON HTTP call: returns status and parsed body. */
export async function http(
  baseUrl: string,
  method: string,
  path: string,
  opts: { token?: string; body?: unknown; headers?: Record<string, string> } = {},
) {
  const res = await fetch(baseUrl + path, {
    method,
    headers: {
      'accept-language': 'en',
      ...(opts.body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}),
      ...opts.headers,
    },
    body: opts.body === undefined ? undefined : typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body),
  });
  const text = await res.text();
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const body: any = text ? JSON.parse(text) : undefined;
  // the headers are there to read, not to compare: tests compare answers as {status, body}
  return Object.defineProperty({ status: res.status, body }, 'headers', { value: res.headers, enumerable: false }) as {
    status: number;
    body: typeof body;
    headers: Headers;
  };
}

export async function login(h: Harness, username: string, password = DEMO_PASSWORD): Promise<string> {
  const res = await http(h.baseUrl, 'POST', '/api/auth/login', { body: { username, password } });
  if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.token;
}

const TEST_HASH = hashPasswordSync(DEMO_PASSWORD);

/** A fresh applicant organisation with one user, logged in. */
/** A new applicant organisation (named `name`, or uniquely by default) with its user, logged in. */
export async function newApplicant(
  h: Harness,
  kind: 'city' | 'ftz' | 'enterprise' | 'central_enterprise',
  provinceCode: string | null = 'GD',
  name?: string,
) {
  const suffix = crypto.randomUUID().slice(0, 8);
  const org = await h.db.organization.create({
    data: {
      kind,
      name: name ?? `Test ${kind} ${suffix}`,
      provinceCode: kind === 'central_enterprise' ? null : provinceCode,
      email: `applicant-${suffix}@pilotflow.example.org`,
    },
  });
  const user = await h.db.user.create({
    data: {
      username: `applicant-${suffix}`,
      passwordHash: TEST_HASH,
      role: 'applicant',
      displayName: org.name,
      organizationId: org.id,
    },
  });
  return { org, user, token: await login(h, user.username) };
}

type RoundOverrides = {
  [K in keyof RoundConfig]?: RoundConfig[K] extends unknown[]
    ? RoundConfig[K]
    : RoundConfig[K] extends object
      ? Partial<RoundConfig[K]>
      : RoundConfig[K];
};

/** A round whose deadline and rules the test chooses (e.g. seconds instead of days), on the defaults. */
export async function newRound(h: Harness, opts: { deadline?: Date } & RoundOverrides = {}) {
  const { deadline, ...overrides } = opts;
  const config: Record<string, unknown> = { ...DEFAULT_ROUND_CONFIG };
  for (const [key, value] of Object.entries(overrides)) {
    const base = config[key];
    config[key] = base && typeof base === 'object' && !Array.isArray(base) ? { ...base, ...(value as object) } : value;
  }
  return h.db.round.create({
    data: {
      id: `test-${crypto.randomUUID().slice(0, 8)}`,
      kind: 'pilot',
      nameZh: '测试轮次',
      nameEn: 'Test round',
      declarationDeadline: deadline ?? new Date(Date.now() + 30 * 24 * 3600 * 1000),
      config: asJson(config),
      configVersions: { create: { version: 1, config: asJson(config), reason: 'created' } },
    },
  });
}

/** An expert in the pool, with a login. */
export async function newExpert(h: Harness, opts: { provinceCode?: string | null; organizationId?: string } = {}) {
  const suffix = crypto.randomUUID().slice(0, 8);
  const user = await h.db.user.create({
    data: {
      username: `expert-${suffix}`,
      passwordHash: TEST_HASH,
      role: 'expert',
      displayName: `Expert ${suffix}`,
      email: `expert-${suffix}@${MAIL_DOMAIN}`,
    },
  });
  const expert = await h.db.expert.create({
    data: {
      userId: user.id,
      name: `Expert ${suffix}`,
      fields: ['supply-chain finance'],
      provinceCode: opts.provinceCode === undefined ? 'BJ' : opts.provinceCode,
      bodies: ['MOFCOM'],
      organizationId: opts.organizationId,
    },
  });
  return { expert, user };
}

/**
 * The probe's first truthy answer. The time limit only ends a wait for what will not come: generous,
 * so that a machine busy with other work (the suite must pass beside it) slows a test, never fails it.
 */
export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined | null | false>,
  timeoutMs = 60_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  // what is near is seen at once, what takes long is polled every 100 ms (each probe costs a query)
  for (let pauseMs = 10; ; pauseMs = Math.min(pauseMs * 2, 100)) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, pauseMs));
  }
}

export const SECONDS_AS_DAYS = (s: number) => s / 86_400;
