// `npm run replay -- <workflowId | file.json | --all> ...`: replays workflow histories against the
// current workflow code with the SDK's replayer, and prints per workflow OK or the nondeterminism
// found. Histories come from the Temporal server (TEMPORAL_ADDRESS, default localhost:7233), from
// the database's archive once the server's retention has removed them, or from files exported
// with `temporal workflow show --output json`. --all: every workflow the server lists, and every
// archived one it no longer has. Exit code 0 when all replay, 1 when any fails, 2 on error.
import fs from 'node:fs';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { bundleWorkflowCode, DefaultLogger, makeTelemetryFilterString, Runtime, Worker } from '@temporalio/worker';
import { workflowBundleOptions } from '../platform/actorSignature';
import { loadConfig } from '../platform/config';
import { clientConnectionOptions } from '../platform/temporalConnection';
import { createDb, type Db } from '../platform/db';
import { archivedOnly, loadHistory, type History } from '../platform/historyStore';
import { toolDatabase } from '../platform/toolDatabase';

interface Item {
  name: string;
  history: History;
  source: string;
}

async function* histories(args: string[], client: () => Promise<Client>, db: () => Promise<Db>): AsyncGenerator<Item> {
  for (const arg of args) {
    if (arg === '--all') {
      const c = await client();
      for await (const info of c.workflow.list()) {
        yield {
          name: `${info.workflowId} (${info.type})`,
          history: await c.workflow.getHandle(info.workflowId, info.runId).fetchHistory(),
          source: 'temporal',
        };
      }
      for await (const stored of archivedOnly(c, await db()))
        yield { name: `${stored.workflowId} (${stored.type})`, history: stored.history, source: 'archive' };
    } else if (arg.endsWith('.json') && fs.existsSync(arg)) {
      yield {
        name: path.basename(arg),
        history: historyFromJSON(JSON.parse(fs.readFileSync(arg, 'utf8'))),
        source: 'file',
      };
    } else {
      const stored = await loadHistory(await client(), await db(), arg);
      if (!stored) throw new Error(`${arg}: no such workflow on the server or in the archive, and no such file`);
      yield { name: `${arg} (${stored.type})`, history: stored.history, source: stored.source };
    }
  }
}

async function main(args: string[]): Promise<number> {
  if (!args.length) {
    console.error('usage: npm run replay -- <workflowId | file.json | --all> ...');
    return 2;
  }
  // The verdicts are printed below; the SDK's own warnings about the same failures are noise here.
  Runtime.install({
    logger: new DefaultLogger('ERROR'),
    telemetryOptions: { logging: { filter: makeTelemetryFilterString({ core: 'ERROR' }) } },
  });
  const config = loadConfig();
  let connection: Connection | undefined;
  let store: Awaited<ReturnType<typeof toolDatabase>> | undefined;
  let database: Db | undefined;
  const client = async () => {
    connection ??= await Connection.connect(
      clientConnectionOptions(config, config.temporalAddress ?? `127.0.0.1:${config.temporalPort}`),
    );
    return new Client({ connection, namespace: config.temporalNamespace });
  };
  const db = async () => {
    store ??= await toolDatabase(config);
    database ??= createDb(store.url, 2);
    return database;
  };
  try {
    const started = Date.now();
    // the production bundle's shape (the actor check included) without keys: validators do not run on replay
    const bundle = await bundleWorkflowCode({
      workflowsPath: require.resolve('../workflows'),
      ...workflowBundleOptions(null),
      logger: new DefaultLogger('ERROR'),
    });
    const items: Item[] = [];
    for await (const item of histories(args, client, db)) items.push(item);
    const replayStarted = Date.now();
    let failed = 0;
    let events = 0;
    const results = Worker.runReplayHistories(
      { workflowBundle: bundle, replayName: 'npm run replay' },
      items.map((i, n) => ({ workflowId: String(n), history: i.history })),
    );
    for await (const result of results) {
      const item = items[Number(result.workflowId)];
      events += item.history.events?.length ?? 0;
      if (result.error) {
        failed++;
        console.log(`FAIL ${item.name} [${item.source}]: ${result.error.message}`);
      } else console.log(`OK   ${item.name} [${item.source}], ${item.history.events?.length ?? 0} events`);
    }
    const secs = (ms: number) => (ms / 1000).toFixed(2);
    console.log(
      `${items.length - failed} replayed, ${failed} failed; ${events} events replayed in ${secs(Date.now() - replayStarted)} s (bundling and fetching: ${secs(replayStarted - started)} s)`,
    );
    return failed ? 1 : 0;
  } finally {
    await connection?.close();
    await database?.$disconnect();
    await store?.stop();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(2);
  },
);
