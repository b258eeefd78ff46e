// The production build, run: tsconfig.build.json's files, emitted with its options into a folder
// laid out as the image's /app (package.json, node_modules, dist/, the launcher, the migrations,
// the workspace's build; no TypeScript source there), and the compiled API and worker (`npm run
// api`, `npm run worker` in production mode: node dist/…) start in it against this run's database
// and Temporal server. The emit is TypeScript's own, file by file (seconds, where a whole `tsc -p`
// takes 20–50 s); the type check it skips is the lint step's `tsc --noEmit` over the same sources. An applicant logs in
// and submits through the compiled API, and the compiled worker — which bundled the workflows from
// dist/workflows with the actor check — takes the signed submission to the provincial review.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import ts from 'typescript';
import { freePort } from '../platform/freePort';
import { cityAnnex } from './support/fixtures';
import { draft, reached, submit } from './support/flows';
import { env, http, newApplicant, newRound, OUTBOX, startHarness, waitFor, type Harness } from './support/harness';

const ROOT = path.join(__dirname, '..');
/** No other suite uses Qinghai: its provincial review here is this file's alone. */
const PROVINCE = 'QH';
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
// outside the checkout, as /app is (and under no dot-folder: Express's sendFile refuses paths through one)
const APP = path.join(os.tmpdir(), `pilotflow-build-${process.pid}`);
const WORKSPACE = process.env.WORKSPACE_DIST
  ? path.resolve(process.env.WORKSPACE_DIST)
  : path.join(ROOT, 'web', 'dist');

let h: Harness;
const children: ChildProcess[] = [];

/** The entry an npm script runs (`node scripts/run.cjs workers/main` → workers/main). */
function entryOf(script: string): string {
  const entry = pkg.scripts[script].match(/^node scripts\/run\.cjs (\S+)$/)?.[1];
  if (!entry) throw new Error(`npm run ${script} does not run through scripts/run.cjs: ${pkg.scripts[script]}`);
  return entry;
}

/** The compiled file an npm script runs in production mode (<APP>/dist/<entry>.js). */
const compiledEntry = (script: string) => path.join(APP, 'dist', `${entryOf(script)}.js`);

/** tsconfig.build.json's files, each emitted with its options (source maps included) under outDir. */
function emitBuild(outDir: string) {
  const config = ts.getParsedCommandLineOfConfigFile(path.join(ROOT, 'tsconfig.build.json'), undefined, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (d) => {
      throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    },
  });
  if (!config) throw new Error('tsconfig.build.json could not be read');
  for (const file of config.fileNames.filter((f) => !f.endsWith('.d.ts'))) {
    const { outputText, sourceMapText } = ts.transpileModule(fs.readFileSync(file, 'utf8'), {
      compilerOptions: config.options,
      fileName: file,
    });
    const target = path.join(outDir, path.relative(ROOT, file)).replace(/\.ts$/, '.js');
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, outputText);
    if (sourceMapText) fs.writeFileSync(`${target}.map`, sourceMapText);
  }
}

/** A compiled process, its output kept for the failure message; resolves once it prints `ready`. */
function startCompiled(script: string, extraEnv: Record<string, string>, ready: string) {
  const child = spawn(process.execPath, [path.join(APP, 'scripts', 'run.cjs'), entryOf(script)], {
    cwd: APP,
    env: {
      // the image's own web/dist, and the workflows bundled at start from dist/ (not the tests' prebuilt bundle)
      ...Object.fromEntries(
        Object.entries(process.env).filter(([k]) => k !== 'WORKSPACE_DIST' && k !== 'WORKFLOW_BUNDLE'),
      ),
      DATABASE_URL: env.databaseUrl(),
      TEMPORAL_ADDRESS: env.temporalAddress(),
      TEMPORAL_TASK_QUEUE: h.taskQueue,
      PUBLIC_URL: OUTBOX.publicUrl,
      LOG_LEVEL: 'info',
      NODE_ENV: 'production', // the image's: the launcher runs dist/ (Jest sets 'test')
      ...extraEnv,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let output = '';
  return new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes(ready)) resolve();
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code, signal) =>
      reject(new Error(`npm run ${script} exited (${code ?? signal}) before "${ready}":\n${output.slice(-3000)}`)),
    );
  });
}

