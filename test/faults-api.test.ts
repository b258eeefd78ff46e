// Fault: the API process killed (SIGKILL) while decisions are in flight, and started again. The
// API runs as its own process (api/main.ts, as `npm start` runs it) against this run's Temporal
// server and database; officers' clients send their decisions with an Idempotency-Key and, as a
// client should, send the same request again under the same key until they get an answer.
//
// A Henan city's provincial review: one decision answered before the kill; four sent while no
// worker runs, so they wait in Temporal when the API dies (a worker then records them while the
// API is down — their answers are lost); two sent while the API is down. After the restart every
// client gets its answer — the same result for a retry under the same key, already_decided (409)
// only under another key — and every decision is recorded exactly once.
import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import path from 'node:path';
import { PARTY_CODES, type PartyCode } from '../domain/parties';
import { reviewTaskId } from '../shared/definitions';
import { cityAnnex } from './support/fixtures';
import { draft, provincialOfficers, reached, recommend, submit } from './support/flows';
import { freePort } from '../platform/freePort';
import { env, OUTBOX, newApplicant, newRound, startHarness, waitFor, type Harness } from './support/harness';
import { delivered, receivedCounts } from './support/mail';

const PROVINCE = 'HA';

let h: Harness;
let api: ChildProcess | undefined;
let apiPort: number;
let apiOutput = '';

beforeAll(async () => {
  h = await startHarness();
  apiPort = await freePort();
});
afterAll(async () => {
  await killApi();
  await h?.stop();
});

async function startApi(): Promise<void> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, '..', 'api', 'main.ts')], {
    env: {
      ...process.env,
      DATABASE_URL: env.databaseUrl(),
      TEMPORAL_ADDRESS: env.temporalAddress(),
      TEMPORAL_TASK_QUEUE: h.taskQueue,
      HOST: '127.0.0.1',
      PORT: String(apiPort),
      PUBLIC_URL: OUTBOX.publicUrl,
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (d) => (apiOutput += d));
  child.stderr!.on('data', (d) => (apiOutput += d));
  api = child;
  await waitFor(
    'the API process to answer /health',
    async () => {
      if (child.exitCode !== null) throw new Error(`the API process exited (${child.exitCode}):\n${apiOutput}`);
      return fetch(`http://127.0.0.1:${apiPort}/health`).then(
        (r) => r.ok,
        () => false,
      );
    },
    60_000,
  );
}

