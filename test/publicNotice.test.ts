// The public notice (公示) of the signed list, as the 2021–2023 demonstration rounds ran it: five
// working days on China's official calendar during which anyone may object to a listed applicant;
// MOFCOM upholds (the applicant leaves the list, the next ranked is offered its place with a
// notice window of its own) or dismisses each objection; the list becomes final only when the
// period has ended and every objection is resolved. Working days are real days, so this runs on
// Temporal's time-skipping test server, through the real API, database and SMTP.
//
// Applicants come only from HI, CQ, GZ, GX and SN: other suites, sharing the database, use other provinces.
import { NATIONAL_BODIES } from '../domain/bodies';
import {
  lowestListedRanks,
  nextRanked,
  noticePeriodEnd,
  objectionEventKey,
  objectionRefusal,
} from '../domain/publicNotice';
import { DEFAULT_RUBRIC } from '../domain/round';
import { roundConfigSchema } from '../domain/roundSchema';
import type { Proposal } from '../domain/selection';
import { addWorkingDays, beijingDate, isWorkingDay } from '../domain/workingCalendar';
import { departmentMailbox } from '../platform/seed';
import { loadWorkingCalendar } from '../platform/workingCalendar';
import { countersignTaskId, selectionWorkflowId } from '../shared/definitions';
import { cityAnnex, enterpriseAnnex } from './support/fixtures';
import { approveAndRecommend, decide, draft, reached, statusBecomes, submit } from './support/flows';
import { keepHistories } from './support/histories';
import { http, login, newApplicant, newRound, startTimeSkippingHarness, waitFor } from './support/harness';
import { delivered, receivedCounts } from './support/mail';

const HOUR = 3_600_000;

describe('the rules of the notice', () => {
  const entry = (applicationId: string, rank: number, selected: boolean) => ({
    applicationId,
    rank,
    score: 90 - rank,
    selected,
  });
  // The bodies revised the list: c2 left out, c3 and c4 in; c5 and c6 below.
  const proposal: Proposal = {
    city: [
      entry('c1', 1, true),
      entry('c2', 2, false),
      entry('c3', 3, true),
      entry('c4', 4, true),
      entry('c5', 5, false),
      entry('c6', 6, false),
    ],
    enterprise: [],
  };

  test('when an upheld applicant’s place is offered, then it goes to the best ranked below everyone the list has held, never to one the bodies left out', () => {
    expect(lowestListedRanks(proposal)).toEqual({ city: 4, enterprise: 0 });
    expect(nextRanked(proposal, 'city', 4)?.applicationId).toBe('c5');
    expect(nextRanked(proposal, 'city', 5)?.applicationId).toBe('c6'); // after c5 was offered
    expect(nextRanked(proposal, 'city', 6)).toBeUndefined(); // nobody left: the list shrinks
    expect(nextRanked(proposal, 'enterprise', 0)).toBeUndefined();
  });

  test('when an applicant is offered a place later, then the period ends with its own window, never before the signed list’s', () => {
    expect(noticePeriodEnd(100, [{ endsAt: 100 }, { endsAt: 100 }])).toBe(100);
    expect(noticePeriodEnd(100, [{ endsAt: 100 }, { endsAt: 180 }])).toBe(180);
    expect(noticePeriodEnd(100, [])).toBe(100); // every applicant removed: the signed list's end stands
  });

  test('when an objection is filed, then it is taken only against an applicant on the list whose own window is open', () => {
    const listed = new Map([['a', { endsAt: 100 }]]);
    expect(objectionRefusal(listed, 'a', 99)).toBeUndefined();
    expect(objectionRefusal(listed, 'a', 100)).toBe('window_closed');
    expect(objectionRefusal(listed, 'b', 50)).toBe('not_listed');
  });

  test('when a notice opens the day before National Day 2026, then its five working days end on 13 October: the holiday week is skipped, the adjusted Saturday counts', async () => {
    const packageOnly = await loadWorkingCalendar({
      calendarDay: { findMany: async () => [] },
      calendarYear: { findMany: async () => [] },
    } as never);
    const opened = new Date('2026-09-30T02:00:00Z'); // 10:00 Beijing time, Wednesday
    // 8 Oct (Thu), 9 Oct (Fri), 10 Oct (Sat, worked), 12 Oct (Mon), 13 Oct (Tue): the end of 13 Oct, Beijing time
    expect(addWorkingDays(opened, 5, packageOnly).dueAt.toISOString()).toBe('2026-10-13T16:00:00.000Z');
  });

  test('when a round configures a notice, then it is in whole working days; without one, the list is published at once as before', () => {
    expect(roundConfigSchema.parse({ provincialReviewDays: 15, revisionDays: 10 }).publicNotice).toBeUndefined();
    expect(
      roundConfigSchema.safeParse({
        provincialReviewDays: 15,
        revisionDays: 10,
        publicNotice: { workingDays: 2.5, offerNextRanked: true },
      }).success,
    ).toBe(false);
    expect(
      roundConfigSchema.parse({
        provincialReviewDays: 15,
        revisionDays: 10,
        publicNotice: { workingDays: 5, offerNextRanked: false },
      }).publicNotice,
    ).toEqual({ workingDays: 5, offerNextRanked: false });
  });
});

