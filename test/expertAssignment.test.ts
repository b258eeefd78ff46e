// Batch expert assignment through the API, on the real workflows: applications of a batch round
// wait after their province forwards them; MOFCOM assigns every waiting one at once; each panel
// keeps every rule; the experts get their tasks; a declining expert is replaced one by one; an
// infeasible batch says why and changes nothing; no one else may run it.
//
// Applicants are from AH, JX and SD only (other files use other provinces), and this file's
// experts are from GD: expertReview.test.ts counts the experts eligible for its GD applicants,
// which these are not. The pool is shared with every file running alongside, so a panel may hold
// any active expert, and each expert's load is what the batch reports having counted.
import { defaultPayloadConverter } from '@temporalio/common';
import { DEFAULT_RUBRIC } from '../domain/round';
import { affinity, profileOf } from '../domain/expertAffinity';
import { expertReviewWorkflowId } from '../shared/definitions';
import { cityAnnex, enterpriseAnnex } from './support/fixtures';
import { approveAndRecommend, decide, draft, getApp, statusBecomes, submit } from './support/flows';
import { keepHistories } from './support/histories';
import { http, login, newApplicant, newExpert, newRound, startHarness, waitFor, type Harness } from './support/harness';

let h: Harness;
let mofcom: string;

const BATCH = { panelSize: 3, quorum: 3, assignment: 'batch', loadCap: 10, maxSameBody: 1 } as const;

/** This file's experts: from GD, each recommended by one body, knowing one or two things. */
const POOL = [
  { key: 'finPboc', fields: ['supply-chain finance'], bodies: ['PBOC'] },
  { key: 'finCbirc', fields: ['供应链金融', 'banking'], bodies: ['CBIRC'] },
  { key: 'green', fields: ['green supply chains'], bodies: ['MEE'] },
  { key: 'platforms', fields: ['platforms', 'digital technology'], bodies: ['MIIT'] },
  { key: 'logistics', fields: ['logistics'], bodies: ['CFLP'] },
  { key: 'quality', fields: ['quality standards'], bodies: ['SAMR'] },
  { key: 'agriculture', fields: ['agriculture', 'food'], bodies: ['MARA'] },
  { key: 'trade', fields: ['international trade', 'automotive manufacturing'], bodies: ['MOFCOM'] },
] as const;
type PoolKey = (typeof POOL)[number]['key'];
const pool = {} as Record<PoolKey, Awaited<ReturnType<typeof newExpert>>>;

interface Waiting {
  id: string;
  token: string;
  org: { id: string };
  province: string;
  annex: Record<string, unknown>;
}
const waiting: Waiting[] = [];
let round: { id: string };

beforeAll(async () => {
  h = await startHarness();
  mofcom = await login(h, 'mofcom');
  for (const e of POOL) {
    const made = await newExpert(h, { provinceCode: 'GD' });
    await h.db.expert.update({ where: { id: made.expert.id }, data: { fields: [...e.fields], bodies: [...e.bodies] } });
    pool[e.key] = made;
  }
  round = await newRound(h, { expertReview: BATCH });
  const plans = [
    {
      province: 'AH',
      kind: 'enterprise' as const,
      annex: enterpriseAnnex({
        legalName: '安徽供应链金融服务有限公司',
        chosenTasks: ['SUPPLY_CHAIN_FINANCE', 'PLATFORMS'],
      }),
    },
    {
      province: 'JX',
      kind: 'city' as const,
      annex: cityAnnex({ cityName: '南昌市', chosenTasks: ['GREEN_SUPPLY_CHAIN', 'INDUSTRY_SUPPLY_CHAIN'] }),
    },
    {
      province: 'SD',
      kind: 'enterprise' as const,
      annex: enterpriseAnnex({
        legalName: '山东绿色物流集团',
        industry: '物流与仓储',
        chosenTasks: ['SUPPLY_CHAIN_FINANCE', 'GREEN_SUPPLY_CHAIN'],
      }),
    },
  ];
  for (const plan of plans) {
    const applicant = await newApplicant(h, plan.kind, plan.province);
    const id = await draft(h, applicant.token, round.id, plan.annex);
    waiting.push({ id, token: applicant.token, org: applicant.org, province: plan.province, annex: plan.annex });
  }
  // A declared conflict with the AH enterprise, and an expert employed by the SD one.
  const declared = await http(h.baseUrl, 'POST', `/api/experts/${pool.finPboc.expert.id}/conflicts`, {
    token: mofcom,
    body: { organizationId: waiting[0].org.id, reason: 'Adviser to its board' },
  });
  expect(declared.status).toBe(201);
  await h.db.expert.update({ where: { id: pool.finCbirc.expert.id }, data: { organizationId: waiting[2].org.id } });
  for (const app of waiting) {
    expect((await submit(h, app.token, app.id)).status).toBe(200);
    await approveAndRecommend(h, round.id, app.province, app.id);
  }
  for (const app of waiting) await statusBecomes(h, app.id, 'expert_assignment_pending');
});
afterAll(() => h.stop());

