// Why: a ministry that outgrows one machine runs Temporal as a cluster on PostgreSQL. This builds
// the real server (the Go module go.temporal.io/server, pinned) into .tools/, creates and updates
// its two schemas with its own schema tool, and runs N nodes on loopback (127.0.0.1, .2, …), each
// with the frontend, history, matching and worker services, finding each other through the
// cluster_membership table as the Helm chart's pods do. `npm run cluster` and test/cluster.test.ts.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import { msToTs } from '@temporalio/common/lib/time';
import net from 'node:net';
import { repoPath } from './paths';
import { ensureSearchAttributes } from './searchAttributes';

export const TEMPORAL_SERVER = {
  module: 'go.temporal.io/server',
  version: 'v1.32.2',
  // v1.31+ need a newer Go than the machine's; the go command fetches this approved one through the module proxy
  goToolchain: 'go1.27.3',
} as const;

export interface ServerTools {
  server: string;
  sqlTool: string;
  /** schema/postgresql/v12 of the same module version */
  schemaDir: string;
}

const ALREADY_EXISTS = 6;

/** The server and its schema tool, built with `go install` on first use (~5 min on 2 cores) and kept in .tools/. */
export function resolveServerTools(log: (line: string) => void = console.error): ServerTools {
  const dir = repoPath('.tools', `temporal-server-${TEMPORAL_SERVER.version.slice(1)}`);
  const tools = {
    server: path.join(dir, 'bin', 'server'),
    sqlTool: path.join(dir, 'bin', 'sql'),
    schemaDir: path.join(dir, 'schema'),
  };
  if (Object.values(tools).every((p) => fs.existsSync(p))) return tools;
  const env = {
    ...process.env,
    GOBIN: path.join(dir, 'bin'),
    GOTOOLCHAIN: TEMPORAL_SERVER.goToolchain,
    GOFLAGS: '-buildvcs=false',
  };
  for (const cmd of ['cmd/server', 'cmd/tools/sql']) {
    const started = Date.now();
    log(`building ${TEMPORAL_SERVER.module}/${cmd}@${TEMPORAL_SERVER.version} into ${dir} …`);
    execFileSync('go', ['install', `${TEMPORAL_SERVER.module}/${cmd}@${TEMPORAL_SERVER.version}`], {
      env,
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    log(`built ${cmd} in ${Math.round((Date.now() - started) / 1000)} s`);
  }
  const download = JSON.parse(
    execFileSync('go', ['mod', 'download', '-json', `${TEMPORAL_SERVER.module}@${TEMPORAL_SERVER.version}`], {
      env,
      encoding: 'utf8',
    }),
  ) as { Dir: string };
  fs.cpSync(path.join(download.Dir, 'schema', 'postgresql', 'v12'), tools.schemaDir, { recursive: true });
  // the module cache's files are read-only; the copy is the project's, to delete with .tools/
  execFileSync('chmod', ['-R', 'u+w', tools.schemaDir]);
  return tools;
}

export interface PostgresServer {
  host: string;
  port: number;
  user: string;
  password: string;
}

export function postgresServerOf(url: string): PostgresServer {
  const u = new URL(url);
  return {
    host: u.hostname,
    port: Number(u.port || 5432),
    user: decodeURIComponent(u.username),
    password: decodeURIComponent(u.password),
  };
}

/** Creates (if missing) and updates Temporal's persistence and visibility databases to the schema of the built version. */
export function setupSchemas(tools: ServerTools, pg: PostgresServer, databases: { main: string; visibility: string }) {
  for (const [database, schema] of [
    [databases.main, 'temporal'],
    [databases.visibility, 'visibility'],
  ] as const) {
    // the password goes by environment, not on a command line others can read
    const run = (...args: string[]) =>
      execFileSync(
        tools.sqlTool,
        ['--plugin', 'postgres12', '--ep', pg.host, '-p', String(pg.port), '-u', pg.user, '--db', database, ...args],
        { env: { ...process.env, SQL_PASSWORD: pg.password }, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' },
      );
    try {
      run('create-database');
    } catch (err) {
      if (!/already exists/.test(String((err as { stderr?: string }).stderr ?? err))) throw err;
    }
    try {
      run('setup-schema', '-v', '0.0');
    } catch (err) {
      // set up before: update-schema below brings it to this version
      if (!/already exists/.test(String((err as { stderr?: string }).stderr ?? err))) throw err;
    }
    run('update-schema', '-d', path.join(tools.schemaDir, schema, 'versioned'));
  }
}

export interface ClusterOptions {
  /** where configurations and logs go */
  dir: string;
  postgres: PostgresServer;
  databases: { main: string; visibility: string };
  nodes?: number;
  /** fixed for the cluster's life: shards move between nodes, their number never changes */
  historyShards?: number;
  namespace: string;
  retentionDays?: number;
  log?: (line: string) => void;
}

export interface ClusterNode {
  index: number;
  ip: string;
  frontend: string;
  metricsUrl: string;
  running(): boolean;
  start(): Promise<void>;
  /** SIGKILL: no goodbye to the ring, as when a machine dies */
  kill(): Promise<void>;
  stop(): Promise<void>;
}

export interface TemporalCluster {
  nodes: ClusterNode[];
  historyShards: number;
  /** the history shards each node's history service owns now, from its own metrics */
  shardsByNode(): Promise<number[]>;
  stop(): Promise<void>;
}

type Ports = { frontend: number; frontendHttp: number; history: number; matching: number; worker: number };

function nodeConfig(o: Required<ClusterOptions>, ip: string, ports: Ports, membership: Ports, metricsPort: number) {
  const store = (databaseName: string, maxConns: number) => ({
    sql: {
      pluginName: 'postgres12',
      databaseName,
      connectAddr: `${o.postgres.host}:${o.postgres.port}`,
      connectProtocol: 'tcp',
      user: o.postgres.user,
      password: o.postgres.password,
      maxConns,
      maxIdleConns: maxConns,
      maxConnLifetime: '1h',
    },
  });
  const rpc = (name: keyof Ports) => ({ grpcPort: ports[name], membershipPort: membership[name], bindOnIP: ip });
  // JSON is YAML: the server reads it as its config file
  return {
    log: { stdout: true, level: 'warn' },
    persistence: {
      defaultStore: 'default',
      visibilityStore: 'visibility',
      numHistoryShards: o.historyShards,
      // each of a node's four services opens its own pools: 2 nodes × 4 × (4 + 1) = 40 connections at most
      datastores: { default: store(o.databases.main, 4), visibility: store(o.databases.visibility, 1) },
    },
    global: {
      membership: { maxJoinDuration: '30s', broadcastAddress: ip },
      metrics: { prometheus: { framework: 'tally', timerType: 'histogram', listenAddress: `${ip}:${metricsPort}` } },
    },
    services: {
      frontend: { rpc: { ...rpc('frontend'), httpPort: ports.frontendHttp } },
      history: { rpc: rpc('history') },
      matching: { rpc: rpc('matching') },
      worker: { rpc: rpc('worker') },
    },
    // no publicClient: the system workers find a live frontend through membership
    clusterMetadata: {
      enableGlobalNamespace: false,
      failoverVersionIncrement: 10,
      masterClusterName: 'active',
      currentClusterName: 'active',
      clusterInformation: {
        active: {
          enabled: true,
          initialFailoverVersion: 1,
          rpcName: 'frontend',
          rpcAddress: `127.0.0.1:${ports.frontend}`,
        },
      },
    },
    dcRedirectionPolicy: { policy: 'noop' },
    dynamicConfigClient: { filepath: path.join(o.dir, 'dynamicconfig.yaml'), pollInterval: '10s' },
  };
}

// Search attributes registered through one node are seen by the other at once, not after its
// cache's minute; the rest are the server's defaults (deploy/temporal/dynamicconfig.yaml is the production file).
const DYNAMIC_CONFIG = `system.forceSearchAttributesCacheRefreshOnRead:
  - value: true
`;

/** A port free on every node's address, below 32768: the membership table keeps ports as smallint. */
async function freeLowPort(ips: string[]): Promise<number> {
  const freeOn = (ip: string, port: number) =>
    new Promise<boolean>((resolve) => {
      const server = net.createServer();
      server.once('error', () => resolve(false));
      server.listen(port, ip, () => server.close(() => resolve(true)));
    });
  for (;;) {
    const port = 20_000 + Math.floor(Math.random() * 12_000);
    if ((await Promise.all(ips.map((ip) => freeOn(ip, port)))).every(Boolean)) return port;
  }
}

async function until(
  what: string,
  probe: () => Promise<boolean>,
  timeoutMs = 120_000,
  gone?: () => string | undefined,
) {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe().catch(() => false))) {
    const why = gone?.();
    if (why) throw new Error(why);
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function withConnection<T>(address: string, fn: (c: Connection) => Promise<T>): Promise<T> {
  const connection = await Connection.connect({ address, connectTimeout: 2000 });
  try {
    return await fn(connection);
  } finally {
    await connection.close();
  }
}

/** The history shards a node owns, from its Prometheus metrics (the history service's numshards_gauge). */
async function ownedShards(metricsUrl: string): Promise<number> {
  const text = await (await fetch(metricsUrl, { signal: AbortSignal.timeout(2000) })).text();
  const line = text.split('\n').find((l) => l.startsWith('numshards_gauge'));
  return line ? Number(line.split(' ').pop()) : 0;
}

export async function startCluster(options: ClusterOptions): Promise<TemporalCluster> {
  const o: Required<ClusterOptions> = { nodes: 2, historyShards: 8, retentionDays: 30, log: console.error, ...options };
  const tools = resolveServerTools(o.log);
  fs.mkdirSync(o.dir, { recursive: true, mode: 0o700 });
  fs.writeFileSync(path.join(o.dir, 'dynamicconfig.yaml'), DYNAMIC_CONFIG);
  setupSchemas(tools, o.postgres, o.databases);
  const ips = Array.from({ length: o.nodes }, (_, i) => `127.0.0.${i + 1}`);
  const port = () => freeLowPort(ips);
  const take = async (): Promise<Ports> => ({
    frontend: await port(),
    frontendHttp: await port(),
    history: await port(),
    matching: await port(),
    worker: await port(),
  });
  // every node the same ports on its own address, as pods are
  const [ports, membership, metricsPort] = [await take(), await take(), await port()];

  const nodes: ClusterNode[] = Array.from({ length: o.nodes }, (_, index) => {
    const ip = ips[index];
    const configFile = path.join(o.dir, `node-${index + 1}.yaml`);
    fs.writeFileSync(configFile, JSON.stringify(nodeConfig(o, ip, ports, membership, metricsPort), null, 1), {
      mode: 0o600, // it holds the database password
    });
    const frontend = `${ip}:${ports.frontend}`;
    let child: ChildProcess | undefined;
    const exited = () =>
      new Promise<void>((r) =>
        child && child.exitCode === null && child.signalCode === null ? child.once('exit', () => r()) : r(),
      );
    const node: ClusterNode = {
      index: index + 1,
      ip,
      frontend,
      metricsUrl: `http://${ip}:${metricsPort}/metrics`,
      running: () => !!child && child.exitCode === null && child.signalCode === null,
      async start() {
        if (node.running()) return;
        const out = fs.openSync(path.join(o.dir, `node-${index + 1}.log`), 'a', 0o600);
        child = spawn(tools.server, ['--config-file', configFile, '--allow-no-auth', 'start'], {
          stdio: ['ignore', out, out],
          detached: true,
        });
        fs.closeSync(out);
        const started = child;
        await until(
          `node ${index + 1} (${frontend})`,
          () =>
            withConnection(frontend, async (c) => {
              await c.healthService.check({});
              return true;
            }),
          120_000,
          () =>
            started.exitCode !== null ? `node ${index + 1} exited; see ${o.dir}/node-${index + 1}.log` : undefined,
        );
      },
      async kill() {
        child?.kill('SIGKILL');
        await exited();
      },
      async stop() {
        child?.kill('SIGTERM');
        const killer = setTimeout(() => child?.kill('SIGKILL'), 20_000);
        await exited();
        clearTimeout(killer);
      },
    };
    return node;
  });
  const stop = async () => {
    await Promise.all(nodes.map((n) => n.stop()));
  };
  try {
    // the first node alone creates the ring's first member and the cluster's metadata, then the rest join
    await nodes[0].start();
    await Promise.all(nodes.slice(1).map((n) => n.start()));
    await withConnection(nodes[0].frontend, async (c) => {
      await c.workflowService
        .registerNamespace({
          namespace: o.namespace,
          workflowExecutionRetentionPeriod: msToTs(o.retentionDays * 86_400_000),
        })
        .catch((err: { code?: number }) => {
          if (err.code !== ALREADY_EXISTS) throw err;
        });
      await ensureSearchAttributes(c, o.namespace);
    });
    // every frontend knows the namespace (its registry refreshes every few seconds) before anyone uses it
    for (const n of nodes)
      await until(`${n.frontend} to know namespace ${o.namespace}`, () =>
        withConnection(
          n.frontend,
          async (c) => !!(await c.workflowService.describeNamespace({ namespace: o.namespace })),
        ),
      );
    await until('every shard owned', async () => {
      const owned = await Promise.all(nodes.map((n) => ownedShards(n.metricsUrl)));
      return owned.reduce((a, b) => a + b, 0) === o.historyShards;
    });
  } catch (err) {
    await stop();
    throw err;
  }
  return {
    nodes,
    historyShards: o.historyShards,
    shardsByNode: () => Promise.all(nodes.map((n) => (n.running() ? ownedShards(n.metricsUrl).catch(() => 0) : 0))),
    stop,
  };
}
