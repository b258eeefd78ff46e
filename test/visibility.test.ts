// Who may see what of an application (usecases/visibility.ts), through the real API with real
// workflows: an application goes through its province to expert review, one expert scores, and
// each role reads it. The oracle is independent of the code under test: the whole JSON answer is
// searched for the strings that identify an expert (user id, username, e-mail, pool id, seat) or
// carry their opinion (a comment string made for this test), and for the officers' usernames and
// user ids, as read straight from the database.
import crypto from 'node:crypto';
import { PARTY_CODES } from '../domain/parties';
import { DEFAULT_RUBRIC } from '../domain/round';
import { reviewTaskId, selectionWorkflowId } from '../shared/definitions';
import { enterpriseAnnex } from './support/fixtures';
import {
  ALL_APPROVE,
  decide,
  decideRound,
  draft,
  provincialOfficers,
  reached,
  recommend,
  statusBecomes,
  submit,
} from './support/flows';
import { http, login, newApplicant, newRound, startHarness, waitFor, type Harness } from './support/harness';

const PROVINCE = 'SD';

let h: Harness;
beforeAll(async () => {
  h = await startHarness(); // panels draw on the seeded demo experts (BJ, SC, HB)
});
afterAll(() => h.stop());

const sheet = (score: number) => Object.fromEntries(DEFAULT_RUBRIC.map((c) => [c.code, score]));
const get = async (token: string, path: string) => http(h.baseUrl, 'GET', path, { token });
/** Which of the strings occur anywhere in the answer. */
const found = (body: unknown, marks: readonly string[]) => {
  const text = JSON.stringify(body);
  return marks.filter((m) => text.includes(m));
};

/** An expert's identifying strings, from the database. */
async function marksOf(task: { id: string; assigneeId: string | null }) {
  const user = await h.db.user.findUniqueOrThrow({ where: { id: task.assigneeId! } });
  const pool = await h.db.expert.findUniqueOrThrow({ where: { userId: user.id } });
  return { username: user.username, marks: [task.id, user.id, user.username, user.email!, pool.id] };
}

/** Actions that are internal steps: an applicant sees none of them. */
const INTERNAL = [
  'task_claimed',
  'task_released',
  'task_transferred',
  'task_delegated',
  'task_taken_back',
  'task_reassigned',
  'task_reminder',
  'task_escalated',
  'task_default_rule',
  'tasks_overdue',
  'tasks_withdrawn',
  'experts_assigned',
  'expert_replaced',
];

