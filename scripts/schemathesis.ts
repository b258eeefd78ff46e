// Fuzzes the running API against its own OpenAPI document with Schemathesis, as three users of
// different powers — admin, a provincial officer (gd.commerce) and an applicant (demo.enterprise)
// — each bounded in time. Why: the document is a promise to every client; a generator that sends
// what the document allows (and what it forbids) finds the answers that break it — a 500, a status
// or media type the document does not list, a body that is not the documented shape, a request
// the document forbids but the API takes — faster than hand-written cases.
//
//   npx tsx scripts/schemathesis.ts            (SCHEMATHESIS_MAX_TIME=150 s per role, SCHEMATHESIS_MAX_EXAMPLES=100 per operation;
//                                               SCHEMATHESIS_ONLY=<path regex>: only those operations)
//
// It installs Schemathesis into .tools/schemathesis (a Python venv) if missing, starts pilotflow
// (`npm start`, demo mode, its own ports and a temporary DATA_DIR), waits for /health, runs each
// role, prints per role the cases, server errors and non-conformances, stops pilotflow, and exits 1
// on any server error or non-conformance. With --json FILE it also writes the per-role results
// there (CI counts each role as one test). Login and logout are not fuzzed: logout would revoke
// the token mid-run, and repeated failed logins are throttled (429).
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DEMO_PASSWORD } from '../platform/seed';
import { freePort } from '../platform/freePort';

const ROOT = path.join(__dirname, '..');
const VENV = path.join(ROOT, '.tools', 'schemathesis');
const SCHEMATHESIS = path.join(VENV, 'bin', 'schemathesis');
const VERSION = '4.32.*';
const ROLES = [
  { role: 'applicant', username: 'demo.enterprise' },
  { role: 'officer', username: 'gd.commerce' },
  // last: the admin's operations change accounts and rules the other roles rely on
  { role: 'admin', username: 'admin' },
];
const CHECKS = [
  'not_a_server_error',
  'status_code_conformance',
  'content_type_conformance',
  'response_schema_conformance',
  'negative_data_rejection',
];
const NOT_FUZZED = ['/api/auth/login', '/api/auth/logout'];
const maxTime = Number(process.env.SCHEMATHESIS_MAX_TIME ?? 150);
const maxExamples = Number(process.env.SCHEMATHESIS_MAX_EXAMPLES ?? 100);
const jsonOut = process.argv.includes('--json') ? process.argv[process.argv.indexOf('--json') + 1] : undefined;

function installSchemathesis() {
  if (fs.existsSync(SCHEMATHESIS)) return;
  console.log(`installing schemathesis ${VERSION} into ${path.relative(ROOT, VENV)}`);
  try {
    execFileSync('python3', ['-m', 'venv', VENV], { stdio: 'inherit' });
    execFileSync(path.join(VENV, 'bin', 'pip'), ['install', '-q', `schemathesis==${VERSION}`], { stdio: 'inherit' });
  } catch {
    // a Python without ensurepip (Debian without python3-venv): an empty venv, filled by the system's pip
    fs.rmSync(VENV, { recursive: true, force: true });
    execFileSync('python3', ['-m', 'venv', '--without-pip', VENV], { stdio: 'inherit' });
    execFileSync(
      'python3',
      [
        '-m',
        'pip',
        '--python',
        path.join(VENV, 'bin', 'python'),
        'install',
        '-q',
        '--disable-pip-version-check',
        `schemathesis==${VERSION}`,
      ],
      { stdio: 'inherit' },
    );
  }
}

async function waitForHealth(base: string, child: ChildProcess, log: () => string, ms = 240_000) {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`npm start exited (${child.exitCode}):\n${log()}`);
    try {
      if ((await fetch(`${base}/health`)).status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 1000));
  }
  throw new Error(`pilotflow did not become healthy within ${ms / 1000} s:\n${log()}`);
}

async function login(base: string, username: string): Promise<string> {
  const res = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: DEMO_PASSWORD }),
  });
  if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { token: string }).token;
}

