// The system under test as two processes, a worker and an API, started as `npm start` starts them
// (scripts/start.ts): the product's own entry points, or the floor's.
import { startChild, type Child } from './child';
import { freePort } from '../platform/freePort';
import type { Infra } from './infra';

export interface System {
  baseUrl: string;
  worker: Child;
  api: Child;
  stop(): Promise<void>;
}

const ENTRIES = {
  product: {
    worker: 'workers/main.ts',
    workerReady: /"worker started"/,
    api: 'api/main.ts',
    apiReady: /"api listening"/,
  },
  floor: {
    worker: 'bench/floor/worker.ts',
    workerReady: /floor worker started/,
    api: 'bench/floor/api.ts',
    apiReady: /floor api listening/,
  },
};

export async function startSystem(kind: keyof typeof ENTRIES, infra: Infra): Promise<System> {
  const port = await freePort();
  const e = ENTRIES[kind];
  const env = {
    ...process.env,
    DATABASE_URL: infra.databaseUrl,
    TEMPORAL_ADDRESS: infra.temporalAddress,
    SMTP_URL: infra.smtpUrl,
    PORT: String(port),
    HOST: '127.0.0.1',
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    LOG_LEVEL: 'info', // the production default: one line per request and per transition
    ARCHIVE_EVERY_MINUTES: '0', // no history archiving mid-run: its timing would make runs incomparable
  };
  const started = await Promise.allSettled([
    startChild({ name: `${kind}-worker`, entry: e.worker, env, logDir: infra.dir, ready: e.workerReady }),
    startChild({ name: `${kind}-api`, entry: e.api, env, logDir: infra.dir, ready: e.apiReady }),
  ]);
  const failed = started.find((s) => s.status === 'rejected');
  if (failed) {
    for (const s of started) if (s.status === 'fulfilled') await s.value.stop();
    throw failed.reason;
  }
  const [worker, api] = started.map((s) => (s as PromiseFulfilledResult<Child>).value);
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    worker,
    api,
    stop: async () => {
      await api.stop();
      await worker.stop();
    },
  };
}
