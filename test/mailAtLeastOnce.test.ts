// What mail delivery really promises: at least once, with a stable Message-ID per (event,
// recipient). A worker killed after the SMTP server accepted a message and before the row is
// marked sent makes the next worker send it again — the receiver sees the same Message-ID twice
// and can drop one — while a retry started while an attempt still holds its rows (a heartbeat
// timeout with the first attempt still talking to the server) sends none of them, and an attempt
// stops transmitting at its deadline, inside the reservation that lets it send. The first send, by
// the activity that recorded the event, starts no delivery workflow when the server takes the mail,
// and leaves it to one when it does not.
import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import net from 'node:net';
import path from 'node:path';
import { WorkflowNotFoundError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import { SMTPServer } from 'smtp-server';
import { createDeliveryActivities } from '../activities/delivery';
import { createNotifier } from '../activities/notify';
import { createMailer, sendWithin } from '../notifications/mailer';
import { deliveryWorkflowId, LEASE_MS, reserveMail } from '../notifications/outbox';
import { appendAudit } from '../platform/audit';
import { createLogger } from '../platform/logger';
import { enterpriseAnnex } from './support/fixtures';
import { draft, submit } from './support/flows';
import { env, newApplicant, newRound, OUTBOX, startHarness, waitFor, type Harness } from './support/harness';
import { delivered, receivedCounts } from './support/mail';

/** A real SMTP server run by the test: it records each message's Message-ID and event, and lets the test act before it answers 250. */
async function recordingSmtp(
  beforeAccept: (m: { messageId: string; event?: string }) => Promise<void> = async () => undefined,
) {
  const received: { messageId: string; event?: string }[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      let raw = '';
      stream.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
      stream.on('end', () => {
        const m = {
          messageId: /^Message-ID:\s*(\S+)/im.exec(raw)![1],
          event: /^X-Pilotflow-Event:\s*(\S+)/im.exec(raw)?.[1],
        };
        received.push(m); // from here on the message is the server's: it is delivered whatever the client learns
        void beforeAccept(m).then(() => callback());
      });
    },
  });
  server.on('error', () => undefined); // a client killed mid-conversation
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return {
    received,
    url: `smtp://127.0.0.1:${(server.server.address() as net.AddressInfo).port}`,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

/** What the recording server does before it answers 250 (the first test kills the worker there). */
let beforeAccept: (m: { messageId: string; event?: string }) => Promise<void> = async () => undefined;
let smtp: Awaited<ReturnType<typeof recordingSmtp>>;
// One harness (one API) for the file: its worker, when started, sends to the recording server;
// the activities driven directly below send where each test says.
let h: Harness;
beforeAll(async () => {
  smtp = await recordingSmtp((m) => beforeAccept(m));
  h = await startHarness({ worker: false, workerSmtpUrl: smtp.url });
});
afterAll(async () => {
  await h.stop();
  await smtp.close();
});

describe('a worker killed between the SMTP server accepting a message and its sent mark', () => {
  test('when the worker process is killed right after the server accepted a message, then the next worker sends it again under the same Message-ID: after de-duplication by Message-ID every recipient has each message once, and every row ends sent', async () => {
    let child: ChildProcess | undefined;
    let killedAfter: string | undefined;
    const exited = () =>
      new Promise<void>((r) =>
        child!.exitCode !== null || child!.signalCode !== null ? r() : child!.once('exit', () => r()),
      );
    // On the first copy for MOFCOM: the worker is SIGKILLed, and only then does the server answer 250.
    beforeAccept = async (m) => {
      if (m.event !== 'submission_to_mofcom' || killedAfter || !child) return;
      killedAfter = m.messageId;
      child.kill('SIGKILL');
      await exited();
    };
    try {
      child = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, '..', 'workers', 'main.ts')], {
        env: {
          ...process.env,
          DATABASE_URL: env.databaseUrl(),
          TEMPORAL_ADDRESS: env.temporalAddress(),
          WORKFLOW_BUNDLE: env.bundlePath(), // the run's bundle: no bundling at start
          TEMPORAL_TASK_QUEUE: h.taskQueue,
          SMTP_URL: smtp.url,
          LOG_LEVEL: 'warn',
          ARCHIVE_EVERY_MINUTES: '0',
        },
        stdio: 'ignore',
      });
      const applicant = await newApplicant(h, 'central_enterprise'); // straight to MOFCOM: nine copies, a batch of eight and one
      const id = await draft(h, applicant.token, (await newRound(h)).id, enterpriseAnnex());
      expect((await submit(h, applicant.token, id)).status).toBe(200);
      await waitFor(
        'the worker killed after the first copy was accepted',
        async () => killedAfter !== undefined && child!.signalCode === 'SIGKILL',
        60_000,
      );

      // the window: the server has the message, our row does not know it
      const killedRow = await h.db.notification.findFirstOrThrow({
        where: { applicationId: id, event: 'submission_to_mofcom', messageId: killedAfter },
      });
      expect(killedRow.status).toBe('pending');
      expect(killedRow.reservedBy).toMatch(/#1$/);

      await h.startWorker();
      // the dead attempt's reservation must lapse first (heartbeat timeout, then the lease)
      const rows = await delivered(h, { applicationId: id, event: 'submission_to_mofcom' }, 9, 120_000);
      expect(rows).toHaveLength(9);
      expect(rows.every((r) => r.status === 'sent')).toBe(true);

      const copies = smtp.received.filter(
        (m) => m.event === 'submission_to_mofcom' && rows.some((r) => r.messageId === m.messageId),
      );
      const perMessage = new Map<string, number>();
      for (const m of copies) perMessage.set(m.messageId, (perMessage.get(m.messageId) ?? 0) + 1);
      // after de-duplication by Message-ID: each of the nine once
      expect([...perMessage.keys()].sort()).toEqual(rows.map((r) => r.messageId).sort());
      // raw: the message accepted in the window arrived twice; at most the one batch in flight was sent again
      expect(perMessage.get(killedAfter!)).toBe(2);
      expect(copies.length).toBeLessThanOrEqual(9 + 8);
      expect(Math.max(...perMessage.values())).toBe(2);
      // the resend came from a later attempt than the killed one
      expect(rows.find((r) => r.messageId === killedAfter)!.reservedBy).not.toBe(killedRow.reservedBy);
      console.info(
        `mail killed after accept: ${copies.length} copies received for 9 messages (${[...perMessage.values()].filter((n) => n > 1).length} duplicated)`,
      );
    } finally {
      if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      beforeAccept = async () => undefined;
      await h.stopWorker();
    }
  }, 180_000); // the dead attempt is noticed by its heartbeat timeout (20 s), its rows free once its lease (30 s) lapses
});