const openExpertTasks = (applicationId: string) =>
  h.db.task.findMany({ where: { applicationId, stage: 'expertReview', status: 'open' }, include: { assignee: true } });
const sheet = (score: number) => Object.fromEntries(DEFAULT_RUBRIC.map((c) => [c.code, score]));
const expertStatuses = () =>
  h.db.application.findMany({
    where: { id: { in: waiting.map((a) => a.id) } },
    select: { id: true, status: true },
    orderBy: { id: 'asc' },
  });

describe('batch expert assignment', () => {
  test('when applications of a batch round are forwarded, then no expert is assigned and each waits for MOFCOM, saying so', async () => {
    for (const app of waiting) {
      expect(await openExpertTasks(app.id)).toEqual([]);
      const view = await getApp(h, app.token, app.id);
      expect(view.status).toBe('expert_assignment_pending');
      expect(view.statusLabel).toEqual({
        zh: '待商务部统一分配评审专家',
        en: "Awaiting MOFCOM's batch assignment of experts",
      });
      expect(view.history.map((e: { action: string }) => e.action)).toEqual(
        expect.arrayContaining(['forwarded', 'expert_assignment_awaited']),
      );
    }
  });

  test('when an officer other than MOFCOM’s, or an expert, runs the batch, then 403 and nothing changes', async () => {
    const before = await expertStatuses();
    for (const token of [
      await login(h, 'ah.commerce'),
      await login(h, 'miit'),
      await login(h, pool.green.user.username),
    ]) {
      const res = await http(h.baseUrl, 'POST', `/api/rounds/${round.id}/expert-assignment`, { token });
      expect(res.status).toBe(403);
    }
    expect(await expertStatuses()).toEqual(before);
    for (const app of waiting) expect(await openExpertTasks(app.id)).toEqual([]);
    expect(await h.db.expertAssignmentLock.count({ where: { roundId: round.id } })).toBe(0);
  });

  test('when MOFCOM runs the batch, then every waiting application gets a full panel that keeps every rule, its experts get their tasks, and the objective is at least the one-by-one baseline’s', async () => {
    const res = await http(h.baseUrl, 'POST', `/api/rounds/${round.id}/expert-assignment`, { token: mofcom });
    expect(res.status).toBe(200);
    const summary = res.body;
    expect(summary.refused).toEqual([]);
    expect(summary.panels.map((p: { applicationId: string }) => p.applicationId).sort()).toEqual(
      waiting.map((a) => a.id).sort(),
    );
    expect(summary.objective).toBeGreaterThanOrEqual(summary.oneByOne.objective);

    // Every rule, checked against the database rather than the answer's own words.
    const seats = new Map<string, number>();
    let objective = 0;
    for (const panel of summary.panels as {
      applicationId: string;
      experts: { expertId: string; loadBefore: number }[];
    }[]) {
      const app = waiting.find((a) => a.id === panel.applicationId)!;
      const ids = panel.experts.map((e) => e.expertId);
      expect(new Set(ids).size).toBe(BATCH.panelSize);
      const experts = await h.db.expert.findMany({ where: { id: { in: ids } }, include: { conflicts: true } });
      for (const e of experts) {
        expect(e.provinceCode).not.toBe(app.province);
        expect(e.conflicts.map((c) => c.organizationId)).not.toContain(app.org.id);
        expect(e.organizationId).not.toBe(app.org.id);
        seats.set(e.id, (seats.get(e.id) ?? 0) + 1);
        objective += affinity(e.fields, profileOf(app.annex));
      }
      const bodies = experts.flatMap((e) => e.bodies);
      expect(new Set(bodies).size).toBe(bodies.length); // at most one expert per recommending body
    }
    for (const panel of summary.panels as { experts: { expertId: string; loadBefore: number }[] }[]) {
      for (const member of panel.experts)
        expect(member.loadBefore + seats.get(member.expertId)!).toBeLessThanOrEqual(BATCH.loadCap);
    }
    expect(objective).toBe(summary.objective);
    const onPanel = (key: PoolKey, appIndex: number) =>
      summary.panels
        .find((p: { applicationId: string }) => p.applicationId === waiting[appIndex].id)
        .experts.some((e: { expertId: string }) => e.expertId === pool[key].expert.id);
    expect(onPanel('finPboc', 0)).toBe(false); // declared a conflict with the AH enterprise
    expect(onPanel('finCbirc', 2)).toBe(false); // works for the SD enterprise

    // The tasks are open for exactly the panel, the reviews have begun, MOFCOM is on the record.
    const officer = await h.db.user.findUniqueOrThrow({ where: { username: 'mofcom' } });
    for (const panel of summary.panels as { applicationId: string; experts: { expertId: string }[] }[]) {
      await statusBecomes(h, panel.applicationId, 'expert_review');
      const tasks = await openExpertTasks(panel.applicationId);
      const users = await h.db.expert.findMany({
        where: { id: { in: panel.experts.map((e) => e.expertId) } },
        select: { userId: true },
      });
      expect(tasks.map((t) => t.assigneeId).sort()).toEqual(users.map((u) => u.userId).sort());
      const started = await h.db.auditEvent.findFirstOrThrow({
        where: { applicationId: panel.applicationId, action: 'expert_review_started' },
      });
      expect(started.actorId).toBe(officer.id);
      expect(started.detail).toMatchObject({ batchId: summary.batchId, seated: BATCH.panelSize });
    }
    const member = (await openExpertTasks(waiting[1].id))[0];
    const inbox = await http(h.baseUrl, 'GET', `/api/tasks?applicationId=${waiting[1].id}`, {
      token: await login(h, member.assignee!.username),
    });
    expect(inbox.body.items.map((t: { id: string }) => t.id)).toEqual([member.id]);
    // the workflow's history alone names who sent the panel
    const history = await h.client.workflow.getHandle(expertReviewWorkflowId(waiting[1].id)).fetchHistory();
    const sent = history.events!.find(
      (e) => e.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.input?.name === 'assignPanel',
    )!;
    const [arg] = sent.workflowExecutionUpdateAcceptedEventAttributes!.acceptedRequest!.input!.args!.payloads!.map(
      (p) => defaultPayloadConverter.fromPayload<{ actor: { username: string }; batchId: string }>(p),
    );
    expect(arg).toMatchObject({ actor: { username: 'mofcom' }, batchId: summary.batchId });
    const recorded = await h.db.auditEvent.findFirstOrThrow({
      where: { roundId: round.id, action: 'experts_batch_assigned' },
    });
    expect(recorded).toMatchObject({
      actorId: officer.id,
      detail: expect.objectContaining({ batchId: summary.batchId, objective: summary.objective }),
    });
  });

  test('when a batch-assigned expert declines, then the seat goes to the next expert by the one-by-one rule, and the panel scores', async () => {
    const app = waiting[0];
    const [declining, ...others] = await openExpertTasks(app.id);
    const declined = await decide(h, await login(h, declining.assignee!.username), declining.id, {
      decision: 'decline',
      reason: 'Travelling',
    });
    expect(declined.status).toBe(200);
    const replacement = await waitFor('a replacement', async () =>
      (await openExpertTasks(app.id)).find((t) => !others.some((o) => o.id === t.id)),
    );
    expect(replacement.assigneeId).not.toBe(declining.assigneeId);
    for (const task of [...others, replacement]) {
      expect(
        (
          await decide(h, await login(h, task.assignee!.username), task.id, {
            decision: 'score',
            scores: sheet(80),
            comments: 'Sound plan',
          })
        ).status,
      ).toBe(200);
    }
    await statusBecomes(h, app.id, 'scored');
    // the corpus: a batch review that ran to its score, and one still waiting for its scores
    await keepHistories(h.client, 'expert-batch', [
      expertReviewWorkflowId(app.id),
      expertReviewWorkflowId(waiting[1].id),
    ]);
  });

  test('when MOFCOM runs the batch again with nothing waiting, then 409 and nothing changes', async () => {
    const res = await http(h.baseUrl, 'POST', `/api/rounds/${round.id}/expert-assignment`, { token: mofcom });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('no_panels_awaited');
  });

  test('when the batch cannot be met, then 422 says why for each application, in both languages, and nothing changes', async () => {
    const impossible = await newRound(h, { expertReview: { ...BATCH, panelSize: 20, quorum: 1 } });
    const applicant = await newApplicant(h, 'enterprise', 'AH');
    const id = await draft(h, applicant.token, impossible.id, enterpriseAnnex({ legalName: '合肥冲突示例有限公司' }));
    // every expert in the pool has declared a conflict with it
    const everyone = await h.db.expert.findMany({ where: { active: true }, select: { id: true } });
    await h.db.expertConflict.createMany({
      data: everyone.map((e) => ({ expertId: e.id, organizationId: applicant.org.id, reason: 'Shareholder' })),
      skipDuplicates: true,
    });
    expect((await submit(h, applicant.token, id)).status).toBe(200);
    await approveAndRecommend(h, impossible.id, 'AH', id);
    await statusBecomes(h, id, 'expert_assignment_pending');
    // the round's records so far are its AH recommendation's (drafted: its row, its task, the ranking;
    // countersigned: its row, the six tasks, six decisions; sent); the refused batch adds none
    const audited = await h.db.auditEvent.count({ where: { roundId: impossible.id } });
    expect(audited).toBe(3 + 2 + 6 + 1);

    const en = await http(h.baseUrl, 'POST', `/api/rounds/${impossible.id}/expert-assignment`, { token: mofcom });
    expect(en.status).toBe(422);
    expect(en.body.error.code).toBe('assignment_infeasible');
    expect(en.body.error.message).toMatch(/^Infeasible: "合肥冲突示例有限公司" has only \d+ experts who may score it/);
    expect(en.body.error.fields).toEqual(
      expect.arrayContaining([expect.objectContaining({ field: `applications.${id}`, code: 'too_few_eligible' })]),
    );
    const zh = await http(h.baseUrl, 'POST', `/api/rounds/${impossible.id}/expert-assignment`, {
      token: mofcom,
      headers: { 'accept-language': 'zh-CN' },
    });
    expect(zh.status).toBe(422);
    expect(zh.body.error.message).toMatch(/^无法分配：“合肥冲突示例有限公司”/);

    expect((await h.db.application.findUniqueOrThrow({ where: { id } })).status).toBe('expert_assignment_pending');
    expect(await openExpertTasks(id)).toEqual([]);
    expect(await h.db.auditEvent.count({ where: { roundId: impossible.id } })).toBe(audited);
    expect(await h.db.expertAssignmentLock.count({ where: { roundId: impossible.id } })).toBe(0);
  });
});
