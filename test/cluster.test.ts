// pilotflow on a real two-node Temporal cluster on PostgreSQL (bench/cluster.ts: the server built
// from go.temporal.io/server, 8 history shards, two workers and two API processes behind
// balancers): a round from declaration to selection while a server node, then a worker and an API
// process, are SIGKILLed. It runs in the PostgreSQL pass (TEST_DATABASE_URL): Temporal's cluster
// keeps its state in PostgreSQL, which the embedded pass does not have.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { Worker } from '@temporalio/worker';
import { NATIONAL_BODIES } from '../domain/bodies';
import { PARTY_CODES } from '../domain/parties';
import { DEFAULT_RUBRIC } from '../domain/round';
import { countersignTaskId, reviewTaskId } from '../shared/definitions';
import { CLUSTER_NAMESPACE, dropClusterDatabases, startClusterSystem, type ClusterSystem } from '../bench/cluster';
import { pool } from '../bench/pool';
import { cityAnnex, enterpriseAnnex } from './support/fixtures';
import { draft, recommend, reached, statusBecomes, submit } from './support/flows';
import { env, login, newApplicant, newRound, waitFor, type Harness } from './support/harness';
import { receivedCounts } from './support/mail';

const SERVER_URL = process.env.TEST_DATABASE_URL;
const NAME = `pf_cluster_${process.pid}`;
const PROVINCES = ['GD', 'SC', 'HB', 'YN'];
const PER_PROVINCE = 6;
const QUOTAS = { city: 5, enterprise: 5 };
const MIN_SCORE = 60;

const suite = SERVER_URL
  ? describe
  : (name: string, fn: () => void) =>
      describe.skip(`${name} (skipped: the cluster keeps its state in PostgreSQL; set TEST_DATABASE_URL)`, fn);