interface RoleResult {
  role: string;
  username: string;
  cases: number;
  serverErrors: number;
  nonConformances: number;
  /** the fuzzer's own failures (its exit code is then 1 too) */
  fuzzerErrors: number;
  /** each distinct failure: check, operation, and what was wrong */
  failures: string[];
  exitCode: number | null;
}

/**
 * Counts from the run's NDJSON event stream: every case tried, and every distinct failure (check,
 * operation, title — Schemathesis reproduces a failure again at the end, which is not counted twice).
 * An error of the run itself (a request that timed out, a connection reset) counts as a server error,
 * except the Python interpreter's own failures inside the fuzzer (e.g. a SystemError from the `ast`
 * module Hypothesis uses to describe its strategies): no request was sent, so they are listed apart.
 */
/** Python's own failures, raised in the fuzzer's process before any request: not the API's. */
const FUZZER_OWN_ERRORS = new Set(['SystemError', 'RecursionError']);

export function countEvents(
  file: string,
): Pick<RoleResult, 'cases' | 'serverErrors' | 'nonConformances' | 'fuzzerErrors' | 'failures'> {
  let cases = 0;
  const failures = new Map<string, { check: string; text: string }>();
  const text = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    const event = JSON.parse(line) as Record<string, Record<string, unknown>>;
    if (event.NonFatalError) {
      const e = event.NonFatalError as { label?: string; value?: { type?: string; title?: string; message?: string } };
      const key = `error ${e.label ?? ''}: ${e.value?.title ?? ''} ${e.value?.message ?? ''}`.slice(0, 300);
      const own = FUZZER_OWN_ERRORS.has(e.value?.type ?? '');
      failures.set(key, { check: own ? 'fuzzer_error' : 'not_a_server_error', text: own ? `fuzzer ${key}` : key });
      continue;
    }
    type Check = {
      name: string;
      status: string;
      failure_info?: { failure?: { title?: string; operation?: string; message?: string } };
    };
    const scenario = event.ScenarioFinished as
      | {
          is_final?: boolean;
          recorder?: { label?: string; cases?: Record<string, unknown>; checks?: Record<string, Check[]> };
        }
      | undefined;
    if (!scenario?.recorder) continue;
    if (!scenario.is_final) cases += Object.keys(scenario.recorder.cases ?? {}).length;
    for (const checks of Object.values(scenario.recorder.checks ?? {})) {
      for (const check of checks) {
        if (check.status.toLowerCase() !== 'failure') continue;
        const f = check.failure_info?.failure;
        const key = `${check.name} ${f?.operation ?? scenario.recorder.label ?? ''}: ${f?.title ?? ''}`;
        if (!failures.has(key))
          failures.set(key, {
            check: check.name,
            text: `${key}${f?.message ? ` — ${f.message.replace(/\s+/g, ' ').slice(0, 300)}` : ''}`,
          });
      }
    }
  }
  const all = [...failures.values()];
  return {
    cases,
    serverErrors: all.filter((f) => f.check === 'not_a_server_error').length,
    nonConformances: all.filter((f) => f.check !== 'not_a_server_error' && f.check !== 'fuzzer_error').length,
    fuzzerErrors: all.filter((f) => f.check === 'fuzzer_error').length,
    failures: all.map((f) => f.text),
  };
}

function runRole(base: string, token: string, reportDir: string, role: string): Promise<number | null> {
  const ndjson = path.join(reportDir, `${role}.ndjson`);
  const args = [
    'run',
    `${base}/openapi.json`,
    '--url',
    base,
    '-H',
    `Authorization: Bearer ${token}`,
    '-H',
    'Accept-Language: en',
    '--checks',
    CHECKS.join(','),
    '--max-examples',
    String(maxExamples),
    '--max-time',
    String(maxTime),
    '--request-timeout',
    '30',
    '--workers',
    '2',
    ...NOT_FUZZED.flatMap((p) => ['--exclude-path', p]),
    // a change's own operations, fuzzed alone before the whole run (e.g. SCHEMATHESIS_ONLY='^/api/pilots')
    ...(process.env.SCHEMATHESIS_ONLY ? ['--include-path-regex', process.env.SCHEMATHESIS_ONLY] : []),
    '--report',
    'ndjson',
    '--report-ndjson-path',
    ndjson,
    '--no-color',
    '--output-truncate',
    'true',
  ];
  return new Promise((resolve) => {
    const child = spawn(SCHEMATHESIS, args, {
      cwd: reportDir,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, SCHEMATHESIS_TELEMETRY: 'false' },
    });
    const out = fs.createWriteStream(path.join(reportDir, `${role}.log`));
    child.stdout.pipe(out);
    child.stderr.pipe(out);
    child.on('exit', (code) => resolve(code));
  });
}