beforeAll(async () => {
  fs.rmSync(APP, { recursive: true, force: true });
  fs.mkdirSync(path.join(APP, 'prisma'), { recursive: true });
  fs.mkdirSync(path.join(APP, 'web'));
  fs.mkdirSync(path.join(APP, 'scripts'));
  fs.copyFileSync(path.join(ROOT, 'scripts', 'run.cjs'), path.join(APP, 'scripts', 'run.cjs'));
  // the image's /app: package.json marks the root; the packages, migrations and workspace are the repository's
  fs.copyFileSync(path.join(ROOT, 'package.json'), path.join(APP, 'package.json'));
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(APP, 'node_modules'));
  fs.symlinkSync(path.join(ROOT, 'prisma', 'migrations'), path.join(APP, 'prisma', 'migrations'));
  fs.symlinkSync(WORKSPACE, path.join(APP, 'web', 'dist'));
  const started = Date.now();
  emitBuild(path.join(APP, 'dist'));
  console.log(`tsconfig.build.json emitted in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  // after the emit, not beside it: the emit holds the event loop, and a Temporal connection begun
  // before it failed its 10 s deadline on a loaded machine (the stress run's third pass)
  h = await startHarness({ worker: false });
}, 120_000);

afterAll(async () => {
  await Promise.all(
    children.map(
      (c) =>
        new Promise<void>((resolve) => {
          if (c.exitCode !== null || c.signalCode !== null) return resolve();
          c.once('exit', () => resolve());
          c.kill('SIGTERM');
        }),
    ),
  );
  await h?.stop();
  fs.rmSync(APP, { recursive: true, force: true });
});

test('when tsconfig.build.json is emitted, then dist/ holds the file every production npm script runs, and neither the tests nor the workspace', () => {
  const production = ['api', 'worker', 'migrate', 'admin:create', 'audit:verify', 'audit:anchor', 'replay'];
  for (const script of production) expect([script, fs.existsSync(compiledEntry(script))]).toEqual([script, true]);
  expect(fs.existsSync(path.join(APP, 'dist', 'workflows', 'index.js'))).toBe(true);
  const top = fs.readdirSync(path.join(APP, 'dist'));
  expect(top).not.toContain('test');
  expect(top).not.toContain('web');
});

test('when the compiled migration code lists the migrations, then they are the repository’s prisma/migrations, found from the image’s root', async () => {
  const { stdout } = await promisify(execFile)(process.execPath, [
    '-p',
    `require(${JSON.stringify(path.join(APP, 'dist', 'platform', 'migrate.js'))}).listMigrations().map((m) => m.name).join('\\n')`,
  ]);
  const committed = fs
    .readdirSync(path.join(ROOT, 'prisma', 'migrations'), { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
  expect(committed.length).toBeGreaterThan(0);
  expect(stdout.trim().split('\n')).toEqual(committed);
});

test('when the compiled API and worker run, then /health and the workspace answer, and a submission through the API reaches the provincial review on the worker', async () => {
  const apiPort = await freePort();
  const started = Date.now();
  await Promise.all([
    startCompiled('api', { HOST: '127.0.0.1', PORT: String(apiPort) }, '"msg":"api listening"'),
    // it logs this once it has bundled the workflows (require.resolve('../workflows') from dist/workers: dist/workflows)
    startCompiled(
      'worker',
      { SMTP_URL: h.smtpUrl, ARCHIVE_EVERY_MINUTES: '0', AUDIT_ANCHOR_EVERY_MINUTES: '0' },
      '"msg":"worker started"',
    ),
  ]);
  console.log(`the compiled API and worker started in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  const viaApi = { ...h, baseUrl: `http://127.0.0.1:${apiPort}` };

  expect(await http(viaApi.baseUrl, 'GET', '/health')).toEqual({
    status: 200,
    body: { status: 'ok', database: 'ok', temporal: 'ok' },
  });
  // the workspace from web/dist under the image's root (WORKSPACE_DIST unset)
  const page = await fetch(`${viaApi.baseUrl}/workspace/`);
  expect(page.status).toBe(200);
  expect(await page.text()).toBe(fs.readFileSync(path.join(WORKSPACE, 'index.html'), 'utf8'));

  const round = await newRound(h);
  const applicant = await newApplicant(viaApi, 'city', PROVINCE);
  const id = await draft(viaApi, applicant.token, round.id, cityAnnex());
  expect((await submit(viaApi, applicant.token, id)).status).toBe(200);
  await reached(h, id, 'provincial_review');
  // one task for each of the province's seven parties, opened by the workflow's activities
  const tasks = await waitFor('the review tasks', async () => {
    const found = await h.db.task.findMany({ where: { applicationId: id } });
    return found.length === 7 ? found : undefined;
  });
  expect(new Set(tasks.map((t) => t.provinceCode))).toEqual(new Set([PROVINCE]));
}, 150_000);
