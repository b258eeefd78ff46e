// Fault: the database unreachable from the worker for a while, in the middle of a provincial
// review. The worker reaches the database through a loopback TCP proxy (test/support/tcpProxy.ts);
// cutting it resets every connection — transactions in flight included — and refuses new ones,
// as a network partition or a database restart would. The API and the SMTP sink keep their direct
// connection, so officers go on deciding meanwhile. Works on the embedded PGlite server and on
// PostgreSQL alike (the proxy only passes bytes).
//
// Then: the decisions' activities fail and are retried (their attempts in the history's local
// activity markers), nothing is recorded while the database is away, and once it is back
// every decision is recorded exactly once, the application is forwarded, and every mail is sent
// and received exactly once.
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { PARTY_CODES } from '../domain/parties';
import { deliveryWorkflowId } from '../notifications/outbox';
import { localActivityOf } from '../platform/localActivityMarker';
import { applicationWorkflowId, reviewTaskId } from '../shared/definitions';
import { keepHistories } from './support/histories';
import { cityAnnex } from './support/fixtures';
import { decide, draft, provincialOfficers, reached, recommend, submit } from './support/flows';
import { env, newApplicant, newRound, startHarness, waitFor, type Harness } from './support/harness';
import { delivered, receivedCounts } from './support/mail';
import { startTcpProxy, type TcpProxy } from './support/tcpProxy';

const PROVINCE = 'JX';
const OUTAGE_MS = 6000;

let proxy: TcpProxy;
let h: Harness;

beforeAll(async () => {
  const direct = new URL(env.databaseUrl());
  proxy = await startTcpProxy({
    host: direct.hostname === 'localhost' ? '127.0.0.1' : direct.hostname,
    port: Number(direct.port || 5432),
  });
  h = await startHarness({ workerDatabaseUrl: proxy.url(env.databaseUrl()) });
});
afterAll(async () => {
  await proxy?.restore();
  await h?.stop();
  await proxy?.close();
});

test('when the database is unreachable from the worker while decisions are being recorded, then the activities retry and, once it is back, every decision is recorded once, the review moves on and every mail goes out once', async () => {
  const round = await newRound(h);
  const officers = await provincialOfficers(h, PROVINCE);
  const applicant = await newApplicant(h, 'city', PROVINCE);
  const id = await draft(h, applicant.token, round.id, cityAnnex({ cityName: '南昌市' }));
  expect((await submit(h, applicant.token, id)).status).toBe(200);
  await waitFor(
    'the review tasks',
    async () => (await h.db.task.count({ where: { applicationId: id, reviewRound: 1 } })) === 7,
  );
  await delivered(h, { applicationId: id, event: 'task_assigned' }, 7);
  expect(proxy.accepted).toBeGreaterThan(0); // the worker's writes went through the proxy

  const [first, second, ...rest] = PARTY_CODES;
  const answers = new Map<
    string,
    Promise<{ status: number; body: { id?: string; status?: string; decision?: string } }>
  >();
  const send = (party: (typeof PARTY_CODES)[number]) =>
    answers.set(party, decide(h, officers[party], reviewTaskId(id, 1, party), { decision: 'approve' }));
  // One decision before the outage; three more sent and the database cut 30 ms later, while
  // they are being recorded; the last three sent while it is away.
  send(first);
  expect((await answers.get(first))!.status).toBe(200);
  send(second);
  send(rest[0]);
  send(rest[1]);
  await new Promise((r) => setTimeout(r, 30));
  await proxy.cut();
  const cutAt = Date.now();
  for (const party of rest.slice(2)) send(party);

  // While it is away nothing is recorded beyond what was committed before the cut: the decisions'
  // local activities fail and are retried, inside the workflow task that accepted them.
  // A COMMIT the proxy forwarded just before the cut may still complete on the server a moment
  // later, so the count is taken once two reads 500 ms apart agree.
  const countDecided = () => h.db.auditEvent.count({ where: { applicationId: id, action: 'task_decided' } });
  let recordedAtCut = await countDecided();
  for (let settled = false; !settled;) {
    await new Promise((r) => setTimeout(r, 500));
    const again = await countDecided();
    settled = again === recordedAtCut;
    recordedAtCut = again;
  }
  expect(recordedAtCut).toBeLessThan(7);
  const review = h.client.workflow.getHandle(applicationWorkflowId(id)); // the joint review runs inside it
  const wait = cutAt + OUTAGE_MS - Date.now();
  if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  expect(await countDecided()).toBe(recordedAtCut);
  expect(await h.db.auditEvent.count({ where: { applicationId: id, action: 'approved_provincially' } })).toBe(0);
  await proxy.restore();

  // Back: every officer gets the answer to the decision sent, each recorded once, and the review moves on.
  for (const party of PARTY_CODES) {
    const res = await answers.get(party)!;
    expect({ party, status: res.status, body: res.body }).toMatchObject({
      party,
      status: 200,
      body: { id: reviewTaskId(id, 1, party), status: 'decided', decision: 'approve' },
    });
  }
  await reached(h, id, 'recommending');
  await recommend(h, round.id, PROVINCE, [id]); // then on to MOFCOM
  const decisions = await h.db.auditEvent.findMany({ where: { applicationId: id, action: 'task_decided' } });
  expect(decisions.map((d) => d.taskId).sort()).toEqual(PARTY_CODES.map((p) => reviewTaskId(id, 1, p)).sort());
  expect(decisions.map((d) => d.eventKey).sort()).toEqual(
    PARTY_CODES.map((p) => `${reviewTaskId(id, 1, p)}/decision`).sort(),
  );
  const tasks = await h.db.task.findMany({ where: { applicationId: id, reviewRound: 1 } });
  expect(tasks.map((t) => [t.status, t.decision])).toEqual(PARTY_CODES.map(() => ['decided', 'approve']));
  expect(await h.db.auditEvent.count({ where: { applicationId: id, action: 'approved_provincially' } })).toBe(1);
  expect(await h.db.auditEvent.count({ where: { applicationId: id, action: 'forwarded' } })).toBe(1);
  // on to the expert review (its panel drawn from whatever pool this run has)
  expect(['forwarded', 'expert_assignment_pending', 'expert_review', 'expert_panel_short', 'scored']).toContain(
    (await h.db.application.findUniqueOrThrow({ where: { id } })).status,
  );
  // the history shows the retries: one local activity per decision, those the outage caught after more than one attempt
  const recorded = ((await review.fetchHistory()).events ?? [])
    .map((e) => localActivityOf(e.markerRecordedEventAttributes))
    .filter((a) => a?.type === 'recordDecision');
  expect(recorded).toHaveLength(7);
  expect(recorded.some((a) => a!.attempt >= 2)).toBe(true);

  // Every mail of the application — the seven task mails before, the nine copies for MOFCOM and the applicant after — each received once.
  const copies = await delivered(h, { applicationId: id, event: 'submission_to_mofcom' }, 9, 60_000);
  expect(copies).toHaveLength(9);
  const all = await delivered(h, { applicationId: id }, 16, 60_000);
  expect(
    await receivedCounts(
      h,
      all.map((m) => m.messageId),
    ),
  ).toEqual(all.map(() => 1));
});

