// pilotflow on a Temporal cluster, as a ministry would run it at scale, on one machine: N server
// nodes on PostgreSQL (platform/temporalCluster.ts) behind a TCP balancer (as a Kubernetes Service
// is), two workers and two API processes (their own balancer in front), the application's
// database on the same PostgreSQL server, and the SMTP sink. Each part can be killed and started
// again. Used by `npm run cluster`, test/cluster.test.ts and `npm run bench:cluster`.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { createDb, type Db } from '../platform/db';
import { freePort } from '../platform/freePort';
import { createLogger } from '../platform/logger';
import { migrate } from '../platform/migrate';
import { seed } from '../platform/seed';
import { startTcpBalancer, type TcpBalancer } from '../platform/tcpBalancer';
import { postgresServerOf, startCluster, type TemporalCluster } from '../platform/temporalCluster';
import { startMailSink, type MailSink } from '../notifications/sink';
import { startChild, type Child } from './child';

export const CLUSTER_NAMESPACE = 'pilotflow';

export interface ClusterSystemOptions {
  /** a PostgreSQL server's URL: Temporal's two databases and the application's are made on it */
  serverUrl: string;
  /** names the databases (`<name>`, `<name>_temporal`, `<name>_temporal_visibility`) */
  name: string;
  dir: string;
  nodes?: number;
  historyShards?: number;
  workers?: number;
  apis?: number;
  /** the API's port behind its balancer (0: any free one) */
  apiPort?: number;
  /** worker and API settings beyond the cluster's own (e.g. LOG_LEVEL) */
  env?: NodeJS.ProcessEnv;
  log?: (line: string) => void;
}

/** A worker or an API process that can be killed and started again with the same settings. */
export interface Part {
  name: string;
  child(): Child | undefined;
  start(): Promise<void>;
  kill(): Promise<void>;
  stop(): Promise<void>;
}

export interface ClusterSystem {
  cluster: TemporalCluster;
  temporal: TcpBalancer;
  api: TcpBalancer;
  baseUrl: string;
  databaseUrl: string;
  db: Db;
  sink: MailSink;
  workers: Part[];
  apis: Part[];
  stop(): Promise<void>;
}

/** The cluster's databases on its PostgreSQL server: the application's, and Temporal's two. */
const databasesOf = (name: string) => ({
  app: name,
  main: `${name}_temporal`,
  visibility: `${name}_temporal_visibility`,
});

async function onServer<T>(serverUrl: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

async function ensureDatabase(serverUrl: string, name: string): Promise<string> {
  await onServer(serverUrl, async (client) => {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (!found.rowCount) await client.query(`CREATE DATABASE "${name}"`);
  });
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Drops the databases a cluster system named `name` made (a test's or a benchmark's, once it is stopped). */
export function dropClusterDatabases(serverUrl: string, name: string): Promise<void> {
  return onServer(serverUrl, async (client) => {
    for (const db of Object.values(databasesOf(name)))
      await client.query(`DROP DATABASE IF EXISTS "${db}" WITH (FORCE)`);
  });
}

/** The cluster's key rings, made once and kept in its folder: every worker and API must hold the same. */
function clusterKeys(dir: string): { ACTOR_SIGNING_KEYS: string; AUDIT_CHAIN_KEYS: string } {
  const file = path.join(dir, 'keys.json');
  if (!fs.existsSync(file)) {
    const key = () => `k1:${crypto.randomBytes(32).toString('base64')}`;
    fs.writeFileSync(file, JSON.stringify({ ACTOR_SIGNING_KEYS: key(), AUDIT_CHAIN_KEYS: key() }), { mode: 0o600 });
  }
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}

function part(name: string, entry: string, ready: RegExp, env: NodeJS.ProcessEnv, dir: string): Part {
  let child: Child | undefined;
  return {
    name,
    child: () => child,
    async start() {
      child = await startChild({ name, entry, env, logDir: dir, ready });
    },
    async kill() {
      await child?.kill();
      child = undefined;
    },
    async stop() {
      await child?.stop();
      child = undefined;
    },
  };
}

export async function startClusterSystem(options: ClusterSystemOptions): Promise<ClusterSystem> {
  const log = options.log ?? console.error;
  fs.mkdirSync(options.dir, { recursive: true, mode: 0o700 });
  const stops: (() => Promise<unknown>)[] = [];
  const stop = async () => {
    for (const s of stops.reverse()) await s().catch((err) => log(String(err)));
  };
  try {
    const cluster = await startCluster({
      dir: path.join(options.dir, 'temporal'),
      postgres: postgresServerOf(options.serverUrl),
      databases: databasesOf(options.name),
      nodes: options.nodes ?? 2,
      historyShards: options.historyShards ?? 8,
      namespace: CLUSTER_NAMESPACE,
      log,
    });
    stops.push(cluster.stop);
    const temporal = await startTcpBalancer(cluster.nodes.map((n) => n.frontend));
    stops.push(temporal.close);

    const databaseUrl = await ensureDatabase(options.serverUrl, databasesOf(options.name).app);
    await migrate(databaseUrl);
    const db = createDb(databaseUrl, 5);
    stops.push(() => db.$disconnect());
    await seed(db, { demoMode: true }); // the officers of every department, the demo experts
    const sink = await startMailSink({ db, logger: createLogger('warn', 'cluster-sink') });
    stops.push(sink.stop);

    const env: NodeJS.ProcessEnv = {
      ...process.env,
      DATA_DIR: options.dir,
      DATABASE_URL: databaseUrl,
      TEMPORAL_ADDRESS: temporal.address,
      TEMPORAL_NAMESPACE: CLUSTER_NAMESPACE,
      SMTP_URL: sink.url,
      HOST: '127.0.0.1',
      ...clusterKeys(options.dir),
      ...options.env,
    };
    const workers = Array.from({ length: options.workers ?? 2 }, (_, i) =>
      part(`worker-${i + 1}`, 'workers/main.ts', /"worker started"/, env, options.dir),
    );
    const apiPorts = await Promise.all(Array.from({ length: options.apis ?? 2 }, () => freePort()));
    const api = await startTcpBalancer(
      apiPorts.map((p) => `127.0.0.1:${p}`),
      options.apiPort ?? 0,
    );
    stops.push(api.close);
    const baseUrl = `http://${api.address}`;
    const apis = apiPorts.map((port, i) =>
      part(
        `api-${i + 1}`,
        'api/main.ts',
        /"api listening"/,
        { ...env, PORT: String(port), PUBLIC_URL: baseUrl },
        options.dir,
      ),
    );
    // the workers bundle the workflows at start: one after the other, so two cores are not asked for both at once
    for (const w of workers) {
      stops.push(w.stop);
      await w.start();
    }
    for (const a of apis) stops.push(a.stop);
    await Promise.all(apis.map((a) => a.start()));
    return { cluster, temporal, api, baseUrl, databaseUrl, db, sink, workers, apis, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
