// The provincial joint review, end to end through the API: seven parties countersign; returns
// are collected; a reject ends the round; central enterprises skip it; decisions are exactly once.
import { PARTY_CODES } from '../domain/parties';
import { signedUpdate } from '../platform/actorSignature';
import { applicationWorkflowId, reviewTaskId } from '../shared/definitions';
import { cityAnnex, enterpriseAnnex } from './support/fixtures';
import {
  ALL_APPROVE,
  decide,
  decideRound,
  draft,
  getApp,
  provincialOfficers,
  reached,
  recommend,
  statusBecomes,
  submit,
} from './support/flows';
import { keepHistories } from './support/histories';
import { http, login, newApplicant, newRound, startHarness, waitFor, type Harness } from './support/harness';

let h: Harness;
let roundId: string;
let gd: Awaited<ReturnType<typeof provincialOfficers>>;

beforeAll(async () => {
  h = await startHarness();
  roundId = (await newRound(h)).id;
  gd = await provincialOfficers(h, 'GD');
});
afterAll(() => h.stop());

async function submitted(kind: 'city' | 'enterprise' | 'central_enterprise' = 'city', rid = roundId) {
  const applicant = await newApplicant(h, kind, 'GD');
  const id = await draft(h, applicant.token, rid, kind === 'city' ? cityAnnex() : enterpriseAnnex());
  const res = await submit(h, applicant.token, id);
  expect(res.status).toBe(200);
  return { applicant, id };
}

