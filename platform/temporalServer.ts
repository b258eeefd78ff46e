// The embedded Temporal: the CLI's dev server, its SQLite file in the data folder so workflows
// survive a restart, and its Web UI on.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { isMainThread } from 'node:worker_threads';
import { Connection } from '@temporalio/client';
import { devServerSearchAttributeArgs, ensureSearchAttributes } from './searchAttributes';
import { resolveTool } from './tools';

export interface DevServerOptions {
  port: number;
  uiPort?: number; // undefined: headless
  namespace: string;
  dbFile?: string; // undefined: in memory
  logFile?: string;
  /** Server settings (`--dynamic-config-value`), e.g. the tests' shorter queue intervals. */
  dynamicConfig?: Record<string, string | number | boolean>;
}

export interface DevServer {
  address: string;
  uiUrl?: string;
  /** false when a server was already listening on the port and we reused it */
  started: boolean;
  stop(): Promise<void>;
}

export async function isTemporalReachable(address: string, timeoutMs = 2000): Promise<boolean> {
  try {
    const connection = await Connection.connect({ address, connectTimeout: timeoutMs });
    try {
      await connection.healthService.check({});
      return true;
    } finally {
      await connection.close();
    }
  } catch {
    return false;
  }
}

export async function startDevServer(opts: DevServerOptions): Promise<DevServer> {
  const address = `127.0.0.1:${opts.port}`;
  const uiUrl = opts.uiPort ? `http://localhost:${opts.uiPort}` : undefined;
  if (await isTemporalReachable(address, 1000)) {
    await registerSearchAttributes(address, opts.namespace);
    return { address, uiUrl, started: false, stop: async () => {} };
  }
  // pilotflow's search attributes: the flags register them in a new SQLite file (or in memory);
  // registerSearchAttributes below adds those an existing file from an earlier start lacks
  const args = [
    'server',
    'start-dev',
    '--ip',
    '127.0.0.1',
    '--port',
    String(opts.port),
    '--namespace',
    opts.namespace,
    '--log-level',
    'warn',
    ...devServerSearchAttributeArgs(),
  ];
  if (opts.dbFile) {
    fs.mkdirSync(path.dirname(opts.dbFile), { recursive: true, mode: 0o700 });
    // the workflow histories are the owner's alone (a data folder from before kept 0644 files)
    for (const file of [opts.dbFile, `${opts.dbFile}-wal`, `${opts.dbFile}-shm`])
      if (fs.existsSync(file)) fs.chmodSync(file, 0o600);
    args.push('--db-filename', opts.dbFile);
  }
  for (const [key, value] of Object.entries(opts.dynamicConfig ?? {}))
    args.push('--dynamic-config-value', `${key}=${JSON.stringify(value)}`);
  if (opts.uiPort) args.push('--ui-port', String(opts.uiPort), '--ui-ip', '127.0.0.1', '--ui-disable-news-fetch');
  else args.push('--headless');
  const out = opts.logFile ? fs.openSync(opts.logFile, 'a', 0o600) : 'ignore';
  if (typeof out === 'number') fs.fchmodSync(out, 0o600);
  // detached: stopped by whoever started it, after the workers that use it, not by a terminal's Ctrl-C.
  // Under umask 077 (restored at once: spawn forks synchronously), so the SQLite file it creates is 0600.
  // (A worker thread cannot change the umask; the data folder's 0700 still keeps others out.)
  const umask = isMainThread ? process.umask(0o077) : undefined;
  let child: ChildProcess;
  try {
    child = spawn(resolveTool('temporal'), args, { stdio: ['ignore', out, out], detached: true });
  } finally {
    if (umask !== undefined) process.umask(umask);
  }
  let exited = false;
  child.on('exit', () => (exited = true));

  const deadline = Date.now() + 60_000;
  while (!(await isTemporalReachable(address, 1000))) {
    if (exited)
      throw new Error(`The Temporal dev server exited during start-up${opts.logFile ? `; see ${opts.logFile}` : ''}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error('The Temporal dev server did not answer within 60 s');
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  try {
    await registerSearchAttributes(address, opts.namespace);
  } catch (err) {
    child.kill('SIGKILL');
    throw err;
  }
  return {
    address,
    uiUrl,
    started: true,
    stop: () =>
      new Promise<void>((resolve) => {
        if (exited) return resolve();
        const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        child.once('exit', () => {
          clearTimeout(killer);
          resolve();
        });
        child.kill('SIGTERM');
      }),
  };
}

/** The search attributes the workflows are started with (platform/searchAttributes.ts), on a running dev server. */
async function registerSearchAttributes(address: string, namespace: string): Promise<void> {
  const connection = await Connection.connect({ address });
  try {
    await ensureSearchAttributes(connection, namespace);
  } finally {
    await connection.close();
  }
}
