// The engine does not trust whoever reaches it: an Update sent straight to Temporal (not through
// the API) with a forged actor — unsigned, signed with a key the workflows do not hold, changed
// after signing, signed for another workflow or another Update id — is refused before anything
// is recorded; and a properly signed actor who may not send that Update is refused by the
// workflow's own checks, for every Update type. The API's own path still works.
import { execFile } from 'node:child_process';
import crypto from 'node:crypto';
import path from 'node:path';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { DEFAULT_ROUND_CONFIG } from '../domain/round';
import { signedUpdate } from '../platform/actorSignature';
import { parseKeyRing } from '../platform/secrets';
import {
  assignPanelUpdate,
  decideUpdate,
  evaluationWorkflowId,
  expertReviewWorkflowId,
  fileObjectionUpdate,
  quarterlyReportWorkflowId,
  resolveObjectionUpdate,
  reviewTaskId,
  selectionWorkflowId,
  selfAssessmentUpdate,
  submitReportUpdate,
  submitUpdate,
  taskActionUpdate,
  applicationWorkflowId,
  type Actor,
  type DecideInput,
} from '../shared/definitions';
import { cityAnnex } from './support/fixtures';
import { ALL_APPROVE, decide, decideRound, draft, provincialOfficers, recommend, submit } from './support/flows';
import { env, http, login, newApplicant, newRound, startHarness, waitFor, type Harness } from './support/harness';

let h: Harness;
let roundId: string;
let gd: Awaited<ReturnType<typeof provincialOfficers>>;
let applicant: Awaited<ReturnType<typeof newApplicant>>;
let appId: string;

/** An actor as the API would name this user (usecases/access.ts actorOf). */
async function actorOf(username: string): Promise<Actor> {
  const u = await h.db.user.findUniqueOrThrow({ where: { username } });
  return {
    userId: u.id,
    username: u.username,
    role: u.role,
    departmentId: u.departmentId,
    organizationId: u.organizationId,
    provinceCode: null,
  };
}

/** What a refused Update's failure says: its domain error code, and for an unverified actor why. */
async function refusal(p: Promise<unknown>): Promise<string> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(err instanceof WorkflowUpdateFailedError))
    throw new Error(`expected the Update to be refused, got ${err === undefined ? 'success' : String(err)}`);
  const cause = err.cause as { type?: string; details?: unknown[] };
  const field = (cause.details?.[0] as { code: string }[] | undefined)?.[0];
  return cause.type === 'actor_unverified' ? `actor_unverified:${field?.code}` : String(cause.type);
}

beforeAll(async () => {
  h = await startHarness();
  roundId = (await newRound(h)).id;
  gd = await provincialOfficers(h, 'GD');
  applicant = await newApplicant(h, 'city', 'GD');
  appId = await draft(h, applicant.token, roundId, cityAnnex());
  // the normal API path: submitted, signed by the API and accepted by the workflow
  expect((await submit(h, applicant.token, appId)).status).toBe(200);
  await waitFor('review tasks', async () => (await h.db.task.count({ where: { applicationId: appId } })) === 7);
});
afterAll(() => h.stop());