async function main() {
  installSchemathesis();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pilotflow-schemathesis-'));
  const reportDir = path.join(dataDir, 'report');
  fs.mkdirSync(reportDir);
  const [port, temporalPort, uiPort, dbPort, smtpPort] = await Promise.all([
    freePort(),
    freePort(),
    freePort(),
    freePort(),
    freePort(),
  ]);
  const base = `http://127.0.0.1:${port}`;
  let log = '';
  // its own process group, so stopping it reaches npm, tsx and pilotflow's own children
  const child = spawn('npm', ['start'], {
    cwd: ROOT,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      DEMO_MODE: 'true',
      LOG_LEVEL: 'warn',
      DATA_DIR: dataDir,
      PORT: String(port),
      PUBLIC_URL: base,
      TEMPORAL_PORT: String(temporalPort),
      TEMPORAL_UI_PORT: String(uiPort),
      EMBEDDED_DB_PORT: String(dbPort),
      SMTP_SINK_PORT: String(smtpPort),
      ARCHIVE_EVERY_MINUTES: '0',
    },
  });
  child.stdout!.on('data', (d) => (log += d));
  child.stderr!.on('data', (d) => (log += d));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    process.kill(-child.pid!, 'SIGINT');
    const killer = setTimeout(() => process.kill(-child.pid!, 'SIGKILL'), 60_000);
    await exited;
    clearTimeout(killer);
  };
  const results: RoleResult[] = [];
  try {
    console.log(`starting pilotflow on ${base} (data in ${dataDir})`);
    await waitForHealth(base, child, () => log);
    for (const { role, username } of ROLES) {
      const token = await login(base, username);
      const started = Date.now();
      const exitCode = await runRole(base, token, reportDir, role);
      const counts = countEvents(path.join(reportDir, `${role}.ndjson`));
      results.push({ role, username, exitCode, ...counts });
      console.log(
        `${role} (${username}): ${counts.cases} cases, ${counts.serverErrors} server errors, ${counts.nonConformances} non-conformances (${Math.round((Date.now() - started) / 1000)} s)`,
      );
      for (const f of counts.failures) console.log(`  ${f}`);
      if (counts.cases === 0)
        console.log(
          `  no cases ran (schemathesis exited ${exitCode}); its output:\n${fs.readFileSync(path.join(reportDir, `${role}.log`), 'utf8').slice(-3000)}`,
        );
    }
  } finally {
    await stop();
  }
  const apiErrors = log.split('\n').filter((l) => l.includes('"unhandled error"')).length;
  if (apiErrors) console.log(`the API logged ${apiErrors} unhandled errors (see ${dataDir})`);
  // (a non-zero exit that no listed failure explains — Schemathesis itself failed — fails too)
  const passed = (r: RoleResult) =>
    r.cases > 0 &&
    r.serverErrors === 0 &&
    r.nonConformances === 0 &&
    (r.exitCode === 0 || (r.exitCode === 1 && r.fuzzerErrors > 0));
  if (jsonOut)
    fs.writeFileSync(jsonOut, JSON.stringify({ results: results.map((r) => ({ ...r, passed: passed(r) })) }, null, 2));
  const ok = results.length === ROLES.length && results.every(passed);
  if (ok) fs.rmSync(dataDir, { recursive: true, force: true });
  else console.log(`reports and pilotflow's data: ${dataDir}`);
  process.exit(ok ? 0 : 1);
}

if (require.main === module) {
  main().catch((err) => {
    console.error(err);
    process.exit(2);
  });
}