/** An event with `count` pending messages, written as the outbox writes them. */
async function pendingEvent(count: number) {
  const eventKey = `test-reservation-${crypto.randomUUID()}`;
  const rows = Array.from({ length: count }, (_, i) => ({
    id: `${eventKey}→department:D${i}`,
    eventKey,
    event: 'task_assigned',
    recipientKind: 'department',
    recipientId: `D${i}`,
    email: `d${i}-${eventKey}@pilotflow.example.org`,
    subject: 'test',
    text: 'test',
    html: '<p>test</p>',
    messageId: `<${crypto.createHash('sha256').update(`${eventKey}→department:D${i}`).digest('hex').slice(0, 40)}@${OUTBOX.mailDomain}>`,
  }));
  await h.db.notification.createMany({ data: rows });
  return { eventKey, messageIds: rows.map((r) => r.messageId) };
}

describe('one attempt at a time per row', () => {
  const logger = createLogger('silent');
  const deliveryWith = (smtpUrl: string) =>
    createDeliveryActivities({ db: h.db, logger, mailer: createMailer(smtpUrl), outbox: OUTBOX });
  const attempt = (activityId: string, n: number) =>
    new MockActivityEnvironment({
      workflowExecution: { workflowId: `delivery-${activityId}`, runId: 'run-1' },
      activityId,
      attempt: n,
    });

  test('when a retry starts while the first attempt still holds the rows (still talking to the SMTP server), then the retry sends nothing and fails to be retried after the lease; the first attempt sends each once', async () => {
    const { eventKey, messageIds } = await pendingEvent(3);
    // The first attempt's SMTP server takes each message and holds its answer until released.
    let release!: () => void;
    const released = new Promise<void>((r) => (release = r));
    const slow = await recordingSmtp(() => released);
    try {
      const first = attempt(eventKey, 1).run(deliveryWith(slow.url).sendEventMail, { eventKey });
      await waitFor('the first attempt mid-send', async () => slow.received.length === 3);

      const retry = attempt(eventKey, 2).run(deliveryWith(h.smtpUrl).sendEventMail, { eventKey });
      const failure = await retry.then(
        () => undefined,
        (err: unknown) => err,
      );
      expect(failure).toBeInstanceOf(ApplicationFailure);
      expect(failure).toMatchObject({ type: 'MailReserved', nonRetryable: false });
      const wait = (failure as ApplicationFailure).nextRetryDelay as number;
      expect(wait).toBeGreaterThan(1_000);
      expect(wait).toBeLessThanOrEqual(LEASE_MS + 1_000);
      expect(await receivedCounts(h, messageIds)).toEqual([0, 0, 0]); // the retry's server got nothing
      const held = await h.db.notification.findMany({ where: { eventKey }, orderBy: { id: 'asc' } });
      expect(held.map((n) => [n.status, n.reservedBy, n.attempts])).toEqual(
        messageIds.map(() => ['pending', `delivery-${eventKey}/run-1/${eventKey}#1`, 1]),
      );

      release();
      expect(await first).toEqual({ sent: 3, failed: 0, accepted: [] });
      expect(slow.received.map((m) => m.messageId).sort()).toEqual([...messageIds].sort());
      // a later attempt finds nothing left to send
      expect(await attempt(eventKey, 3).run(deliveryWith(h.smtpUrl).sendEventMail, { eventKey })).toEqual({
        sent: 0,
        failed: 0,
        accepted: [],
      });
      expect(await receivedCounts(h, messageIds)).toEqual([0, 0, 0]);
      expect((await h.db.notification.findMany({ where: { eventKey } })).every((n) => n.status === 'sent')).toBe(true);
    } finally {
      release();
      await slow.close();
    }
  });

  test('when an attempt cannot reach the SMTP server, then it gives its rows back and the next attempt sends them at once', async () => {
    const { eventKey, messageIds } = await pendingEvent(2);
    const closed = net.createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', () => r()));
    const deadPort = (closed.address() as net.AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));

    await expect(
      attempt(eventKey, 1).run(deliveryWith(`smtp://127.0.0.1:${deadPort}`).sendEventMail, { eventKey }),
    ).rejects.toThrow(/ECONNREFUSED|connect/i);
    const given = await h.db.notification.findMany({ where: { eventKey } });
    expect(given.map((n) => [n.status, n.reservedBy, n.reservedUntil, n.attempts])).toEqual(
      messageIds.map(() => ['pending', null, null, 1]),
    );
    expect(await attempt(eventKey, 2).run(deliveryWith(h.smtpUrl).sendEventMail, { eventKey })).toEqual({
      sent: 2,
      failed: 0,
      accepted: [],
    });
    expect(await receivedCounts(h, messageIds)).toEqual([1, 1]);
  });

  test('when the attempt holding the rows died, then another takes them over only once its lease has lapsed', async () => {
    const { eventKey, messageIds } = await pendingEvent(2);
    // an attempt that reserved the rows for 1.5 s and then was lost
    const dead = await reserveMail(h.db, { eventKey }, 'a lost worker#1', 1_500);
    expect(dead.rows).toHaveLength(2);
    const early = await attempt(eventKey, 2)
      .run(deliveryWith(h.smtpUrl).sendEventMail, { eventKey })
      .then(
        () => undefined,
        (err: unknown) => err,
      );
    expect(early).toMatchObject({ type: 'MailReserved' });
    expect((early as ApplicationFailure).nextRetryDelay).toBeLessThanOrEqual(2_500);
    expect(await receivedCounts(h, messageIds)).toEqual([0, 0]);

    await new Promise((r) => setTimeout(r, (early as ApplicationFailure).nextRetryDelay as number)); // the database's clock, not Temporal's: nothing to skip
    expect(await attempt(eventKey, 3).run(deliveryWith(h.smtpUrl).sendEventMail, { eventKey })).toEqual({
      sent: 2,
      failed: 0,
      accepted: [],
    });
    expect(await receivedCounts(h, messageIds)).toEqual([1, 1]);
  });

  test('when the SMTP server answers too slowly, then the send is aborted at its deadline and nothing more of it is written', async () => {
    // greets, then never answers EHLO: only the deadline (here 1 s) ends the send before the socket timeout (10 s)
    const sockets: { bytes: number; closed: boolean }[] = [];
    const tarpit = net.createServer((s) => {
      const seen = { bytes: 0, closed: false };
      sockets.push(seen);
      s.on('data', (d) => (seen.bytes += d.length))
        .on('close', () => (seen.closed = true))
        .on('error', () => undefined);
      s.write('220 slow.example ESMTP\r\n');
    });
    await new Promise<void>((r) => tarpit.listen(0, '127.0.0.1', () => r()));
    try {
      const started = Date.now();
      const failure = await sendWithin(
        createMailer(`smtp://127.0.0.1:${(tarpit.address() as net.AddressInfo).port}`),
        { from: OUTBOX.mailFrom, to: 'x@pilotflow.example.org', subject: 's', text: 't' },
        AbortSignal.timeout(1_000),
      ).then(
        () => undefined,
        (err: Error) => err,
      );
      expect(failure?.name).toBe('AbortError');
      expect(Date.now() - started).toBeLessThan(5_000);
      await waitFor('the socket closed by the client', async () => sockets[0]?.closed, 2_000);
      const written = sockets[0].bytes;
      expect(written).toBeGreaterThan(0); // its EHLO
      await new Promise((r) => setTimeout(r, 500));
      expect(sockets[0].bytes).toBe(written);
    } finally {
      tarpit.close();
    }
  });
});

