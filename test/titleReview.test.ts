// 动态管理 of a demonstration title on Temporal's time-skipping server, through the real API, database
// and SMTP sink: the periodic review falls due and MOFCOM confirms the title; at the next review it
// proposes to revoke it, a body objects, MOFCOM maintains it, the bodies consent and the title is
// revoked — and no review is scheduled after that. MOFCOM may also propose a revocation between reviews.
import { NATIONAL_BODIES } from '../domain/bodies';
import { daysToMs } from '../domain/round';
import {
  applicationWorkflowId,
  titleReviewId,
  titleReviewTaskId,
  titleRevocationCountersignTaskId,
  titleRevocationRevisionTaskId,
  titleRevocationWorkflowId,
  titleWorkflowId,
} from '../shared/definitions';
import { decide, statusBecomes } from './support/flows';
import { keepHistories } from './support/histories';
import { delivered } from './support/mail';
import { http, login, newRound, startTimeSkippingHarness, waitFor } from './support/harness';
import { scored, toPublicNotice } from './support/publicRound';

let h: Awaited<ReturnType<typeof startTimeSkippingHarness>>;
beforeAll(async () => {
  h = await startTimeSkippingHarness();
});
afterAll(() => h?.stop());

const DAY = daysToMs(1);
const REVIEW_DAYS = 100;

/** A Guangdong city awarded the title in a demonstration round whose titles are reviewed every `reviewDays`. */
async function titledCity(name: string, reviewDays?: number) {
  const round = await newRound(h, {
    dayCount: 'working',
    expertReview: { panelSize: 1, quorum: 1 },
    selection: { quotas: { city: 1, enterprise: 1 }, minScore: 60, countersignDays: 10 },
    publicNotice: { workingDays: 5, offerNextRanked: false },
    demonstration: { eligibility: 'any', ...(reviewDays ? { reviewDays } : {}) },
  });
  const city = await scored(h, round.id, 'city', 'GD', 90, name);
  await toPublicNotice(h, round.id);
  await h.skip(20 * DAY); // five working days, whatever holidays fall in them
  await statusBecomes(h, city.id, 'titled');
  return { ...city, roundId: round.id };
}

const taskOpen = (id: string) => waitFor(`task ${id}`, () => h.db.task.findFirst({ where: { id, status: 'open' } }));

const countersignOpen = (id: string, n: number, round: number) =>
  waitFor(`revocation ${n}'s countersign ${round}`, async () =>
    (await h.db.task.count({
      where: { id: { startsWith: `${titleReviewId(id, n)}:cs${round}:` }, status: 'open' },
    })) === NATIONAL_BODIES.length
      ? true
      : undefined,
  );

const propose = (id: string, token: string, body: unknown) =>
  http(h.baseUrl, 'POST', `/api/applications/${id}/title/revocation`, { token, body });