test('when the database becomes unreachable just after the SMTP server accepted a message, then the message is not sent again: its sent mark waits for the database', async () => {
  // An SMTP server that, on accepting the first message, cuts the worker's database for a while.
  const direct = new URL(env.databaseUrl());
  const cutter = await startTcpProxy({
    host: direct.hostname === 'localhost' ? '127.0.0.1' : direct.hostname,
    port: Number(direct.port || 5432),
  });
  const received: string[] = [];
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      let raw = '';
      stream.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
      stream.on('end', () => {
        received.push(/^Message-ID:\s*(\S+)/im.exec(raw)![1]);
        if (received.length > 1) return callback();
        void cutter.cut().then(() => {
          callback(); // accepted: 250, with the database already out of reach
          setTimeout(() => void cutter.restore(), OUTAGE_MS / 2);
        });
      });
    },
  });
  await new Promise<void>((r) => smtp.listen(0, '127.0.0.1', () => r()));
  const mail = await startHarness({
    workerDatabaseUrl: cutter.url(env.databaseUrl()),
    workerSmtpUrl: `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`,
  });
  try {
    const applicant = await newApplicant(mail, 'city', PROVINCE);
    const id = await draft(mail, applicant.token, (await newRound(mail)).id, cityAnnex({ cityName: '九江市' }));
    expect((await submit(mail, applicant.token, id)).status).toBe(200);
    const sent = await delivered(mail, { applicationId: id, event: 'task_assigned' }, 7, 60_000);
    expect(cutter.cutOff).toBe(false);
    // each of the seven once, the first included, though its attempt could not mark it sent
    expect(received.filter((m) => sent.some((n) => `<${n.messageId}>` === m || n.messageId === m))).toHaveLength(7);
    expect(new Set(received).size).toBe(received.length);
    const first = sent.find((n) => received[0].includes(n.messageId))!;
    expect(first.attempts).toBe(1);
    await keepHistories(mail.client, 'mark-sent-apart', [deliveryWorkflowId(first.eventKey)]);
  } finally {
    await mail.stop();
    await new Promise<void>((r) => smtp.close(() => r()));
    await cutter.close();
  }
});