describe('a round with a public notice', () => {
  let h: Awaited<ReturnType<typeof startTimeSkippingHarness>>;

  beforeAll(async () => {
    h = await startTimeSkippingHarness(); // panels draw on the seeded demo experts (BJ, SC, HB)
  });
  afterAll(() => h?.stop());

  const sheet = (score: number) => Object.fromEntries(DEFAULT_RUBRIC.map((c) => [c.code, score]));

  /** An application from `province`, through its provincial review and a one-expert panel that scores it `score`. */
  async function scored(roundId: string, kind: 'city' | 'enterprise', province: string, score: number) {
    const applicant = await newApplicant(h, kind, province);
    const id = await draft(h, applicant.token, roundId, kind === 'city' ? cityAnnex() : enterpriseAnnex());
    expect((await submit(h, applicant.token, id)).status).toBe(200);
    await approveAndRecommend(h, roundId, province, id);
    const task = await waitFor('the expert task', () =>
      h.db.task.findFirst({
        where: { applicationId: id, stage: 'expertReview', status: 'open' },
        include: { assignee: true },
      }),
    );
    expect(
      (
        await decide(h, await login(h, task.assignee!.username), task.id, {
          decision: 'score',
          scores: sheet(score),
          comments: 'ok',
        })
      ).status,
    ).toBe(200);
    await statusBecomes(h, id, 'scored');
    return { id, org: applicant.org };
  }

  const selection = async (roundId: string) =>
    (await http(h.baseUrl, 'GET', `/api/rounds/${roundId}/selection`, { token: await login(h, 'mofcom') })).body;
  const object = async (token: string, roundId: string, body: unknown) =>
    http(h.baseUrl, 'POST', `/api/rounds/${roundId}/objections`, { token, body });
  const resolve = async (token: string, objectionId: string, body: unknown) =>
    http(h.baseUrl, 'POST', `/api/objections/${objectionId}/resolve`, { token, body });
  const fields = (res: { body: { error: { fields: { field: string }[] } } }) =>
    res.body.error.fields.map((f) => f.field).sort();

  test('when the signed list is in notice, then objections are filed and resolved, a replacement gets its own five working days, and the list is final only after every period ended and every objection was resolved', async () => {
    const round = await newRound(h, {
      dayCount: 'working',
      expertReview: { panelSize: 1, quorum: 1 },
      selection: { quotas: { city: 2, enterprise: 1 }, minScore: 60, countersignDays: 10 },
      publicNotice: { workingDays: 5, offerNextRanked: true },
    });
    const hi = await scored(round.id, 'city', 'HI', 90);
    const cq = await scored(round.id, 'city', 'CQ', 85);
    const gz = await scored(round.id, 'city', 'GZ', 80); // third: not on the signed list
    const gx = await scored(round.id, 'enterprise', 'GX', 88);
    const sn = await scored(round.id, 'enterprise', 'SN', 70); // second: not on the signed list
    const apps = [hi, cq, gz, gx, sn];

    // An objection before any notice is refused.
    const filer = await newApplicant(h, 'enterprise', 'HI'); // a competitor; its user has no mailbox of its own: its organisation's is used
    expect((await object(filer.token, round.id, { applicationId: cq.id, reason: 'x' })).body.error.code).toBe(
      'no_public_notice',
    );
    expect((await object(filer.token, 'no-such-round', { applicationId: cq.id, reason: 'x' })).status).toBe(404);

    // Selection opens; the eight bodies sign; the list goes to public notice, not to publication.
    const mofcom = await login(h, 'mofcom');
    await h.db.round.update({ where: { id: round.id }, data: { declarationDeadline: new Date(0) } });
    expect((await http(h.baseUrl, 'POST', `/api/rounds/${round.id}/selection`, { token: mofcom })).status).toBe(201);
    await waitFor(
      'countersign tasks',
      async () => (await h.db.task.count({ where: { roundId: round.id, stage: 'selectionCountersign' } })) === 8,
    );
    // The countersign's due time counts the round's working days: it falls at the close (24:00 Beijing time) of a working day.
    const countersignDue = (
      await h.db.task.findUniqueOrThrow({ where: { id: countersignTaskId(round.id, 1, 'MOFCOM') } })
    ).dueAt;
    const calendar = await loadWorkingCalendar(h.db);
    expect((countersignDue.getTime() + 8 * HOUR) % (24 * HOUR)).toBe(0);
    expect(isWorkingDay(beijingDate(new Date(countersignDue.getTime() - 1)), calendar)).toBe(true);
    expect(countersignDue.getTime() - Date.now()).toBeGreaterThan(10 * 24 * HOUR); // ten working days are two weeks at least
    for (const body of NATIONAL_BODIES)
      expect(
        (
          await decide(h, await login(h, body.code.toLowerCase()), countersignTaskId(round.id, 1, body.code), {
            decision: 'approve',
          })
        ).status,
      ).toBe(200);

    await waitFor(
      'the public notice',
      async () => (await h.db.selection.findUnique({ where: { roundId: round.id } }))?.status === 'public_notice',
    );
    const opened = await selection(round.id);
    expect(opened).toMatchObject({
      status: 'public_notice',
      statusLabel: { zh: '拟入选名单公示中', en: 'Proposed list in public notice' },
    });
    expect(opened.notice).toMatchObject({
      workingDays: 5,
      offerNextRanked: true,
      phase: 'open',
      phaseLabel: { zh: '公示中' },
      removed: [],
      objections: [],
    });
    expect(opened.notice.listed.map((e: { applicationId: string }) => e.applicationId).sort()).toEqual(
      [hi.id, cq.id, gx.id].sort(),
    );
    // Five working days on the official calendar, from the moment it opened (holiday arithmetic: the calendar's own tests, and the first describe).
    const startedAt = new Date(opened.notice.startedAt);
    expect(opened.notice.endsAt).toBe(addWorkingDays(startedAt, 5, calendar).dueAt.toISOString());
    for (const e of opened.notice.listed)
      expect(e).toMatchObject({ since: opened.notice.startedAt, endsAt: opened.notice.endsAt });
    const noticeMail = await delivered(h, { roundId: round.id, event: 'public_notice_opened' }, 8);
    expect(noticeMail.map((m) => m.recipientId).sort()).toEqual(NATIONAL_BODIES.map((b) => b.code).sort());
    for (const id of apps.map((a) => a.id))
      expect((await h.db.application.findUniqueOrThrow({ where: { id } })).status).toBe('scored');

    // 400 per field; only a listed applicant.
    expect(fields(await object(filer.token, round.id, {}))).toEqual(['applicationId', 'reason']);
    expect(fields(await object(filer.token, round.id, { applicationId: cq.id, reason: '   ' }))).toEqual(['reason']);
    const notListed = await object(filer.token, round.id, { applicationId: gz.id, reason: 'x' });
    expect({ status: notListed.status, fields: fields(notListed) }).toEqual({ status: 400, fields: ['applicationId'] });

    // Two objections: MOFCOM is told of each.
    const first = await object(filer.token, round.id, {
      applicationId: cq.id,
      reason: 'Its logistics hub figures are double-counted',
    });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({
      applicationId: cq.id,
      status: 'open',
      statusLabel: { en: 'Open' },
      filedBy: { username: filer.user.username },
    });
    const snCommerce = await login(h, 'sn.commerce'); // an officer: their department's mailbox
    const secondBody = { applicationId: gx.id, reason: 'A pending environmental penalty' };
    const second = await http(h.baseUrl, 'POST', `/api/rounds/${round.id}/objections`, {
      token: snCommerce,
      body: secondBody,
      headers: { 'idempotency-key': 'sn-objection-1' },
    });
    expect(second.status).toBe(201);
    // The same request again (a client's retry, same Idempotency-Key): the same objection, filed once.
    const retried = await http(h.baseUrl, 'POST', `/api/rounds/${round.id}/objections`, {
      token: snCommerce,
      body: secondBody,
      headers: { 'idempotency-key': 'sn-objection-1' },
    });
    expect({ status: retried.status, id: retried.body.id }).toEqual({ status: 201, id: second.body.id });
    expect(await h.db.objection.count({ where: { roundId: round.id } })).toBe(2);
    for (const o of [first.body, second.body]) {
      const [told] = await delivered(h, { eventKey: objectionEventKey(o.id, 'filed') }, 1);
      expect(told).toMatchObject({
        event: 'objection_filed',
        recipientId: 'MOFCOM',
        email: departmentMailbox('MOFCOM'),
      });
    }
    // Officers and auditors read every objection; the filer only its own.
    expect(
      (await http(h.baseUrl, 'GET', `/api/rounds/${round.id}/objections`, { token: filer.token })).body.map(
        (o: { id: string }) => o.id,
      ),
    ).toEqual([first.body.id]);
    expect(
      (await http(h.baseUrl, 'GET', `/api/rounds/${round.id}/objections`, { token: await login(h, 'auditor') })).body,
    ).toHaveLength(2);
    const bystander = await newApplicant(h, 'city', 'CQ');
    expect(
      (await http(h.baseUrl, 'GET', `/api/rounds/${round.id}/objections`, { token: bystander.token })).body,
    ).toEqual([]);

    // The period's end passes with both objections open: the list is not final.
    await h.skip(Date.parse(opened.notice.endsAt) - startedAt.getTime() + HOUR);
    const ended = await waitFor('the period’s end', () =>
      h.db.auditEvent.findFirst({ where: { roundId: round.id, action: 'public_notice_period_ended' } }),
    );
    expect(ended.detail).toMatchObject({
      endsAt: opened.notice.endsAt,
      openObjections: expect.arrayContaining([first.body.id, second.body.id]),
    });
    const waiting = await selection(round.id);
    expect(waiting).toMatchObject({
      status: 'public_notice',
      notice: { phase: 'awaiting_resolution', phaseLabel: { en: 'Notice period ended; objections await resolution' } },
    });
    for (const id of apps.map((a) => a.id))
      expect((await h.db.application.findUniqueOrThrow({ where: { id } })).status).toBe('scored');
    // The period is over for the signed list: no more objections against it.
    expect(
      (await object(filer.token, round.id, { applicationId: hi.id, reason: 'Late objection' })).body.error.code,
    ).toBe('no_public_notice');

    // Only MOFCOM resolves; 400 per field; 404 for an unknown objection.
    expect((await resolve(await login(h, 'miit'), first.body.id, { outcome: 'uphold', reason: 'x' })).status).toBe(403);
    expect((await resolve(filer.token, first.body.id, { outcome: 'uphold', reason: 'x' })).status).toBe(403);
    expect(fields(await resolve(mofcom, first.body.id, { outcome: 'maybe' }))).toEqual(['outcome', 'reason']);
    expect(
      (await resolve(mofcom, '00000000-0000-4000-8000-000000000000', { outcome: 'dismiss', reason: 'x' })).status,
    ).toBe(404);

    // Upheld: CQ leaves the list; GZ, the next ranked city, is offered the place with its own five working days.
    const upheld = await resolve(mofcom, first.body.id, {
      outcome: 'uphold',
      reason: 'Confirmed with the Chongqing statistics bureau',
    });
    expect(upheld.status).toBe(200);
    expect(upheld.body).toMatchObject({
      status: 'upheld',
      resolution: 'Confirmed with the Chongqing statistics bureau',
      resolvedBy: { username: 'mofcom' },
    });
    expect((await resolve(mofcom, first.body.id, { outcome: 'dismiss', reason: 'again' })).body.error.code).toBe(
      'already_resolved',
    );
    const replaced = await selection(round.id);
    expect(replaced.notice.listed.map((e: { applicationId: string }) => e.applicationId).sort()).toEqual(
      [hi.id, gz.id, gx.id].sort(),
    );
    expect(replaced.notice.removed).toEqual([
      { applicationId: cq.id, group: 'city', rank: 2, objectionId: first.body.id },
    ]);
    const gzWindow = replaced.notice.listed.find((e: { applicationId: string }) => e.applicationId === gz.id);
    expect(gzWindow.rank).toBe(3);
    expect(gzWindow.endsAt).toBe(addWorkingDays(new Date(gzWindow.since), 5, calendar).dueAt.toISOString());
    expect(Date.parse(gzWindow.since)).toBeGreaterThan(Date.parse(opened.notice.endsAt));
    expect(replaced.notice).toMatchObject({ endsAt: gzWindow.endsAt, phase: 'open' });
    const proposal = (await h.db.selection.findUniqueOrThrow({ where: { roundId: round.id } }))
      .proposal as unknown as Proposal;
    expect(proposal.city.map((e) => [e.applicationId, e.selected])).toEqual([
      [hi.id, true],
      [cq.id, false],
      [gz.id, true],
    ]);
    const told1 = await delivered(h, { eventKey: objectionEventKey(first.body.id, 'resolved') }, 2);
    expect(told1.map((m) => m.email).sort()).toEqual([filer.org.email, cq.org.email].sort());
    const [offer] = await delivered(h, { eventKey: objectionEventKey(first.body.id, 'offered') }, 1);
    expect(offer).toMatchObject({ event: 'public_notice_offered', email: gz.org.email, applicationId: gz.id });

    // An objection against GZ is taken during its own window; two are dismissed, on the record.
    const miit = await login(h, 'miit');
    const third = await object(miit, round.id, { applicationId: gz.id, reason: 'Its plan repeats the 2018 one' });
    expect(third.status).toBe(201);
    expect(
      (await resolve(mofcom, second.body.id, { outcome: 'dismiss', reason: 'The penalty was revoked on appeal' })).body
        .status,
    ).toBe('dismissed');
    expect(
      (await resolve(mofcom, third.body.id, { outcome: 'dismiss', reason: 'The plan was updated for this round' })).body
        .status,
    ).toBe('dismissed');
    const told2 = await delivered(h, { eventKey: objectionEventKey(second.body.id, 'resolved') }, 2);
    expect(told2.map((m) => m.email).sort()).toEqual([departmentMailbox('SN.COMMERCE'), gx.org.email].sort());
    const told3 = await delivered(h, { eventKey: objectionEventKey(third.body.id, 'resolved') }, 2);
    expect(told3.map((m) => m.email).sort()).toEqual([departmentMailbox('MIIT'), gz.org.email].sort());

    // Every objection resolved, but GZ's window still runs: not final.
    expect((await h.db.selection.findUniqueOrThrow({ where: { roundId: round.id } })).status).toBe('public_notice');
    const state = await h.client.workflow.getHandle(selectionWorkflowId(round.id)).query('selectionState');
    expect(state).toMatchObject({ phase: 'public_notice', notice: { phase: 'open', endsAt: gzWindow.endsAt } });

    // GZ's window ends: the list is final, published exactly as without a notice.
    await h.skip(Date.parse(gzWindow.endsAt) - Date.parse(gzWindow.since) + HOUR);
    await waitFor(
      'publication',
      async () => (await h.db.selection.findUnique({ where: { roundId: round.id } }))?.status === 'published',
    );
    for (const a of [hi, gz, gx]) await reached(h, a.id, 'selected');
    for (const a of [cq, sn]) await reached(h, a.id, 'not_selected');
    expect((await selection(round.id)).notice).toMatchObject({ phase: 'final', endsAt: gzWindow.endsAt });
    expect((await h.db.application.findUniqueOrThrow({ where: { id: gz.id } })).selectionRank).toBe(3);

    // Each verdict once; each mail once, to exactly whom the table says.
    for (const a of apps)
      expect(
        await h.db.auditEvent.count({ where: { applicationId: a.id, action: { in: ['selected', 'not_selected'] } } }),
      ).toBe(1);
    const events = [
      'public_notice_opened',
      'objection_filed',
      'objection_resolved',
      'public_notice_offered',
      'selection_published',
      'application_selected',
      'application_not_selected',
    ];
    const mail = await delivered(
      h,
      { event: { in: events }, OR: [{ roundId: round.id }, { applicationId: { in: apps.map((a) => a.id) } }] },
      8 + 3 + 6 + 1 + 8 + 3 + 2,
    );
    const byEvent = Object.fromEntries(events.map((e) => [e, mail.filter((m) => m.event === e).length]));
    expect(byEvent).toEqual({
      public_notice_opened: 8,
      objection_filed: 3,
      objection_resolved: 6,
      public_notice_offered: 1,
      selection_published: 8,
      application_selected: 3,
      application_not_selected: 2,
    });
    expect(
      await receivedCounts(
        h,
        mail.map((m) => m.messageId),
      ),
    ).toEqual(mail.map(() => 1));
    expect(
      await h.db.objection.findMany({
        where: { roundId: round.id },
        orderBy: { createdAt: 'asc' },
        select: { applicationId: true, status: true },
      }),
    ).toEqual([
      { applicationId: cq.id, status: 'upheld' },
      { applicationId: gx.id, status: 'dismissed' },
      { applicationId: gz.id, status: 'dismissed' },
    ]);
    // Each objection's records, once each, under keys derived from its id.
    const keys = (
      await h.db.auditEvent.findMany({
        where: { eventKey: { startsWith: 'objection:' }, roundId: round.id },
        select: { eventKey: true },
      })
    )
      .map((e) => e.eventKey)
      .sort();
    expect(keys).toEqual(
      [
        ...['filed', 'resolved', 'notice', 'offered'].map((s) => objectionEventKey(first.body.id, s as 'filed')),
        ...['filed', 'resolved'].map((s) => objectionEventKey(second.body.id, s as 'filed')),
        ...['filed', 'resolved'].map((s) => objectionEventKey(third.body.id, s as 'filed')),
      ].sort(),
    );

    // The corpus keeps the selection's history: countersign on working days, the notice, objections, a replacement's window, publication.
    await keepHistories(h.client, 'public-notice', [selectionWorkflowId(round.id)]);
  });
});