describe('who may see what', () => {
  let applicant: Awaited<ReturnType<typeof newApplicant>>;
  let roundId: string;
  let id: string;
  let officers: Awaited<ReturnType<typeof provincialOfficers>>;
  let officerMarks: string[];
  let seats: { id: string; assigneeId: string | null }[];
  let scorer: Awaited<ReturnType<typeof marksOf>>;
  let waiting: Awaited<ReturnType<typeof marksOf>>[];
  const comment = `Distinctive expert opinion ${crypto.randomUUID()}`;
  let mofcom: string;
  let auditor: string;

  beforeAll(async () => {
    [mofcom, auditor] = await Promise.all([login(h, 'mofcom'), login(h, 'auditor')]);
    officers = await provincialOfficers(h, PROVINCE);
    const officerUsers = await h.db.user.findMany({ where: { departmentId: { startsWith: `${PROVINCE}.` } } });
    officerMarks = officerUsers.flatMap((u) => [u.id, u.username]);
    applicant = await newApplicant(h, 'enterprise', PROVINCE);
    roundId = (await newRound(h)).id;
    id = await draft(h, applicant.token, roundId, enterpriseAnnex());
  });

  test('when an application is a draft never submitted, then nobody but its applicant finds it: 404, and absent from every list', async () => {
    const admin = await login(h, 'admin');
    expect((await get(applicant.token, `/api/applications/${id}`)).status).toBe(200);
    for (const token of [officers.COMMERCE, mofcom, auditor, admin]) {
      expect((await get(token, `/api/applications/${id}`)).body.error.code).toBe('not_found');
      expect((await get(token, `/api/applications/${id}/timeline`)).status).toBe(404);
      const list = await get(token, '/api/applications');
      expect(list.status).toBe(200);
      expect(list.body.map((a: { id: string }) => a.id)).not.toContain(id);
    }
    expect((await get(applicant.token, '/api/applications')).body.map((a: { id: string }) => a.id)).toContain(id);
  });

  test('when one expert of the panel has scored, then the applicant, the other panellists and the province see no expert and no individual score; MOFCOM and the auditor see all', async () => {
    expect((await submit(h, applicant.token, id)).status).toBe(200);
    // an internal step: the commerce officer claims the task before approving
    await waitFor(
      'review tasks',
      async () => (await h.db.task.count({ where: { applicationId: id, reviewRound: 1 } })) === 7,
    );
    const commerceTask = reviewTaskId(id, 1, 'COMMERCE');
    expect(
      (
        await http(h.baseUrl, 'POST', `/api/tasks/${encodeURIComponent(commerceTask)}/claim`, {
          token: officers.COMMERCE,
          body: {},
        })
      ).status,
    ).toBe(200);
    await decideRound(h, officers, id, 1, ALL_APPROVE);
    await recommend(h, roundId, PROVINCE, [id]); // the one enterprise in the province's list: first
    await reached(h, id, 'expert_review');
    seats = await waitFor('three open expert seats', async () => {
      const open = await h.db.task.findMany({
        where: { applicationId: id, stage: 'expertReview', status: 'open' },
        orderBy: { id: 'asc' },
      });
      return open.length === 3 ? open : undefined;
    });
    scorer = await marksOf(seats[0]);
    waiting = await Promise.all(seats.slice(1).map(marksOf));
    const scored = await decide(h, await login(h, scorer.username), seats[0].id, {
      decision: 'score',
      scores: sheet(87),
      comments: comment,
    });
    expect(scored.status).toBe(200);
    const allExperts = [scorer, ...waiting].flatMap((e) => e.marks);

    // The applicant: the departments' decisions, no expert, no officer's name, no internal step.
    const own = await get(applicant.token, `/api/applications/${id}`);
    expect(own.status).toBe(200);
    expect(found(own.body, [comment, ...allExperts, ...officerMarks])).toEqual([]);
    const actions: string[] = own.body.history.map((e: { action: string }) => e.action);
    expect(actions.filter((a) => INTERNAL.includes(a))).toEqual([]);
    expect(actions).toEqual(expect.arrayContaining(['submitted', 'task_decided', 'forwarded']));
    // nor its place in the province's list, anywhere in the answer (MOFCOM reads it below)
    expect(own.body.provincialRank).toBeNull();
    expect(JSON.stringify(own.body)).not.toMatch(/"provincialRank":\d/);
    const commerceDecision = own.body.history.find(
      (e: { action: string; taskId: string }) => e.action === 'task_decided' && e.taskId === commerceTask,
    );
    expect(commerceDecision).toMatchObject({
      actorId: null,
      department: { id: `${PROVINCE}.COMMERCE`, nameZh: expect.any(String), nameEn: expect.any(String) },
      detail: { decision: 'approve' },
    });
    expect(own.body.tasks.map((t: { stage: string }) => t.stage)).toEqual(PARTY_CODES.map(() => 'provincialReview'));
    expect((await get(applicant.token, `/api/applications/${id}/timeline`)).status).toBe(403);

    // A panellist who has not scored: their own seat only.
    for (const other of waiting) {
      const token = await login(h, other.username);
      const seen = await get(token, `/api/applications/${id}`);
      expect(seen.status).toBe(200);
      expect(found(seen.body, [comment, ...scorer.marks, ...officerMarks])).toEqual([]);
      expect(seen.body.tasks.map((t: { assigneeId: string }) => t.assigneeId)).toEqual([other.marks[1]]);
      const inbox = await get(token, `/api/tasks?applicationId=${id}&status=all`);
      expect(inbox.body.items.map((t: { id: string }) => t.id)).toEqual([other.marks[0]]);
      expect((await get(token, `/api/tasks/${encodeURIComponent(seats[0].id)}`)).status).toBe(403);
    }

    // The province: its own process in full, the expert review only as far as its aggregate.
    const province = await get(officers.COMMERCE, `/api/applications/${id}`);
    expect(found(province.body, [comment, ...allExperts])).toEqual([]);
    expect(province.body.history.map((e: { action: string }) => e.action)).toContain('task_claimed');
    const provincialTimeline = await get(officers.COMMERCE, `/api/applications/${id}/timeline`);
    expect(provincialTimeline.status).toBe(200);
    expect(found(provincialTimeline.body, [comment, ...allExperts])).toEqual([]);
    expect(provincialTimeline.body.workflows.map((w: { type: string }) => w.type)).not.toContain(
      'expertReviewWorkflow',
    );

    // MOFCOM and the auditor: everything, in the application and in its timeline.
    for (const token of [mofcom, auditor]) {
      const all = await get(token, `/api/applications/${id}`);
      expect(all.body.provincialRank).toBe(1);
      expect(found(all.body, [comment, scorer.marks[1], ...waiting.map((w) => w.marks[1])]).sort()).toEqual(
        [comment, scorer.marks[1], ...waiting.map((w) => w.marks[1])].sort(),
      );
      const timeline = await get(token, `/api/applications/${id}/timeline`);
      expect(found(timeline.body, [comment, scorer.username])).toEqual([comment, scorer.username]);
      expect(timeline.body.workflows.map((w: { type: string }) => w.type)).toContain('expertReviewWorkflow');
    }
  });

  test('when the panel closes, then a panellist sees the totals without names, and the applicant the aggregate score only', async () => {
    for (const [i, other] of waiting.entries()) {
      expect(
        (
          await decide(h, await login(h, other.username), other.marks[0], {
            decision: 'score',
            scores: sheet([71, 79][i]),
            comments: `Fine ${i}`,
          })
        ).status,
      ).toBe(200);
    }
    await statusBecomes(h, id, 'scored');

    const panellist = await get(await login(h, waiting[0].username), `/api/applications/${id}`);
    expect(found(panellist.body, [comment, 'Fine 1', ...scorer.marks, ...waiting[1].marks])).toEqual([]);
    expect(panellist.body.history.find((e: { action: string }) => e.action === 'scored').detail.totals.sort()).toEqual([
      71, 79, 87,
    ]);

    const own = await get(applicant.token, `/api/applications/${id}`);
    expect(own.body.score).toBe(79);
    expect(own.body.history.find((e: { action: string }) => e.action === 'scored').detail).toEqual({});
    expect(
      found(own.body, [
        comment,
        'Fine 0',
        'Fine 1',
        ...scorer.marks,
        ...waiting.flatMap((w) => w.marks),
        ...officerMarks,
      ]),
    ).toEqual([]);

    const province = await get(officers.COMMERCE, `/api/applications/${id}`);
    expect(province.body.score).toBe(79);
    expect(province.body.history.find((e: { action: string }) => e.action === 'scored').detail).toEqual({});
  });
});