describe('the first send, by the activity that recorded the event', () => {
  const logger = createLogger('silent');
  const notifierWith = (smtpUrl: string) =>
    createNotifier({ db: h.db, logger, mailer: createMailer(smtpUrl), outbox: OUTBOX }, { sendAtOnce: true });
  const inActivity = (eventKey: string) =>
    new MockActivityEnvironment(
      {
        workflowExecution: { workflowId: `test-${eventKey}`, runId: 'run-1' },
        activityId: eventKey,
        taskQueue: h.taskQueue,
      },
      { client: h.client },
    );
  /** An event already recorded with its mail pending: a retried activity finds it so, and sends what is pending. */
  async function recordedEvent(count: number) {
    const event = await pendingEvent(count);
    await h.db.$transaction((tx) => appendAudit(tx, { eventKey: event.eventKey, action: 'test_event' }));
    return event;
  }
  const deliveryOf = (eventKey: string) => h.client.workflow.getHandle(deliveryWorkflowId(eventKey));

  test('when the SMTP server takes the mail, then the activity sends it itself, once, and no delivery workflow is started', async () => {
    const { eventKey, messageIds } = await recordedEvent(3);
    expect(await inActivity(eventKey).run(notifierWith(h.smtpUrl), eventKey, async () => undefined)).toBe(false);
    const rows = await h.db.notification.findMany({ where: { eventKey } });
    expect(rows.map((n) => [n.status, n.attempts])).toEqual(messageIds.map(() => ['sent', 1]));
    expect(await receivedCounts(h, messageIds)).toEqual([1, 1, 1]);
    await expect(deliveryOf(eventKey).describe()).rejects.toThrow(WorkflowNotFoundError);
  });

  test('when the SMTP server cannot be reached, then the mail goes to the delivery workflow, and for the next 30 s the next event goes there without trying', async () => {
    const closed = net.createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', () => r()));
    const deadPort = (closed.address() as net.AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    // no worker runs on the file's queue here: the delivery workflows wait, and the rows show only the first sends
    const first = await recordedEvent(2);
    const second = await recordedEvent(2);
    try {
      await inActivity(first.eventKey).run(
        notifierWith(`smtp://127.0.0.1:${deadPort}`),
        first.eventKey,
        async () => undefined,
      );
      const tried = await h.db.notification.findMany({ where: { eventKey: first.eventKey } });
      expect(tried.map((n) => [n.status, n.attempts, n.reservedBy])).toEqual(
        first.messageIds.map(() => ['pending', 1, null]),
      );
      expect(tried.every((n) => /ECONNREFUSED|connect/i.test(n.lastError ?? ''))).toBe(true);
      expect((await deliveryOf(first.eventKey).describe()).type).toBe('deliveryWorkflow');

      // the SMTP server is up again, but this process does not try it for a while: straight to the workflow
      await inActivity(second.eventKey).run(notifierWith(h.smtpUrl), second.eventKey, async () => undefined);
      const untried = await h.db.notification.findMany({ where: { eventKey: second.eventKey } });
      expect(untried.map((n) => [n.status, n.attempts])).toEqual(second.messageIds.map(() => ['pending', 0]));
      expect((await deliveryOf(second.eventKey).describe()).type).toBe('deliveryWorkflow');
      // a worker sends both events' mail (to the file's recording server), each once
      await h.startWorker();
      const sent = await delivered(h, { eventKey: { in: [first.eventKey, second.eventKey] } }, 4, 60_000);
      expect(sent.map((n) => smtp.received.filter((m) => m.messageId === n.messageId).length)).toEqual([1, 1, 1, 1]);
    } finally {
      await h.stopWorker();
    }
  });
});