describe('forged actors sent straight to Temporal', () => {
  test('when a decision is unsigned, signed with a stranger key, changed after signing, or signed for another workflow or Update id, then it is refused and nothing is recorded', async () => {
    const taskId = reviewTaskId(appId, 1, 'COMMERCE');
    const workflowId = applicationWorkflowId(appId);
    const handle = h.client.workflow.getHandle(workflowId);
    const commerce = await actorOf('gd.commerce');
    const approve: DecideInput = { taskId, decision: 'approve', actor: commerce };
    const auditBefore = await h.db.auditEvent.count({ where: { applicationId: appId } });

    // unsigned: the API's exact shape, without a signature
    expect(await refusal(handle.executeUpdate(decideUpdate, { args: [approve] }))).toBe('actor_unverified:unsigned');
    // signed with a well-formed key the workflows do not hold, under a key id they do
    const stranger = parseKeyRing('X', `test1:${crypto.randomBytes(32).toString('base64')}`);
    expect(
      await refusal(
        handle.executeUpdate(
          decideUpdate,
          signedUpdate(workflowId, decideUpdate, approve, undefined, { keys: stranger }),
        ),
      ),
    ).toBe('actor_unverified:bad_mac');
    // signed with a key id outside the ring
    const unknown = parseKeyRing('X', `rogue:${crypto.randomBytes(32).toString('base64')}`);
    expect(
      await refusal(
        handle.executeUpdate(
          decideUpdate,
          signedUpdate(workflowId, decideUpdate, approve, undefined, { keys: unknown }),
        ),
      ),
    ).toBe('actor_unverified:unknown_key');
    // validly signed, then the decision changed
    const genuine = signedUpdate(workflowId, decideUpdate, approve);
    const tampered = {
      ...genuine,
      args: [{ ...genuine.args[0], decision: 'reject', reason: 'forged' }] as [DecideInput],
    };
    expect(await refusal(handle.executeUpdate(decideUpdate, tampered))).toBe('actor_unverified:bad_mac');
    // validly signed, for another workflow (another application's review)
    const elsewhere = signedUpdate(applicationWorkflowId('another-application'), decideUpdate, approve);
    expect(await refusal(handle.executeUpdate(decideUpdate, elsewhere))).toBe('actor_unverified:bad_mac');
    // validly signed, sent again under another Update id (a copy taken from a history)
    expect(
      await refusal(handle.executeUpdate(decideUpdate, { args: genuine.args, updateId: crypto.randomUUID() })),
    ).toBe('actor_unverified:bad_mac');
    // a desk action is checked the same way
    expect(
      await refusal(handle.executeUpdate(taskActionUpdate, { args: [{ taskId, action: 'claim', actor: commerce }] })),
    ).toBe('actor_unverified:unsigned');

    // nothing was recorded: no audit record, the task still open and unclaimed
    expect(await h.db.auditEvent.count({ where: { applicationId: appId } })).toBe(auditBefore);
    const task = await h.db.task.findUniqueOrThrow({ where: { id: taskId } });
    expect([task.status, task.assigneeId, task.decidedById]).toEqual(['open', null, null]);

    // and the workflow still takes the proper decision, through the API
    const res = await decide(h, gd.COMMERCE, taskId, { decision: 'approve' });
    expect(res.status).toBe(200);
    const decided = await h.db.task.findUniqueOrThrow({ where: { id: taskId } });
    expect([decided.status, decided.decision, decided.decidedById]).toEqual(['decided', 'approve', commerce.userId]);
  });

  test('when the unsigned Update comes through the API instead, then the API signs it and it is taken (the normal path)', async () => {
    const res = await http(
      h.baseUrl,
      'POST',
      `/api/tasks/${encodeURIComponent(reviewTaskId(appId, 1, 'ENVIRONMENT'))}/claim`,
      { token: gd.ENVIRONMENT, body: {} },
    );
    expect(res.status).toBe(200);
    expect(
      (await h.db.task.findUniqueOrThrow({ where: { id: reviewTaskId(appId, 1, 'ENVIRONMENT') } })).assigneeId,
    ).toBe((await actorOf('gd.environment')).userId);
  });
});

