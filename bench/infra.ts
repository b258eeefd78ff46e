// What the system runs on, started for the bench alone on free ports, as the tests do: a Temporal
// dev server in memory, the database (migrated and seeded), and the embedded SMTP sink.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createDb } from '../platform/db';
import { migrate } from '../platform/migrate';
import { seed } from '../platform/seed';
import { startDevServer, type DevServer } from '../platform/temporalServer';
import { startChild, type Child } from './child';
import { startDatabase, type BenchDatabase } from './database';
import { childrenNamed, sample, type ProcSample } from './proc';
import { freePort } from '../platform/freePort';

export interface Infra {
  dir: string;
  databaseUrl: string;
  databaseLabel: BenchDatabase['label'];
  temporalAddress: string;
  smtpUrl: string;
  /** the processes the bench did not write but measures too */
  measured(): Record<string, ProcSample>;
  stop(): Promise<void>;
}

export async function startInfra(): Promise<Infra> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pilotflow-bench-'));
  const stops: (() => Promise<void>)[] = [];
  const stop = async () => {
    for (const s of stops.reverse()) await s().catch((err) => console.error(err));
    fs.rmSync(dir, { recursive: true, force: true });
  };
  try {
    let temporal: DevServer | undefined;
    const [database] = await Promise.all([
      startDatabase(dir).then((d) => (stops.push(d.stop), d)),
      freePort().then(async (port) => {
        temporal = await startDevServer({ port, namespace: 'default', logFile: path.join(dir, 'temporal.log') });
        stops.push(temporal.stop);
      }),
    ]);
    const [temporalPid] = childrenNamed(process.pid, 'temporal');
    await migrate(database.url);
    const db = createDb(database.url, 2);
    await seed(db, { demoMode: true }); // the officer accounts of all 217 departments and the demo experts
    await db.$disconnect();
    const sink: Child = await startChild({
      name: 'mail-sink',
      entry: 'bench/sinkProcess.ts',
      env: { ...process.env, DATABASE_URL: database.url },
      logDir: dir,
      ready: /^url=(\S+)$/m,
    });
    stops.push(sink.stop);
    return {
      dir,
      databaseUrl: database.url,
      databaseLabel: database.label,
      temporalAddress: temporal!.address,
      smtpUrl: sink.ready[1],
      measured: () => ({
        ...(database.process ? { database: database.process.sample() } : {}),
        'mail sink': sink.sample(),
        ...(temporalPid ? { 'temporal server': sample(temporalPid) ?? { cpuSeconds: 0, rssMb: 0, peakRssMb: 0 } } : {}),
      }),
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}
