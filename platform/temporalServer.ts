// The embedded Temporal: the CLI's dev server, its SQLite file in the data folder so workflows
// survive a restart, and its Web UI on.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import { resolveTool } from './tools';

export interface DevServerOptions {
  port: number;
  uiPort?: number; // undefined: headless
  namespace: string;
  dbFile?: string; // undefined: in memory
  logFile?: string;
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
    return { address, uiUrl, started: false, stop: async () => {} };
  }
  const args = ['server', 'start-dev', '--ip', '127.0.0.1', '--port', String(opts.port), '--namespace', opts.namespace, '--log-level', 'warn'];
  if (opts.dbFile) {
    fs.mkdirSync(path.dirname(opts.dbFile), { recursive: true });
    args.push('--db-filename', opts.dbFile);
  }
  if (opts.uiPort) args.push('--ui-port', String(opts.uiPort), '--ui-ip', '127.0.0.1', '--ui-disable-news-fetch');
  else args.push('--headless');
  const out = opts.logFile ? fs.openSync(opts.logFile, 'a') : 'ignore';
  // detached: stopped by whoever started it, after the workers that use it, not by a terminal's Ctrl-C.
  const child: ChildProcess = spawn(resolveTool('temporal'), args, { stdio: ['ignore', out, out], detached: true });
  let exited = false;
  child.on('exit', () => (exited = true));

  const deadline = Date.now() + 60_000;
  while (!(await isTemporalReachable(address, 1000))) {
    if (exited) throw new Error(`The Temporal dev server exited during start-up${opts.logFile ? `; see ${opts.logFile}` : ''}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error('The Temporal dev server did not answer within 60 s');
    }
    await new Promise((r) => setTimeout(r, 200));
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
