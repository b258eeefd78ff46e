// Mail to the departments over a real SMTP server (the embedded sink on loopback): the eight copies
// of a submission, task mail to each provincial party, delivery once through an SMTP outage and
// through a worker killed while its send hangs (before the server accepted anything). A worker killed
// after the server accepted a message is test/mailAtLeastOnce.test.ts: that one may arrive twice.
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { WorkflowNotFoundError } from '@temporalio/client';
import { NATIONAL_BODIES } from '../domain/bodies';
import { PARTY_CODES, provincialDepartmentId } from '../domain/parties';
import { departmentMailbox } from '../platform/seed';
import { deliveryWorkflowId } from '../notifications/outbox';
import { reviewTaskId } from '../shared/definitions';
import { keepHistories } from './support/histories';
import { cityAnnex, enterpriseAnnex } from './support/fixtures';
import { approveAndRecommend, draft, submit } from './support/flows';
import { env, http, login, newApplicant, newRound, startHarness, waitFor, type Harness } from './support/harness';
import { delivered, inbox, receivedCounts } from './support/mail';

let h: Harness;
let roundId: string;

beforeAll(async () => {
  h = await startHarness();
  roundId = (await newRound(h)).id;
});
afterAll(() => h.stop());

async function forwardedCity() {
  const applicant = await newApplicant(h, 'city', 'GD');
  const id = await draft(h, applicant.token, roundId, cityAnnex());
  expect((await submit(h, applicant.token, id)).status).toBe(200);
  await approveAndRecommend(h, roundId, 'GD', id);
  return { applicant, id };
}

test('when an application reaches MOFCOM, then each of the eight bodies receives its copy once, in both languages', async () => {
  const { applicant, id } = await forwardedCity();
  const copies = await delivered(h, { applicationId: id, event: 'submission_to_mofcom' }, 9);
  expect(copies.map((c) => c.email).sort()).toEqual(
    [...NATIONAL_BODIES.map((b) => departmentMailbox(b.code)), applicant.org.email].sort(),
  );
  expect(
    await receivedCounts(
      h,
      copies.map((c) => c.messageId),
    ),
  ).toEqual(copies.map(() => 1));

  const [mofcomCopy] = (await inbox(h, departmentMailbox('MOFCOM'))).filter(
    (m) => m.messageId === copies.find((c) => c.recipientId === 'MOFCOM')!.messageId,
  );
  expect(mofcomCopy.subject).toContain('申报材料已报送商务部');
  expect(mofcomCopy.subject).toContain('Application received by MOFCOM');
  expect(mofcomCopy.text).toContain(`http://pilotflow.test/workspace/applications/${id}`);
  expect(mofcomCopy.html).toContain('<section lang="zh-CN">');
  expect(mofcomCopy.html).toContain('<section lang="en">');
});

test('when the provincial review opens, then each of the seven parties is told of its own task, with a link to it', async () => {
  const applicant = await newApplicant(h, 'enterprise', 'SC');
  const id = await draft(h, applicant.token, roundId, enterpriseAnnex());
  expect((await submit(h, applicant.token, id)).status).toBe(200);
  const mails = await delivered(h, { applicationId: id, event: 'task_assigned' }, 7);
  expect(mails.map((m) => [m.recipientId, m.taskId])).toEqual(
    expect.arrayContaining(PARTY_CODES.map((p) => [provincialDepartmentId('SC', p), reviewTaskId(id, 1, p)])),
  );
  for (const m of mails)
    expect(m.text).toContain(`http://pilotflow.test/workspace/tasks/${encodeURIComponent(m.taskId!)}`);
  // sent by the activity that opened the tasks, in one attempt: no delivery workflow was needed
  expect(mails.map((m) => m.attempts)).toEqual(mails.map(() => 1));
  await expect(h.client.workflow.getHandle(deliveryWorkflowId(mails[0].eventKey)).describe()).rejects.toThrow(
    WorkflowNotFoundError,
  );
});

test('when the SMTP server is down for a while, then the mail waits as pending with its attempts, and is delivered once when it is back', async () => {
  await h.stopSink();
  let id = '';
  try {
    ({ id } = await forwardedCity());
    const pending = await waitFor('attempts against the stopped SMTP server', async () => {
      const rows = await h.db.notification.findMany({ where: { applicationId: id, event: 'submission_to_mofcom' } });
      return rows.length === 9 && rows.every((r) => r.status === 'pending' && r.attempts >= 2 && r.lastError)
        ? rows
        : undefined;
    });
    expect(pending[0].lastError).toMatch(/ECONNREFUSED|connect/i);
    // an admin sees them as pending
    const admin = await login(h, 'admin');
    const listed = await http(h.baseUrl, 'GET', `/api/notifications?status=pending&applicationId=${id}`, {
      token: admin,
    });
    expect(listed.status).toBe(200);
    expect(listed.body.filter((n: { event: string }) => n.event === 'submission_to_mofcom')).toHaveLength(9);
  } finally {
    await h.startSink();
  }
  const sent = await delivered(h, { applicationId: id, event: 'submission_to_mofcom' }, 9, 60_000);
  expect(
    await receivedCounts(
      h,
      sent.map((s) => s.messageId),
    ),
  ).toEqual(sent.map(() => 1));
  // the review's task mail, opened during the outage, is left to its delivery workflow, which sends each
  // once (that the first send tried and gave up is test/mailAtLeastOnce.test.ts's)
  const taskMail = await delivered(h, { applicationId: id, event: 'task_assigned' }, 7, 60_000);
  expect(
    await receivedCounts(
      h,
      taskMail.map((m) => m.messageId),
    ),
  ).toEqual(taskMail.map(() => 1));
  expect(taskMail.filter((m) => m.attempts < 2)).toEqual([]);
  expect((await h.client.workflow.getHandle(deliveryWorkflowId(taskMail[0].eventKey)).describe()).type).toBe(
    'deliveryWorkflow',
  );
  await keepHistories(h.client, 'delivery-through-smtp-outage', [deliveryWorkflowId(sent[0].eventKey)]);
});

