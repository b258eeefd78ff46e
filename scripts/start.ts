// `npm start`: the whole system on embedded defaults — Temporal's dev server (unless
// TEMPORAL_ADDRESS is set), PGlite (unless DATABASE_URL is set), migrations, the directory seed,
// the worker and the API. Ctrl-C stops everything; starting again keeps all data.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { restartBackoff } from '../platform/restartBackoff';
import { loadConfig } from '../platform/config';
import { createDb } from '../platform/db';
import { startEmbeddedDb, type EmbeddedDb } from '../platform/embeddedDb';
import { checkSecrets, embeddedDbPassword } from '../platform/secrets';
import { createLogger } from '../platform/logger';
import { migrate } from '../platform/migrate';
import { DEMO_PASSWORD, seed } from '../platform/seed';
import { startDevServer, type DevServer } from '../platform/temporalServer';
import { startMailSink, type MailSink } from '../notifications/sink';
import { buildWeb } from './build-web';

const ROOT = path.join(__dirname, '..');

async function main() {
  const startedAt = Date.now();
  const config = loadConfig();
  const logger = createLogger(config.logLevel, 'pilotflow');
  // Everything this start writes (and the Temporal server, worker and API it spawns inherit the
  // mask) is its owner's alone: the data folder holds the database, the keys and the workflows.
  process.umask(0o077);
  // Outside demo mode there is no default credential: say at once everything that must be set.
  try {
    checkSecrets(config);
  } catch (err) {
    console.error((err as Error).message);
    process.exit(1);
  }
  fs.mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
  fs.chmodSync(config.dataDir, 0o700);

  let embedded: EmbeddedDb | undefined;
  let temporal: DevServer | undefined;
  let sink: MailSink | undefined;
  const children: ChildProcess[] = [];
  let stopping = false;

  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    logger.info('stopping');
    await Promise.all(
      children.map(
        (c) =>
          new Promise<void>((resolve) => {
            if (c.exitCode !== null || c.signalCode !== null) return resolve();
            const killer = setTimeout(() => c.kill('SIGKILL'), 15_000);
            c.once('exit', () => {
              clearTimeout(killer);
              resolve();
            });
            c.kill('SIGTERM');
          }),
      ),
    );
    await temporal?.stop();
    await sink?.stop();
    await embedded?.stop();
    logger.info('stopped');
    process.exit(code);
  };
  // on, not once: a terminal's Ctrl-C may arrive twice (directly and relayed by npm/tsx)
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));

  try {
    const databaseUrl =
      config.databaseUrl ??
      (embedded = await startEmbeddedDb(
        path.join(config.dataDir, 'pglite'),
        config.embeddedDbPort,
        embeddedDbPassword(config),
        (err) => logger.warn({ err }, 'embedded database maintenance (VACUUM ANALYZE) failed; it is tried again later'),
      )).url;
    const migrations = await migrate(databaseUrl);
    logger.info({ applied: migrations.applied, alreadyApplied: migrations.alreadyApplied }, 'database migrated');
    if (migrations.sealed || migrations.resealed || migrations.leftUnkeyed.length) {
      // the audit trail's one-time upgrade to the keyed chain (platform/auditSeal.ts)
      logger.warn(
        { sealed: migrations.sealed, resealed: migrations.resealed, leftUnkeyed: migrations.leftUnkeyed },
        'audit trail sealed with the audit key; chains left unkeyed did not verify: npm run audit:verify names them',
      );
    }
    const db = createDb(databaseUrl, 2);
    const seeded = await seed(db, { demoMode: config.demoMode });
    // Without SMTP_URL, mail goes to the embedded sink, which keeps it for /api/outbox.
    if (!config.smtpExternal) sink = await startMailSink({ db, logger, port: config.smtpSinkPort });
    else await db.$disconnect();

    let temporalAddress = config.temporalAddress;
    if (!temporalAddress) {
      temporal = await startDevServer({
        port: config.temporalPort,
        uiPort: config.temporalUiPort,
        namespace: config.temporalNamespace,
        dbFile: path.join(config.dataDir, 'temporal.sqlite'),
        logFile: path.join(config.dataDir, 'temporal.log'),
      });
      temporalAddress = temporal.address;
    }

    // The officers' workspace (web/ → web/dist, served at /workspace/): built on first start and
    // after a change to its sources, skipped otherwise. A failed build leaves the rest running.
    try {
      const web = await buildWeb({ log: (msg) => logger.info(msg) });
      logger.info({ built: web.built, ms: web.ms }, 'workspace build checked');
    } catch (err) {
      logger.error(
        { err },
        'the workspace (web/) did not build: /workspace/ answers 503 until it does (npm run build:web)',
      );
    }

    const env = {
      ...process.env,
      DATABASE_URL: databaseUrl,
      TEMPORAL_ADDRESS: temporalAddress,
      SMTP_URL: sink?.url ?? config.smtpUrl,
    };
    for (const entry of ['workers/main.ts', 'api/main.ts']) {
      // A crashed worker or API is started again after a pause (1 s, doubling to 30 s; back to 1 s
      // once it has run a minute) while the rest keeps running: Temporal holds the work meanwhile.
      const backoff = restartBackoff();
      const run = () => {
        // detached: a terminal's Ctrl-C reaches only this supervisor, which stops the parts in order.
        const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, entry)], {
          env,
          stdio: 'inherit',
          detached: true,
        });
        const startedAt = Date.now();
        children.push(child);
        child.on('exit', (code, signal) => {
          children.splice(children.indexOf(child), 1);
          if (stopping) return;
          const delayMs = backoff(Date.now() - startedAt);
          logger.error(
            { process: entry, code, signal, restartInMs: delayMs },
            'a pilotflow process exited; starting it again',
          );
          setTimeout(() => stopping || run(), delayMs);
        });
      };
      run();
    }

    const apiUrl = `http://localhost:${config.port}`;
    await waitForHealth(`http://127.0.0.1:${config.port}/health`);
    const lines = [
      '',
      `pilotflow is running (started in ${((Date.now() - startedAt) / 1000).toFixed(1)} s)`,
      `  API:          ${apiUrl}   (health: ${apiUrl}/health)`,
      `  Workspace:    ${apiUrl}/workspace/`,
      `  Temporal UI:  ${temporal?.uiUrl ?? '(external cluster: ' + temporalAddress + ')'}`,
      `  Database:     ${embedded ? 'embedded PGlite in ' + path.join(config.dataDir, 'pglite') : 'PostgreSQL from DATABASE_URL'}`,
      `  Mail:         ${sink ? `embedded SMTP sink on ${sink.url} (read it at ${apiUrl}/api/outbox as admin)` : 'SMTP_URL'}`,
      `  Directory:    ${seeded.departments} departments`,
      ...(config.demoMode
        ? ['  Demo accounts (password "' + DEMO_PASSWORD + '"):', ...seeded.demoAccounts.map((a) => '    ' + a)]
        : ['  Demo mode off: the demo password logs nobody in.', ...demoRetired(seeded)]),
      '  Press Ctrl-C to stop.',
      '',
    ];
    console.log(lines.join('\n'));
  } catch (err) {
    logger.error({ err }, 'start-up failed');
    await stop(1);
  }
}

/** What demo mode off just retired, and what the operator does next. */
function demoRetired(seeded: { disabledDemoAccounts: string[]; closedDemoRounds: string[] }): string[] {
  const lines: string[] = [];
  const disabled = seeded.disabledDemoAccounts;
  if (disabled.length) {
    const shown = disabled.length > 12 ? [...disabled.slice(0, 12), `… (${disabled.length - 12} more)`] : disabled;
    lines.push(
      `  Disabled ${disabled.length} account(s) that still had the demo password (their sessions are revoked): ${shown.join(', ')}`,
      '    Next: create an administrator with `npm run admin:create -- <username>` (password on standard input),',
      '    who sets each account a new password (POST /api/users/{id}/password) or deactivates it.',
    );
  }
  if (seeded.closedDemoRounds.length)
    lines.push(`  Closed declarations of the demo round(s): ${seeded.closedDemoRounds.join(', ')}`);
  return lines;
}

async function waitForHealth(url: string) {
  const deadline = Date.now() + 120_000;
  for (;;) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`${url} did not answer 200 within 120 s`);
    await new Promise((r) => setTimeout(r, 300));
  }
}

void main();