suite('a Temporal cluster of two nodes', () => {
  let system: ClusterSystem;
  let h: Harness; // what the flows need: the API (through its balancer) and the read model
  let client: Client;
  let connection: Connection;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pilotflow-cluster-'));
  const round = { id: '' };
  const apps: { id: string; province: string | null; kind: string; score: number }[] = [];

  beforeAll(async () => {
    system = await startClusterSystem({
      serverUrl: SERVER_URL!,
      name: NAME,
      dir,
      // the test bundle's actor keys, so the histories replay against it below
      env: {
        ACTOR_SIGNING_KEYS: process.env.ACTOR_SIGNING_KEYS,
        AUDIT_CHAIN_KEYS: process.env.AUDIT_CHAIN_KEYS,
        ARCHIVE_EVERY_MINUTES: '0',
        AUDIT_ANCHOR_EVERY_MINUTES: '0',
      },
      log: () => undefined,
    });
    h = { baseUrl: system.baseUrl, db: system.db } as unknown as Harness;
    connection = await Connection.connect({ address: system.temporal.address });
    client = new Client({ connection, namespace: CLUSTER_NAMESPACE });
  }, 900_000); // the first run on a machine builds the server (~5 min)

  afterAll(async () => {
    await connection?.close();
    await system?.stop();
    await dropClusterDatabases(SERVER_URL!, NAME);
    fs.rmSync(dir, { recursive: true, force: true });
  }, 120_000);

  const resent = { times: 0, answersLost: 0 };
  /** A decision sent until it is taken: through a dead API, a node's failover or a worker's absence, it is sent again. */
  async function decideOnce(token: string, taskId: string, body: { decision: string }) {
    const deadline = Date.now() + 120_000;
    for (let pause = 250; ; pause = Math.min(pause * 2, 4000)) {
      const res = await fetch(`${system.baseUrl}/api/tasks/${encodeURIComponent(taskId)}/decision`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'accept-language': 'en' },
        body: JSON.stringify(body),
      }).then(
        // eslint-disable-next-line @typescript-eslint/no-explicit-any
        async (r) => ({ status: r.status, body: (await r.json().catch(() => undefined)) as any }),
        (err: Error) => ({ status: 0, body: err.message }),
      );
      if (res.status === 200) return;
      // an earlier attempt was taken, its answer lost with the API that gave it: taken once, as sent
      if (res.status === 409 && res.body?.error?.code === 'already_decided') {
        const task = await system.db.task.findUniqueOrThrow({ where: { id: taskId } });
        expect(task.decision).toBe(body.decision);
        resent.answersLost++;
        return;
      }
      if (res.status !== 0 && res.status < 500) throw new Error(`${taskId}: ${res.status} ${JSON.stringify(res.body)}`);
      if (Date.now() > deadline) throw new Error(`${taskId}: still ${res.status} ${JSON.stringify(res.body)}`);
      resent.times++;
      await new Promise((r) => setTimeout(r, pause));
    }
  }

  const sessions = new Map<string, Promise<string>>();
  const tokenOf = (username: string) => {
    if (!sessions.has(username)) sessions.set(username, login(h, username));
    return sessions.get(username)!;
  };

  test('when a server node is SIGKILLed mid-review, then the other takes over its shards and every application reaches MOFCOM', async () => {
    Object.assign(
      round,
      await newRound(h, {
        expertReview: { panelSize: 1, quorum: 1 },
        selection: { quotas: QUOTAS, minScore: MIN_SCORE, countersignDays: 10 },
      }),
    );
    const kinds = [
      ...PROVINCES.flatMap((province) =>
        Array.from({ length: PER_PROVINCE }, (_, i) => ({ province, kind: i % 2 ? 'enterprise' : 'city' }) as const),
      ),
      { province: null, kind: 'central_enterprise' } as const,
    ];
    // distinct scores, some below the minimum: the verdicts follow from them alone
    await pool(kinds, 6, async ({ province, kind }, i) => {
      const applicant = await newApplicant(h, kind, province ?? 'GD');
      const id = await draft(h, applicant.token, round.id, kind === 'city' ? cityAnnex() : enterpriseAnnex());
      expect((await submit(h, applicant.token, id)).status).toBe(200);
      apps[i] = { id, province, kind, score: 50 + ((i * 7) % kinds.length) };
    });
    const shardsBefore = await system.cluster.shardsByNode();
    expect(shardsBefore.every((n) => n > 0)).toBe(true); // both nodes hold shards

    const decisions = apps.filter((a) => a.province).flatMap((a) => PARTY_CODES.map((party) => ({ app: a, party })));
    let done = 0;
    let killedAt = 0;
    const afterKill: number[] = [];
    await pool(decisions, 6, async ({ app, party }) => {
      await waitFor(
        'the review tasks',
        async () => (await system.db.task.count({ where: { applicationId: app.id } })) === 7,
      );
      const token = await tokenOf(`${app.province!.toLowerCase()}.${party.toLowerCase()}`);
      const sentAt = Date.now();
      await decideOnce(token, reviewTaskId(app.id, 1, party), { decision: 'approve' });
      if (killedAt && sentAt >= killedAt) afterKill.push(Date.now() - sentAt);
      if (++done === Math.floor(decisions.length / 3)) {
        killedAt = Date.now();
        await system.cluster.nodes[0].kill();
      }
    });
    const takeover = await waitFor(
      'node 2 to own every shard',
      async () => {
        const shards = await system.cluster.shardsByNode();
        return shards[1] === system.cluster.historyShards ? shards : undefined;
      },
      120_000,
    );
    const takeoverSeconds = (Date.now() - killedAt) / 1000;
    for (const province of PROVINCES) {
      const ids = apps.filter((a) => a.province === province).map((a) => a.id);
      await Promise.all(ids.map((id) => reached(h, id, 'recommending')));
      await recommend(h, round.id, province, ids);
    }
    for (const a of apps) await reached(h, a.id, 'forwarded');
    console.log(
      `${apps.length} applications; node 1 killed after ${Math.floor(decisions.length / 3)} of ${decisions.length} decisions: ` +
        `shards ${JSON.stringify(shardsBefore)} → ${JSON.stringify(takeover)} (by ${takeoverSeconds.toFixed(1)} s); ` +
        `of the ${afterKill.length} decisions sent after the kill, the slowest was taken ${(Math.max(...afterKill) / 1000).toFixed(1)} s after it was sent`,
    );
  }, 300_000);

  test('when the node is back and a worker and an API process are SIGKILLed, then expert review and selection complete: the verdicts follow the scores, every decision once, every message received (a second copy only of a send the killed worker had not recorded), nothing left running but the pilots', async () => {
    const t0 = Date.now();
    const laps: string[] = [];
    const lap = (what: string) => laps.push(`${what} ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    await system.cluster.nodes[0].start();
    await waitFor('the shards to spread again', async () => (await system.cluster.shardsByNode()).every((n) => n > 0));
    lap('node 1 back with shards');
    await system.workers[0].kill();
    await system.apis[0].kill();

    const sheet = (score: number) => Object.fromEntries(DEFAULT_RUBRIC.map((c) => [c.code, score]));
    await pool(apps, 4, async (app) => {
      const task = await waitFor('the expert task', () =>
        system.db.task.findFirst({
          where: { applicationId: app.id, stage: 'expertReview', status: 'open' },
          include: { assignee: true },
        }),
      );
      await decideOnce(await tokenOf(task.assignee!.username), task.id, {
        decision: 'score',
        scores: sheet(app.score),
        comments: '集群评审',
      } as { decision: string });
      await statusBecomes(h, app.id, 'scored');
    });
    lap('scored by one worker and one API');
    // the killed parts come back and take their share again
    await system.workers[0].start();
    await system.apis[0].start();
    lap('worker 1 and API 1 back');

    const mofcom = await tokenOf('mofcom');
    const post = (p: string) =>
      fetch(`${system.baseUrl}${p}`, { method: 'POST', headers: { authorization: `Bearer ${mofcom}` } });
    expect((await post(`/api/rounds/${round.id}/close-declaration`)).status).toBe(200);
    expect((await post(`/api/rounds/${round.id}/selection`)).status).toBe(201);
    await waitFor(
      'the countersign',
      async () =>
        (await system.db.task.count({ where: { roundId: round.id, stage: 'selectionCountersign' } })) ===
        NATIONAL_BODIES.length,
    );
    await Promise.all(
      NATIONAL_BODIES.map(async (b) =>
        decideOnce(await tokenOf(b.code.toLowerCase()), countersignTaskId(round.id, 1, b.code), {
          decision: 'approve',
        }),
      ),
    );
    await waitFor(
      'publication',
      async () => (await system.db.selection.findUnique({ where: { roundId: round.id } }))?.status === 'published',
      120_000,
    );

    lap('published');
    // The oracle: each group's best scores at or above the minimum, up to its quota
    const best = (group: string[], quota: number) =>
      apps
        .filter((a) => group.includes(a.kind) && a.score >= MIN_SCORE)
        .sort((a, b) => b.score - a.score)
        .slice(0, quota)
        .map((a) => a.id);
    const expected = new Set([
      ...best(['city', 'ftz'], QUOTAS.city),
      ...best(['enterprise', 'central_enterprise'], QUOTAS.enterprise),
    ]);
    // (a selected application goes on at once into its pilot; a verdict of not selected is final)
    for (const a of apps)
      await (expected.has(a.id) ? reached(h, a.id, 'selected') : statusBecomes(h, a.id, 'not_selected'));

    // every task decided once
    const tasks = await system.db.task.findMany({
      where: { OR: [{ roundId: round.id }, { applicationId: { in: apps.map((a) => a.id) } }], status: 'decided' },
      select: { id: true },
    });
    const decidedEvents = await system.db.auditEvent.groupBy({
      by: ['taskId'],
      where: { action: 'task_decided', taskId: { in: tasks.map((t) => t.id) } },
      _count: { _all: true },
    });
    expect(decidedEvents.map((e) => e._count._all).filter((n) => n !== 1)).toEqual([]);
    expect(decidedEvents).toHaveLength(tasks.length);
    // every message sent and received. Delivery is at-least-once with a stable Message-ID
    // (docs/security.md): a send the SIGKILLed worker had made but not yet recorded is sent again,
    // so a second copy may arrive — only of a message with a second attempt on its row.
    const mail = await waitFor(
      'no mail pending',
      async () => {
        const rows = await system.db.notification.findMany({ where: { applicationId: { in: apps.map((a) => a.id) } } });
        return rows.every((r) => r.status === 'sent') ? rows : undefined;
      },
      120_000,
    );
    const counts = await receivedCounts(
      h,
      mail.map((m) => m.messageId),
    );
    expect(counts.filter((n) => n < 1)).toEqual([]);
    const twice = mail.filter((_, i) => counts[i] > 1);
    expect(twice.filter((m) => m.attempts < 2).map((m) => m.messageId)).toEqual([]);
    expect(counts.filter((n) => n > 2)).toEqual([]);
    // nothing stuck: what still runs is what waits by design — each selected application, its pilot
    // and its first quarter's report; each province's recommendation (open 30 days for late approvals)
    const waiting = [
      ...[...expected].flatMap((id) => [`application-${id}`, `pilot-${id}`, `quarterly-report-${id}-q1`]),
      ...PROVINCES.map((p) => `recommendation-${round.id}-${p}`),
    ].sort();
    const running = async () => {
      const ids: string[] = [];
      for await (const w of client.workflow.list({ query: 'ExecutionStatus = "Running"' })) ids.push(w.workflowId);
      return ids.sort();
    };
    await waitFor(
      'only the waiting workflows to run',
      async () => JSON.stringify(await running()) === JSON.stringify(waiting),
      60_000,
    ).catch(async (err) => {
      expect(await running()).toEqual(waiting); // names what else runs
      throw err;
    });
    lap('checked');
    console.log(
      `selection published: ${expected.size} selected of ${apps.length}; ${tasks.length} decisions, each once; ${mail.length} messages, ${twice.length} received twice (sent again after the worker's kill); ${laps.join(', ')}; ` +
        `decisions sent again ${resent.times} times in all, ${resent.answersLost} of them already taken`,
    );
  }, 300_000);

  test('when the histories the cluster wrote are replayed against the current workflow code, then every one replays', async () => {
    const histories = [];
    for await (const w of client.workflow.list()) {
      histories.push({
        workflowId: w.workflowId,
        history: await client.workflow.getHandle(w.workflowId, w.runId).fetchHistory(),
      });
    }
    const failures: string[] = [];
    for await (const r of Worker.runReplayHistories(
      { workflowBundle: { codePath: env.bundlePath() }, replayName: 'cluster' },
      histories,
    )) {
      if (r.error) failures.push(`${r.workflowId}: ${String(r.error)}`);
    }
    expect(failures).toEqual([]);
    expect(histories.length).toBeGreaterThan(apps.length * 3); // applications, reviews, panels, the selection
  });
});