test('when MOFCOM proposes to revoke a title between reviews, then only MOFCOM may, with known grounds and a reason, one at a time; dropped after an objection, the title stands', async () => {
  const city = await titledCity('撤销提议测试市');
  const mofcom = await login(h, 'mofcom');

  for (const token of [await login(h, 'miit'), await login(h, 'gd.commerce')])
    expect((await propose(city.id, token, { grounds: ['major_problem'], reason: 'x' })).status).toBe(403);
  const bad = await propose(city.id, mofcom, { grounds: ['bad_luck'], reason: ' ' });
  expect(bad.status).toBe(400);
  expect(bad.body.error.fields.map((f: { field: string }) => f.field).sort()).toEqual(['grounds.0', 'reason']);

  const proposed = await propose(city.id, mofcom, { grounds: ['major_problem'], reason: '发生重大质量安全事件' });
  expect([proposed.status, proposed.body]).toEqual([200, { reviewId: titleReviewId(city.id, 1) }]);
  const again = await propose(city.id, mofcom, { grounds: ['dissolved'], reason: 'twice' });
  expect([again.status, again.body.error.code]).toEqual([409, 'revocation_in_progress']);

  await countersignOpen(city.id, 1, 1);
  expect(
    (
      await decide(h, await login(h, 'mee'), titleRevocationCountersignTaskId(city.id, 1, 1, 'MEE'), {
        decision: 'object',
        reason: '事件已查明非其责任',
      })
    ).status,
  ).toBe(200);
  const revision = titleRevocationRevisionTaskId(city.id, 1, 1);
  await taskOpen(revision);
  expect((await decide(h, mofcom, revision, { decision: 'drop', reason: '采纳生态环境部意见' })).status).toBe(200);
  expect(await h.client.workflow.getHandle(titleRevocationWorkflowId(city.id, 1)).result()).toMatchObject({
    removed: false,
    reason: '采纳生态环境部意见',
  });
  expect(await h.db.titleReview.findUniqueOrThrow({ where: { id: titleReviewId(city.id, 1) } })).toMatchObject({
    trigger: 'proposal',
    status: 'dropped',
    resolution: '采纳生态环境部意见',
  });
  // the title stands, and its application shows the review
  expect((await h.db.application.findUniqueOrThrow({ where: { id: city.id } })).status).toBe('titled');
  const read = await http(h.baseUrl, 'GET', `/api/applications/${city.id}`, { token: mofcom });
  expect(read.body.titleReviews).toMatchObject([
    { id: titleReviewId(city.id, 1), status: 'dropped', objection: { body: 'MEE' } },
  ]);
  // its holder reads the review and its outcome, not who objected nor who proposed
  const own = await http(h.baseUrl, 'GET', `/api/applications/${city.id}`, { token: city.token });
  expect(own.body.titleReviews).toMatchObject([
    { id: titleReviewId(city.id, 1), status: 'dropped', resolution: '采纳生态环境部意见' },
  ]);
  expect(Object.keys(own.body.titleReviews[0])).not.toEqual(expect.arrayContaining(['objection']));
  expect(Object.keys(own.body.titleReviews[0])).not.toEqual(expect.arrayContaining(['proposedById']));
  // a new proposal may follow the dropped one
  expect((await propose(city.id, mofcom, { grounds: ['by_request'], reason: '本单位申请撤销' })).body).toEqual({
    reviewId: titleReviewId(city.id, 2),
  });
});