test('when an auditor files an objection during a public notice, then 403 and nothing is recorded; an applicant gets through to the notice', async () => {
  const applicant = await newApplicant(h, 'city', PROVINCE);
  const round = await newRound(h, { deadline: new Date(Date.now() - 86_400_000) });
  const listed = await h.db.application.create({
    data: {
      roundId: round.id,
      organizationId: applicant.org.id,
      kind: 'city',
      provinceCode: PROVINCE,
      annex: {},
      status: 'selected',
      submissions: 1,
    },
  });
  // the list under notice, written straight into the read model (no selection workflow runs)
  await h.db.selection.create({
    data: {
      roundId: round.id,
      status: 'public_notice',
      proposal: { city: [{ applicationId: listed.id, rank: 1, score: 80, selected: true }], enterprise: [] },
    },
  });
  const before = async () => [
    await h.db.objection.count({ where: { roundId: round.id } }),
    await h.db.auditEvent.count({ where: { roundId: round.id } }),
  ];
  const was = await before();
  const body = { applicationId: listed.id, reason: 'Its figures are overstated' };
  const refused = await http(h.baseUrl, 'POST', `/api/rounds/${round.id}/objections`, {
    token: await login(h, 'auditor'),
    body,
  });
  expect(refused.status).toBe(403);
  expect(refused.body.error.code).toBe('forbidden');
  expect(await before()).toEqual(was);
  // another party passes the permission check and reaches the (absent) selection workflow
  const other = await newApplicant(h, 'city', 'HB');
  const through = await http(h.baseUrl, 'POST', `/api/rounds/${round.id}/objections`, { token: other.token, body });
  expect(through.status).toBe(409);
  expect(through.body.error.code).toBe('no_public_notice');
  expect(selectionWorkflowId(round.id)).toMatch(/^selection-/);
});
