// Once per test run: a Temporal dev server (in memory), a database (in-memory PGlite, or a
// fresh database on the PostgreSQL server named by TEST_DATABASE_URL), migrations, the seed, and
// the workflow bundle, and the workspace's build (web/dist, or WORKSPACE_DIST; skipped when up to
// date) that the browser tests load. Test files read what they need from the environment set here.
import { execFile } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { bundleWorkflowCode } from '@temporalio/worker';
import { createScratchDatabase } from '../../platform/scratchDatabase';
import { workflowBundleOptions } from '../../platform/actorSignature';
import { parseKeyRing } from '../../platform/secrets';
import { createDb } from '../../platform/db';
import { startEmbeddedDb } from '../../platform/embeddedDb';
import { migrate } from '../../platform/migrate';
import { seed } from '../../platform/seed';
import { startDevServer } from '../../platform/temporalServer';
import { freePort } from '../../platform/freePort';

export const TEST_DATA_DIR = path.join(__dirname, '..', '..', '.test-data');

/** The tests' own keys (never a deployment's): every process of the run signs and verifies with them. */
export const TEST_SECRETS = {
  ACTOR_SIGNING_KEYS: `test1:${Buffer.alloc(32, 1).toString('base64')},old0:${Buffer.alloc(32, 2).toString('base64')}`,
  AUDIT_CHAIN_KEYS: `test1:${Buffer.alloc(32, 3).toString('base64')},old0:${Buffer.alloc(32, 4).toString('base64')}`,
};

export default async function globalSetup() {
  fs.mkdirSync(TEST_DATA_DIR, { recursive: true });
  Object.assign(process.env, TEST_SECRETS);
  const ROOT = path.join(__dirname, '..', '..');
  const [temporal, database, bundle] = await Promise.all([
    freePort().then((port) =>
      startDevServer({
        port,
        namespace: 'default',
        logFile: path.join(TEST_DATA_DIR, 'temporal.log'),
        // A deleted workflow goes once its close task's ack is saved, every 30 s by default:
        // test/retention.test.ts waits for it (the server's functional tests shorten it alike)
        dynamicConfig: { 'history.transferProcessorUpdateAckInterval': '1s' },
      }),
    ),
    process.env.TEST_DATABASE_URL
      ? createScratchDatabase(process.env.TEST_DATABASE_URL, 'pilotflow_test').then((d) => ({
          url: d.url,
          stop: d.drop,
        }))
      : freePort().then((port) => startEmbeddedDb(undefined, port, crypto.randomBytes(18).toString('base64url'))), // the URL carries it
    // with the actor check and the test keys, as a production worker bundles with its own; no freshness window:
    // the time-skipping tests run workflow clocks years ahead of the API's (the window is unit-tested)
    bundleWorkflowCode({
      workflowsPath: require.resolve('../../workflows'),
      ...workflowBundleOptions(parseKeyRing('ACTOR_SIGNING_KEYS', TEST_SECRETS.ACTOR_SIGNING_KEYS), { maxAgeMs: 0 }),
      logger: { trace() {}, debug() {}, info() {}, warn: console.warn, error: console.error, log() {} },
    }),
    // vite is ESM-only: built by tsx in a process of its own, once for every browser test file; a
    // failed build fails those (the workspace answers 503), not the suites that need no browser
    promisify(execFile)(process.execPath, ['--import', 'tsx', path.join(ROOT, 'scripts', 'build-web.ts')], {
      cwd: ROOT,
    }).catch((err: Error) => console.error(`The workspace did not build:\n${err.message}`)),
  ]);
  await migrate(database.url);
  const db = createDb(database.url, 2);
  await seed(db, { demoMode: true });
  await db.$disconnect();

  const bundlePath = path.join(TEST_DATA_DIR, `workflow-bundle-${process.pid}.js`);
  fs.writeFileSync(bundlePath, bundle.code);

  process.env.PILOTFLOW_TEST_TEMPORAL_ADDRESS = temporal.address;
  process.env.PILOTFLOW_TEST_DATABASE_URL = database.url;
  process.env.PILOTFLOW_TEST_BUNDLE = bundlePath;
  (globalThis as Record<string, unknown>).__pilotflow = { temporal, database, bundlePath };
}