describe("the workflows' own checks, for a properly signed actor who may not act", () => {
  const send = <T extends { actor: Actor }>(workflowId: string, update: { name: string }, input: T) =>
    refusal(
      h.client.workflow
        .getHandle(workflowId)
        .executeUpdate(update as never, signedUpdate(workflowId, update, input) as never),
    );

  test('decide and taskAction: an officer of another department or province is refused', async () => {
    const workflowId = applicationWorkflowId(appId);
    const zj = await actorOf('zj.commerce');
    const gdEnvironment = await actorOf('gd.environment');
    expect(
      await send(workflowId, decideUpdate, {
        taskId: reviewTaskId(appId, 1, 'INDUSTRY_IT'),
        decision: 'approve',
        actor: zj,
      }),
    ).toBe('not_your_task');
    expect(
      await send(workflowId, decideUpdate, {
        taskId: reviewTaskId(appId, 1, 'INDUSTRY_IT'),
        decision: 'approve',
        actor: gdEnvironment,
      }),
    ).toBe('not_your_task');
    expect(
      await send(workflowId, decideUpdate, {
        taskId: reviewTaskId(appId, 1, 'INDUSTRY_IT'),
        decision: 'approve',
        actor: await actorOf('admin'),
      }),
    ).toBe('not_your_task');
    expect(
      await send(workflowId, taskActionUpdate, {
        taskId: reviewTaskId(appId, 1, 'INDUSTRY_IT'),
        action: 'claim' as const,
        actor: zj,
      }),
    ).toBe('not_your_task');
    expect(
      await send(workflowId, taskActionUpdate, {
        taskId: reviewTaskId(appId, 1, 'INDUSTRY_IT'),
        action: 'reassign' as const,
        target: { userId: zj.userId, username: zj.username, departmentId: 'GD.INDUSTRY_IT' },
        reason: 'x',
        actor: gdEnvironment,
      }),
    ).toBe('forbidden');
    expect((await h.db.task.findUniqueOrThrow({ where: { id: reviewTaskId(appId, 1, 'INDUSTRY_IT') } })).status).toBe(
      'open',
    );
  });

  test('submit: only the applicant of the owning organisation', async () => {
    const workflowId = applicationWorkflowId(appId);
    const other = await newApplicant(h, 'city', 'GD');
    expect(await send(workflowId, submitUpdate, { actor: await actorOf('gd.commerce') })).toBe('forbidden');
    expect(await send(workflowId, submitUpdate, { actor: await actorOf(other.user.username) })).toBe('forbidden');
    // its own applicant passes the check and meets the state's: it is already under review
    expect(await send(workflowId, submitUpdate, { actor: await actorOf(applicant.user.username) })).toBe(
      'not_awaiting_submission',
    );
  });

  test('assignPanel and an expert decision: only MOFCOM or the admin assigns, only an expert scores', async () => {
    await decideRound(
      h,
      gd,
      appId,
      1,
      Object.fromEntries(Object.entries(ALL_APPROVE).filter(([p]) => p !== 'COMMERCE')),
    );
    await recommend(h, roundId, 'GD', [appId]); // forwarded once its unit recommends it
    const workflowId = expertReviewWorkflowId(appId);
    await waitFor(
      'the expert review',
      async () =>
        (
          await h.client.workflow
            .getHandle(workflowId)
            .describe()
            .catch(() => undefined)
        )?.status.name === 'RUNNING',
    );
    expect(
      await send(workflowId, assignPanelUpdate, {
        batchId: 'b1',
        expertIds: ['e1'],
        actor: await actorOf('gd.commerce'),
      }),
    ).toBe('forbidden');
    expect(
      await send(workflowId, assignPanelUpdate, { batchId: 'b1', expertIds: ['e1'], actor: await actorOf('miit') }),
    ).toBe('forbidden');
    // MOFCOM passes the check and meets the state's: this round assigns one by one
    expect(
      await send(workflowId, assignPanelUpdate, { batchId: 'b1', expertIds: ['e1'], actor: await actorOf('mofcom') }),
    ).toBe('panel_not_awaited');
    const seat = await waitFor('an expert seat', () =>
      h.db.task.findFirst({ where: { applicationId: appId, stage: 'expertReview', status: 'open' } }),
    );
    const scores = { taskId: seat.id, decision: 'decline', reason: 'conflict', actor: await actorOf('mofcom') };
    expect(await send(workflowId, decideUpdate, scores)).toBe('not_your_task');
    expect((await h.db.task.findUniqueOrThrow({ where: { id: seat.id } })).status).toBe('open');
  });

  test('fileObjection and resolveObjection: an auditor may not object, only MOFCOM resolves', async () => {
    const closed = await newRound(h, { deadline: new Date(Date.now() - 60_000) });
    expect(
      (await http(h.baseUrl, 'POST', `/api/rounds/${closed.id}/selection`, { token: await login(h, 'mofcom') })).status,
    ).toBe(201);
    const workflowId = selectionWorkflowId(closed.id);
    // its handlers are set once it has loaded the candidates; its countersign tasks show it is past that
    await waitFor(
      'countersign tasks',
      async () => (await h.db.task.count({ where: { roundId: closed.id, stage: 'selectionCountersign' } })) === 8,
    );
    expect(
      await send(workflowId, fileObjectionUpdate, {
        objectionId: crypto.randomUUID(),
        applicationId: appId,
        reason: 'x',
        actor: await actorOf('auditor'),
      }),
    ).toBe('forbidden');
    expect(
      await send(workflowId, resolveObjectionUpdate, {
        objectionId: 'o1',
        outcome: 'uphold' as const,
        reason: 'x',
        actor: await actorOf('miit'),
      }),
    ).toBe('forbidden');
    expect(
      await send(workflowId, resolveObjectionUpdate, {
        objectionId: 'o1',
        outcome: 'uphold' as const,
        reason: 'x',
        actor: await actorOf('admin'),
      }),
    ).toBe('forbidden');
    // who may passes the check and meets the state's: no public notice is open
    expect(
      await send(workflowId, fileObjectionUpdate, {
        objectionId: crypto.randomUUID(),
        applicationId: appId,
        reason: 'x',
        actor: await actorOf(applicant.user.username),
      }),
    ).toBe('no_public_notice');
    expect(
      await send(workflowId, resolveObjectionUpdate, {
        objectionId: 'o1',
        outcome: 'uphold' as const,
        reason: 'x',
        actor: await actorOf('mofcom'),
      }),
    ).toBe('no_public_notice');
    await h.client.workflow.getHandle(workflowId).terminate('test over');
  });

  test('submitReport and submitSelfAssessment: only an applicant', async () => {
    // the pilot's children, started as the pilot would start them (the validators run before any of their activities matter)
    const reportId = quarterlyReportWorkflowId(appId, 99);
    const far = new Date(Date.now() + 365 * 86_400_000).toISOString();
    await h.client.workflow.start('quarterlyReportWorkflow', {
      workflowId: reportId,
      taskQueue: h.taskQueue,
      args: [
        {
          applicationId: appId,
          roundId,
          provinceCode: 'GD',
          quarter: 99,
          dueAt: far,
          lateWindowDays: 30,
          compilationDueAt: far,
        },
      ],
    });
    const evaluationId = evaluationWorkflowId(appId, 'midterm');
    await h.client.workflow.start('evaluationWorkflow', {
      workflowId: evaluationId,
      taskQueue: h.taskQueue,
      args: [{ applicationId: appId, stage: 'midterm', kind: 'city', config: DEFAULT_ROUND_CONFIG.evaluation }],
    });
    try {
      const content = { summary: 'forged' };
      for (const username of ['gd.commerce', 'mofcom', 'admin', 'demo.expert1']) {
        expect(await send(reportId, submitReportUpdate, { content, actor: await actorOf(username) })).toBe('forbidden');
        expect(await send(evaluationId, selfAssessmentUpdate, { content, actor: await actorOf(username) })).toBe(
          'forbidden',
        );
      }
      expect(
        await h.db.auditEvent.count({
          where: { applicationId: appId, action: { in: ['quarterly_report_submitted', 'self_assessment_submitted'] } },
        }),
      ).toBe(0);
    } finally {
      await h.client.workflow.getHandle(reportId).terminate('test over');
      await h.client.workflow.getHandle(evaluationId).terminate('test over');
    }
  });
});