describe('provincial joint review', () => {
  test("when all seven parties approve a city, then it waits for its province's recommendation, and once recommended it is forwarded to MOFCOM", async () => {
    const { applicant, id } = await submitted('city');
    await waitFor('the task in the inbox', async () => {
      const inbox = await http(h.baseUrl, 'GET', `/api/tasks?applicationId=${id}`, { token: gd.INDUSTRY_IT });
      return inbox.body.items.some((t: { id: string }) => t.id === reviewTaskId(id, 1, 'INDUSTRY_IT'));
    });

    await decideRound(h, gd, id, 1, ALL_APPROVE);
    await reached(h, id, 'recommending');
    expect((await getApp(h, applicant.token, id)).status).toBe('recommending');
    await recommend(h, roundId, 'GD', [id]);
    const app = await getApp(h, applicant.token, id);
    const review = app.tasks.filter((t: { stage: string }) => t.stage === 'provincialReview');
    expect(review.map((t: { status: string; decision: string }) => [t.status, t.decision])).toEqual(
      PARTY_CODES.map(() => ['decided', 'approve']),
    );
    const actions = app.history.map((e: { action: string }) => e.action);
    expect(actions.slice(0, actions.indexOf('forwarded') + 1)).toEqual([
      'submitted',
      'tasks_opened',
      ...PARTY_CODES.map(() => 'task_decided'),
      'approved_provincially',
      'forwarded',
    ]);
    // who, what, when, why: every decision names its officer (to MOFCOM), its department (to the applicant)
    const decided = (await getApp(h, await login(h, 'mofcom'), id)).history.filter(
      (e: { action: string }) => e.action === 'task_decided',
    );
    expect(new Set(decided.map((e: { actorId: string }) => e.actorId)).size).toBe(7);
    expect(decided[0].actorRole).toBe('provincial_officer');
    const told = app.history.filter((e: { action: string }) => e.action === 'task_decided');
    expect(
      told.map((e: { actorId: string | null; department: { id: string } }) => [e.actorId, e.department.id]).sort(),
    ).toEqual(PARTY_CODES.map((p) => [null, `GD.${p}`]).sort());
  });

  test('when two parties return it, then the applicant gets both fixes together, revises, and round 2 approves', async () => {
    const { applicant, id } = await submitted('enterprise');
    await decideRound(h, gd, id, 1, {
      COMMERCE: { decision: 'return', reason: 'Targets need figures' },
      PBOC_BRANCH: { decision: 'return', reason: 'Describe the supply-chain finance risk controls' },
    });
    // Returns are collected until every party has decided.
    expect((await getApp(h, applicant.token, id)).status).toBe('provincial_review');
    await decideRound(
      h,
      gd,
      id,
      1,
      Object.fromEntries(
        PARTY_CODES.filter((p) => p !== 'COMMERCE' && p !== 'PBOC_BRANCH').map((p) => [p, { decision: 'approve' }]),
      ),
    );
    await statusBecomes(h, id, 'returned');
    const returned = await getApp(h, applicant.token, id);
    const returnEvent = returned.history.find((e: { action: string }) => e.action === 'returned');
    expect(returnEvent.detail.fixes).toEqual([
      { party: 'COMMERCE', reason: 'Targets need figures' },
      { party: 'PBOC_BRANCH', reason: 'Describe the supply-chain finance risk controls' },
    ]);
    // the applicant's mail names each department and the revision due time in China Standard Time
    const mail = await waitFor('the return mail', () =>
      h.db.notification.findFirst({
        where: { applicationId: id, event: 'application_returned', recipientKind: 'organization' },
      }),
    );
    expect(mail.text).toContain('人民银行分支机构要求修改：Describe the supply-chain finance risk controls');
    expect(mail.text).toContain("People's Bank of China branch asks: Describe the supply-chain finance risk controls");
    expect(mail.text).toMatch(/请于 \d{4}-\d{2}-\d{2} \d{2}:\d{2}（北京时间）前重新提交/);
    expect(mail.text).not.toContain('PBOC_BRANCH');

    const revised = enterpriseAnnex({ targets: 'Cut inventory days by 20% in two years' });
    expect(
      (await http(h.baseUrl, 'PUT', `/api/applications/${id}`, { token: applicant.token, body: { annex: revised } }))
        .status,
    ).toBe(200);
    const resubmitted = await submit(h, applicant.token, id);
    expect(resubmitted.status).toBe(200);
    expect(resubmitted.body.reviewRound).toBe(2);

    await decideRound(h, gd, id, 2, ALL_APPROVE);
    await reached(h, id, 'recommending');
    await recommend(h, roundId, 'GD', [id]);
    const app = await getApp(h, applicant.token, id);
    // Earlier rounds stay in the history, with what was submitted each time.
    const review = app.tasks.filter((t: { stage: string }) => t.stage === 'provincialReview');
    expect(review.filter((t: { reviewRound: number }) => t.reviewRound === 1)).toHaveLength(7);
    expect(review.filter((t: { reviewRound: number }) => t.reviewRound === 2)).toHaveLength(7);
    const submissions = app.history.filter((e: { action: string }) => e.action === 'submitted');
    expect(submissions.map((e: { detail: { annex: { targets: string } } }) => e.detail.annex.targets)).toEqual([
      enterpriseAnnex().targets,
      revised.targets,
    ]);
    await keepHistories(h.client, 'returned-and-resubmitted', [`application-${id}`]);
  });

  test('when one party rejects, then the round ends at once: open tasks are withdrawn and the reason is kept', async () => {
    const { applicant, id } = await submitted('city');
    await decideRound(h, gd, id, 1, {
      COMMERCE: { decision: 'approve' },
      ENVIRONMENT: { decision: 'reject', reason: 'Serious environmental violations on record' },
    });
    await statusBecomes(h, id, 'rejected');
    const app = await getApp(h, applicant.token, id);
    expect(app.outcomeReason).toBe('Serious environmental violations on record');
    const byParty = Object.fromEntries(
      app.tasks.map((t: { departmentId: string; status: string }) => [t.departmentId, t.status]),
    );
    expect(byParty['GD.COMMERCE']).toBe('decided');
    expect(byParty['GD.ENVIRONMENT']).toBe('decided');
    expect(Object.values(byParty).filter((s) => s === 'withdrawn')).toHaveLength(5);
    const late = await decide(h, gd.AGRICULTURE, reviewTaskId(id, 1, 'AGRICULTURE'), { decision: 'approve' });
    expect(late.status).toBe(409);
    expect(late.body.error.code).toBe('review_closed');
    // a rejected application cannot be resubmitted
    expect((await submit(h, applicant.token, id)).status).toBe(409);
    await keepHistories(h.client, 'rejected', [`application-${id}`]);
  });

  test('when a central enterprise submits, then it goes straight to MOFCOM with no provincial tasks', async () => {
    const { applicant, id } = await submitted('central_enterprise');
    await reached(h, id, 'forwarded');
    expect((await getApp(h, applicant.token, id)).history[0]).toMatchObject({
      action: 'submitted',
      toStatus: 'forwarded',
    });
    expect(await h.db.task.count({ where: { applicationId: id, stage: 'provincialReview' } })).toBe(0); // (its expert review may already have begun)
  });

  test('when a party decides twice, then the second gets 409 and changes nothing', async () => {
    const { id } = await submitted('city');
    await decideRound(h, gd, id, 1, { AGRICULTURE: { decision: 'approve' } });
    const again = await decide(h, gd.AGRICULTURE, reviewTaskId(id, 1, 'AGRICULTURE'), {
      decision: 'reject',
      reason: 'changed my mind',
    });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('already_decided');
    const task = await h.db.task.findUniqueOrThrow({ where: { id: reviewTaskId(id, 1, 'AGRICULTURE') } });
    expect(task.decision).toBe('approve');
  });

  test('when two officers of one party decide concurrently, then exactly one wins and the other gets 409', async () => {
    const { id } = await submitted('city');
    await waitFor('tasks', async () => (await h.db.task.count({ where: { applicationId: id } })) === 7);
    const colleague = await login(h, 'gd.market_regulation');
    const taskId = reviewTaskId(id, 1, 'MARKET_REGULATION');
    const results = await Promise.all([
      decide(h, gd.MARKET_REGULATION, taskId, { decision: 'approve' }),
      decide(h, colleague, taskId, { decision: 'return', reason: 'missing quality plan' }),
      decide(h, gd.MARKET_REGULATION, taskId, { decision: 'approve' }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409, 409]);
    expect(await h.db.auditEvent.count({ where: { taskId, action: 'task_decided' } })).toBe(1);
  });

  test("when an officer decides another party's or another province's task, then 403 and nothing changes", async () => {
    const { id } = await submitted('city');
    await waitFor('tasks', async () => (await h.db.task.count({ where: { applicationId: id } })) === 7);
    const taskId = reviewTaskId(id, 1, 'COMMERCE');
    const otherParty = await decide(h, gd.AGRICULTURE, taskId, { decision: 'approve' });
    expect(otherParty.status).toBe(403);
    expect(otherParty.body.error.code).toBe('not_your_task');
    const otherProvince = await decide(h, await login(h, 'zj.commerce'), taskId, { decision: 'approve' });
    expect(otherProvince.status).toBe(403);
    const applicantTries = await decide(h, (await newApplicant(h, 'city')).token, taskId, { decision: 'approve' });
    expect(applicantTries.status).toBe(403);
    expect((await decide(h, gd.COMMERCE, `${id}:pr9:COMMERCE`, { decision: 'approve' })).status).toBe(404);
    expect((await h.db.task.findUniqueOrThrow({ where: { id: taskId } })).status).toBe('open');
  });

  test('when a decision is malformed or a reject has no reason, then 400 names the field and nothing changes', async () => {
    const { id } = await submitted('city');
    await waitFor('tasks', async () => (await h.db.task.count({ where: { applicationId: id } })) === 7);
    const taskId = reviewTaskId(id, 1, 'COMMERCE');
    const noReason = await decide(h, gd.COMMERCE, taskId, { decision: 'reject' });
    expect(noReason.status).toBe(400);
    expect(noReason.body.error.fields.map((f: { field: string }) => f.field)).toEqual(['reason']);
    const wrong = await decide(h, gd.COMMERCE, taskId, { decision: 'maybe' });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.fields.map((f: { field: string }) => f.field)).toEqual(['decision']);
    // a field the document does not know is refused before the decision is read (api/bodyCheck.ts)
    const extra = await decide(h, gd.COMMERCE, taskId, { decision: 'approve', extra: 1 });
    expect(extra.status).toBe(400);
    expect(extra.body.error.fields.map((f: { field: string; code: string }) => [f.field, f.code])).toEqual([
      ['extra', 'unknown_field'],
    ]);
    expect((await h.db.task.findUniqueOrThrow({ where: { id: taskId } })).status).toBe('open');
  });

  test('when the Update bypasses the API with a wrong party, then the workflow validator refuses it', async () => {
    const { id } = await submitted('city');
    await waitFor('tasks', async () => (await h.db.task.count({ where: { applicationId: id } })) === 7);
    const handle = h.client.workflow.getHandle(applicationWorkflowId(id));
    const { decideUpdate } = await import('../shared/definitions');
    await expect(
      // signed as the API would sign it: the workflow's own department check is what refuses it
      handle.executeUpdate(
        decideUpdate,
        signedUpdate(handle.workflowId, decideUpdate, {
          taskId: reviewTaskId(id, 1, 'COMMERCE'),
          decision: 'approve',
          actor: { userId: 'x', username: 'zj.commerce', role: 'provincial_officer', departmentId: 'ZJ.COMMERCE' },
        }),
      ),
    ).rejects.toMatchObject({ cause: { type: 'not_your_task' } });
    expect((await h.db.task.findUniqueOrThrow({ where: { id: reviewTaskId(id, 1, 'COMMERCE') } })).status).toBe('open');
  });
});