// last: it moves the server's clock on by more than a year, further than the other test's working-day round may start
test('when a title’s periodic reviews fall due, then MOFCOM confirms it once, and at the next review its revocation — objected to, maintained, consented — revokes it: the applicant, Guangdong and the eight bodies are told, and no review follows', async () => {
  const city = await titledCity('动态管理测试市', REVIEW_DAYS);
  const mofcom = await login(h, 'mofcom');

  // the first review falls due: MOFCOM's task; a confirmation needs its opinion
  await h.skip(REVIEW_DAYS * DAY);
  const first = titleReviewTaskId(city.id, 1);
  await taskOpen(first);
  expect((await h.db.titleReview.findUniqueOrThrow({ where: { id: titleReviewId(city.id, 1) } })).status).toBe(
    'reviewing',
  );
  // a review under way: a proposal waits for it
  expect((await propose(city.id, mofcom, { grounds: ['major_problem'], reason: '另行提议' })).body.error.code).toBe(
    'revocation_in_progress',
  );
  const bare = await decide(h, mofcom, first, { decision: 'confirm' });
  expect([bare.status, bare.body.error.fields[0].field]).toEqual([400, 'reason']);
  expect((await decide(h, await login(h, 'miit'), first, { decision: 'confirm', reason: 'x' })).status).toBe(403);
  expect((await decide(h, mofcom, first, { decision: 'confirm', reason: '示范引领作用持续发挥' })).status).toBe(200);
  const confirmed = await delivered(h, { applicationId: city.id, event: 'title_confirmed' }, 2);
  expect(confirmed.map((n) => n.recipientId).sort()).toEqual([city.org.id, 'GD.COMMERCE'].sort());
  expect(await h.db.titleReview.findUniqueOrThrow({ where: { id: titleReviewId(city.id, 1) } })).toMatchObject({
    trigger: 'periodic',
    status: 'confirmed',
    resolution: '示范引领作用持续发挥',
  });

  // the second review: MOFCOM proposes to revoke; the bodies countersign; MIIT objects
  await h.skip(REVIEW_DAYS * DAY);
  const second = titleReviewTaskId(city.id, 2);
  await taskOpen(second);
  expect((await decide(h, mofcom, second, { decision: 'revoke', reason: '供应链协同指标连续下滑' })).status).toBe(200);
  await countersignOpen(city.id, 2, 1);
  const objection = await decide(h, await login(h, 'miit'), titleRevocationCountersignTaskId(city.id, 2, 1, 'MIIT'), {
    decision: 'object',
    reason: '建议限期整改后再议',
  });
  expect(objection.status).toBe(200);
  const revision = titleRevocationRevisionTaskId(city.id, 2, 1);
  await taskOpen(revision);
  expect(
    await h.db.task.count({
      where: { applicationId: city.id, stage: 'titleRevocationCountersign', status: 'withdrawn' },
    }),
  ).toBe(NATIONAL_BODIES.length - 1);
  expect((await decide(h, mofcom, revision, { decision: 'maintain', reason: '整改期已过，仍未达标' })).status).toBe(
    200,
  );

  // the second countersign: all eight consent, and the title is revoked
  await countersignOpen(city.id, 2, 2);
  for (const body of NATIONAL_BODIES)
    expect(
      (
        await decide(
          h,
          await login(h, body.code.toLowerCase()),
          titleRevocationCountersignTaskId(city.id, 2, 2, body.code),
          { decision: 'approve' },
        )
      ).status,
    ).toBe(200);
  await statusBecomes(h, city.id, 'revoked');
  expect(await h.client.workflow.getHandle(titleWorkflowId(city.id)).result()).toEqual({
    revoked: { reviewId: titleReviewId(city.id, 2), grounds: ['review_failed'], reason: '整改期已过，仍未达标' },
  });
  expect(await h.db.titleReview.findUniqueOrThrow({ where: { id: titleReviewId(city.id, 2) } })).toMatchObject({
    trigger: 'periodic',
    status: 'revoked',
    round: 2,
    grounds: ['review_failed'],
    reason: '整改期已过，仍未达标',
    objection: { body: 'MIIT', reason: '建议限期整改后再议' },
  });
  const told = await delivered(h, { applicationId: city.id, event: 'title_revoked' }, 2 + NATIONAL_BODIES.length);
  expect(told.map((n) => n.recipientId).sort()).toEqual(
    [city.org.id, 'GD.COMMERCE', ...NATIONAL_BODIES.map((b) => b.code)].sort(),
  );
  expect(told[0].subject).toContain('撤销示范称号');
  expect((await h.client.workflow.getHandle(applicationWorkflowId(city.id)).describe()).status.name).toBe('COMPLETED');

  // revoked: nothing is scheduled any more — no third review, no reminder
  const revokedAt = await h.now();
  await h.skip(2 * REVIEW_DAYS * DAY);
  expect(await h.db.task.count({ where: { id: titleReviewTaskId(city.id, 3) } })).toBe(0);
  expect(await h.db.notification.count({ where: { applicationId: city.id, createdAt: { gt: revokedAt } } })).toBe(0);
  const revokedRow = await h.db.application.findUniqueOrThrow({ where: { id: city.id } });
  expect(revokedRow.status).toBe('revoked');
  // the public list, read without logging in, says the title was revoked
  const list = await http(h.baseUrl, 'GET', `/api/public/rounds/${city.roundId}/list`, {});
  expect(list.body.listed.find((e: { applicationId: string }) => e.applicationId === city.id).withdrawn).toMatchObject({
    status: 'revoked',
    label: { zh: '示范称号已撤销', en: 'Demonstration title revoked' },
  });

  await keepHistories(h.client, 'title-review-revoked', [
    applicationWorkflowId(city.id),
    titleWorkflowId(city.id),
    titleRevocationWorkflowId(city.id, 2),
  ]);
});