describe('a worker given a prebuilt bundle (WORKFLOW_BUNDLE)', () => {
  test("when the bundle holds other actor keys than the worker's, then the worker refuses to start and says why", async () => {
    // the run's bundle holds the tests' keys; this worker has a ring of its own. The refusal comes
    // before any connection, so the addresses need only be set.
    const ring = `k9:${crypto.randomBytes(32).toString('base64')}`;
    const result = await new Promise<{ code: number | null; stderr: string }>((resolve) =>
      execFile(
        process.execPath,
        ['--import', 'tsx', path.join(__dirname, '..', 'workers', 'main.ts')],
        {
          env: {
            ...process.env,
            ACTOR_SIGNING_KEYS: ring,
            WORKFLOW_BUNDLE: env.bundlePath(),
            DATABASE_URL: 'postgresql://nobody@127.0.0.1:9/none',
            TEMPORAL_ADDRESS: '127.0.0.1:9',
            LOG_LEVEL: 'silent',
          },
        },
        (err, _stdout, stderr) => resolve({ code: err ? ((err as { code?: number }).code ?? null) : 0, stderr }),
      ),
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      `WORKFLOW_BUNDLE ${env.bundlePath()} was not built with this worker's ACTOR_SIGNING_KEYS`,
    );
  });
});