test('when the worker is killed between recording a mail and sending it, then another worker sends it, once the reservation of the dead attempt has lapsed, and each arrives once', async () => {
  // An SMTP server that accepts connections and never answers: the send hangs, after the outbox row is written.
  const hanging = new Set<net.Socket>();
  const blackhole = net.createServer((s) => hanging.add(s.on('close', () => hanging.delete(s))));
  await new Promise<void>((r) => blackhole.listen(0, '127.0.0.1', r));
  await h.stopWorker();
  let worker: ChildProcess | undefined;
  try {
    worker = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, '..', 'workers', 'main.ts')], {
      env: {
        ...process.env,
        DATABASE_URL: env.databaseUrl(),
        TEMPORAL_ADDRESS: env.temporalAddress(),
        WORKFLOW_BUNDLE: env.bundlePath(), // the run's bundle: no bundling at start
        TEMPORAL_TASK_QUEUE: h.taskQueue,
        SMTP_URL: `smtp://127.0.0.1:${(blackhole.address() as net.AddressInfo).port}`,
        LOG_LEVEL: 'warn',
      },
      stdio: 'ignore',
    });
    const applicant = await newApplicant(h, 'central_enterprise'); // straight to MOFCOM: the eight copies at once
    const id = await draft(h, applicant.token, roundId, enterpriseAnnex());
    expect((await submit(h, applicant.token, id)).status).toBe(200);
    await waitFor(
      'a send in flight',
      async () =>
        hanging.size > 0 &&
        (await h.db.notification.count({ where: { applicationId: id, attempts: { gte: 1 }, status: 'pending' } })) > 0,
      60_000,
    );
    const exited = new Promise((r) => worker!.once('exit', r));
    worker.kill('SIGKILL');
    await exited;
    worker = undefined;
    for (const s of hanging) s.destroy();

    await h.startWorker();
    // the dead attempt is noticed by its heartbeat timeout (20 s); its rows are free once its lease (30 s) lapses
    const sent = await delivered(h, { applicationId: id, event: 'submission_to_mofcom' }, 9, 120_000);
    expect(
      await receivedCounts(
        h,
        sent.map((s) => s.messageId),
      ),
    ).toEqual(sent.map(() => 1));
    expect(Math.max(...sent.map((s) => s.attempts))).toBeGreaterThanOrEqual(2);
  } finally {
    worker?.kill('SIGKILL');
    blackhole.close();
    await h.startWorker();
  }
}, 180_000);

test('when an admin changes a department mailbox, then its next mail goes there; others may not change it, and a bad address is refused by field', async () => {
  const admin = await login(h, 'admin');
  const national = await http(h.baseUrl, 'GET', '/api/mailboxes?level=national', { token: await login(h, 'auditor') });
  expect(national.status).toBe(200);
  expect(national.body).toHaveLength(8);
  expect(national.body.every((d: { email: string }) => d.email.endsWith('@pilotflow.example.org'))).toBe(true);

  const target = provincialDepartmentId('YN', 'ENVIRONMENT');
  expect(
    (
      await http(h.baseUrl, 'PUT', `/api/mailboxes/${target}`, {
        token: await login(h, 'mofcom'),
        body: { email: 'x@pilotflow.example.org' },
      })
    ).status,
  ).toBe(403);
  const bad = await http(h.baseUrl, 'PUT', `/api/mailboxes/${target}`, {
    token: admin,
    body: { email: 'not an address' },
  });
  expect(bad.status).toBe(400);
  expect(bad.body.error.fields[0].field).toBe('email');
  expect(
    (await http(h.baseUrl, 'PUT', '/api/mailboxes/NOPE', { token: admin, body: { email: 'x@pilotflow.example.org' } }))
      .status,
  ).toBe(404);

  const moved = `yn-env-desk-${Date.now()}@pilotflow.example.org`;
  const changed = await http(h.baseUrl, 'PUT', `/api/mailboxes/${target}`, { token: admin, body: { email: moved } });
  expect(changed.status).toBe(200);
  expect(changed.body.email).toBe(moved);
  try {
    const applicant = await newApplicant(h, 'city', 'YN');
    const id = await draft(h, applicant.token, roundId, cityAnnex());
    expect((await submit(h, applicant.token, id)).status).toBe(200);
    const [mail] = await delivered(h, { applicationId: id, event: 'task_assigned', recipientId: target }, 1);
    expect(mail.email).toBe(moved);
    const outbox = await http(h.baseUrl, 'GET', `/api/outbox?to=${encodeURIComponent(moved)}`, { token: admin });
    // (other suites' tasks of this department, e.g. the round simulation's, may be mailed there meanwhile)
    expect(outbox.body.map((m: { messageId: string }) => m.messageId)).toContain(mail.messageId);
    expect(outbox.body.every((m: { to: string[] }) => m.to.includes(moved))).toBe(true);
    expect((await http(h.baseUrl, 'GET', '/api/outbox', { token: await login(h, 'auditor') })).status).toBe(403);
    const audit = await h.db.auditEvent.findFirst({
      where: { action: 'mailbox_changed', detail: { path: ['to'], equals: moved } },
    });
    expect(audit?.detail).toMatchObject({ departmentId: target, from: departmentMailbox(target) });
  } finally {
    await http(h.baseUrl, 'PUT', `/api/mailboxes/${target}`, {
      token: admin,
      body: { email: departmentMailbox(target) },
    });
  }
});