async function killApi(): Promise<void> {
  const child = api;
  api = undefined;
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  await new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

interface Answer {
  status: number;
  body: {
    id?: string;
    status?: string;
    decision?: string;
    decidedAt?: string;
    decidedById?: string;
    error?: { code: string };
  };
  /** how many requests it took, and what the failed ones met */
  attempts: number;
  failures: string[];
}

/**
 * What a well-behaved client does: send the decision, and on no answer (connection refused or
 * reset) or a 5xx, send the very same request again, under the same key, until it has an answer.
 */
async function decideUntilAnswered(
  token: string,
  taskId: string,
  key: string,
  body: object = { decision: 'approve' },
): Promise<Answer> {
  const failures: string[] = [];
  const deadline = Date.now() + 60_000;
  for (let attempts = 1; ; attempts++) {
    try {
      const res = await fetch(`http://127.0.0.1:${apiPort}/api/tasks/${encodeURIComponent(taskId)}/decision`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'accept-language': 'en',
          authorization: `Bearer ${token}`,
          'idempotency-key': key,
        },
        body: JSON.stringify(body),
      });
      const answer = { status: res.status, body: (await res.json()) as Answer['body'], attempts, failures };
      if (res.status < 500) return answer;
      failures.push(`HTTP ${res.status}`);
    } catch (err) {
      failures.push(((err as Error).cause as Error)?.message ?? (err as Error).message);
    }
    if (Date.now() > deadline) throw new Error(`no answer for ${taskId} within 60 s: ${failures.join('; ')}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

const decidedRows = (id: string) => h.db.auditEvent.count({ where: { applicationId: id, action: 'task_decided' } });

test('when the API process is killed while decisions are in flight and started again, then every client retrying under its key gets one consistent answer and every decision is recorded once', async () => {
  const round = await newRound(h);
  const officers = await provincialOfficers(h, PROVINCE);
  const applicant = await newApplicant(h, 'city', PROVINCE);
  const id = await draft(h, applicant.token, round.id, cityAnnex({ cityName: '郑州市' }));
  expect((await submit(h, applicant.token, id)).status).toBe(200);
  await waitFor(
    'the review tasks',
    async () => (await h.db.task.count({ where: { applicationId: id, reviewRound: 1 } })) === 7,
  );
  const task = (p: PartyCode) => reviewTaskId(id, 1, p);
  const keys = Object.fromEntries(PARTY_CODES.map((p) => [p, crypto.randomUUID()])) as Record<PartyCode, string>;
  const [answered, ...others] = PARTY_CODES;
  const inFlight = others.slice(0, 4);
  const whileDown = others.slice(4);

  await startApi();
  // One decision answered before anything goes wrong.
  const first = await decideUntilAnswered(officers[answered], task(answered), keys[answered]);
  expect(first).toMatchObject({
    status: 200,
    attempts: 1,
    body: { id: task(answered), status: 'decided', decision: 'approve' },
  });

  // Four more sent while no worker runs: Temporal holds them, the API waits on them — and is killed.
  await h.stopWorker();
  const answers = new Map<PartyCode, Promise<Answer>>(
    inFlight.map((p) => [p, decideUntilAnswered(officers[p], task(p), keys[p])]),
  );
  await new Promise((r) => setTimeout(r, 1500));
  await killApi();
  // Two sent while the API is down: refused connections, retried.
  for (const p of whileDown) answers.set(p, decideUntilAnswered(officers[p], task(p), keys[p]));
  // A worker comes back while the API is still down: what Temporal held is recorded, its answers lost.
  await h.startWorker();
  await waitFor(
    'the held decisions recorded while the API is down',
    async () => (await decidedRows(id)) === 1 + inFlight.length,
    30_000,
  );
  expect(api).toBeUndefined(); // (still down: those four answers are lost)

  await startApi();
  const final = new Map<PartyCode, Answer>();
  for (const p of [...inFlight, ...whileDown]) final.set(p, await answers.get(p)!);
  await reached(h, id, 'recommending');
  await recommend(h, round.id, PROVINCE, [id]); // then on to MOFCOM

  // Every client has one answer: its decision, taken once — the same whether its first request
  // got through or its retry was answered from the Update already run.
  const rows = await h.db.task.findMany({ where: { applicationId: id, reviewRound: 1 } });
  for (const p of [...inFlight, ...whileDown]) {
    const a = final.get(p)!;
    const row = rows.find((r) => r.id === task(p))!;
    expect({ p, status: a.status, body: a.body }).toMatchObject({
      p,
      status: 200,
      body: {
        id: task(p),
        status: 'decided',
        decision: 'approve',
        decidedById: row.decidedById,
        decidedAt: row.decidedAt!.toISOString(),
      },
    });
  }
  expect(inFlight.every((p) => final.get(p)!.attempts >= 2)).toBe(true); // each lost its first request with the API
  expect(whileDown.every((p) => final.get(p)!.failures.length >= 1)).toBe(true);

  // The first decision asked again under its key — its review has ended meanwhile — answers the same;
  // under another key, or without one, it is refused as already decided.
  const again = await decideUntilAnswered(officers[answered], task(answered), keys[answered]);
  expect(again).toMatchObject({ status: 200, attempts: 1 });
  expect(again.body).toEqual(first.body);
  expect(await h.db.auditEvent.count({ where: { applicationId: id, action: 'approved_provincially' } })).toBe(1);
  for (const p of [answered, inFlight[0], whileDown[0]]) {
    const other = await decideUntilAnswered(officers[p], task(p), crypto.randomUUID());
    expect({ p, status: other.status, code: other.body.error?.code }).toEqual({
      p,
      status: 409,
      code: 'already_decided',
    });
  }
  // a held decision retried under its own key once more: the same answer again
  const heldAgain = await decideUntilAnswered(officers[inFlight[1]], task(inFlight[1]), keys[inFlight[1]]);
  expect(heldAgain.body).toEqual(final.get(inFlight[1])!.body);

  // Exactly once in the record: seven decisions, one per task, each by its party's officer; one forward.
  const decisions = await h.db.auditEvent.findMany({ where: { applicationId: id, action: 'task_decided' } });
  expect(decisions.map((d) => d.eventKey).sort()).toEqual(PARTY_CODES.map((p) => `${task(p)}/decision`).sort());
  expect(rows.map((r) => [r.status, r.decision])).toEqual(PARTY_CODES.map(() => ['decided', 'approve']));
  expect(await h.db.auditEvent.count({ where: { applicationId: id, action: 'forwarded' } })).toBe(1);
  const all = await delivered(h, { applicationId: id }, 16, 60_000);
  expect(all.filter((m) => m.event === 'submission_to_mofcom')).toHaveLength(9);
  expect(
    await receivedCounts(
      h,
      all.map((m) => m.messageId),
    ),
  ).toEqual(all.map(() => 1));
});
