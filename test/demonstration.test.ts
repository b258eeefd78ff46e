// A demonstration round (示范创建, 2021–2023): it may take only existing pilots; its selected are
// awarded the title at once after the countersign and the 公示 (认定), with no pilot period. On the
// time-skipping server, through the real API, database and SMTP sink.
import { DEMONSTRATION_TITLES } from '../domain/evaluation';
import { applicationWorkflowId, titleWorkflowId } from '../shared/definitions';
import { enterpriseAnnex } from './support/fixtures';
import { statusBecomes } from './support/flows';
import { keepHistories } from './support/histories';
import { delivered } from './support/mail';
import { http, newApplicant, newRound, startTimeSkippingHarness } from './support/harness';
import { scored, toPublicNotice } from './support/publicRound';

let h: Awaited<ReturnType<typeof startTimeSkippingHarness>>;
beforeAll(async () => {
  h = await startTimeSkippingHarness(); // panels draw on the seeded demo experts
});
afterAll(() => h?.stop());

const DAY = 86_400_000;

/** An organisation's pilot of an earlier round, in the state given. */
async function earlierPilot(organizationId: string, status: string) {
  const round = await newRound(h);
  const app = await h.db.application.create({
    data: { roundId: round.id, organizationId, kind: 'enterprise', provinceCode: 'GD', status: 'completed', annex: {} },
  });
  await h.db.pilot.create({
    data: {
      id: app.id,
      roundId: round.id,
      kind: 'enterprise',
      provinceCode: 'GD',
      status,
      startsAt: new Date(),
      endsAt: new Date(Date.now() + 730 * DAY),
    },
  });
}

const draftIn = (token: string, roundId: string) =>
  http(h.baseUrl, 'POST', '/api/applications', { token, body: { roundId, annex: enterpriseAnnex() } });

test('when a demonstration round takes only existing pilots, then an enterprise that never was one, or whose pilot was removed, is refused, and a former pilot declares', async () => {
  const round = await newRound(h, { demonstration: { eligibility: 'existingPilots' } });
  const never = await newApplicant(h, 'enterprise', 'GD');
  // not offered to it: GET /api/rounds says it is not open for this applicant, and why
  const offered = (await http(h.baseUrl, 'GET', '/api/rounds', { token: never.token })).body.find(
    (r: { id: string }) => r.id === round.id,
  );
  expect(offered).toMatchObject({ open: false, eligible: false });
  const refused = await draftIn(never.token, round.id);
  expect([refused.status, refused.body.error.code]).toEqual([409, 'not_eligible']);
  expect(refused.body.error.message).toBe(
    'This round takes declarations only from existing supply-chain pilot cities and enterprises',
  );

  const removed = await newApplicant(h, 'enterprise', 'GD');
  await earlierPilot(removed.org.id, 'removed');
  expect((await draftIn(removed.token, round.id)).body.error.code).toBe('not_eligible');

  const former = await newApplicant(h, 'enterprise', 'GD');
  await earlierPilot(former.org.id, 'completed');
  expect(
    (await http(h.baseUrl, 'GET', '/api/rounds', { token: former.token })).body.find(
      (r: { id: string }) => r.id === round.id,
    ),
  ).toMatchObject({ open: true });
  expect((await draftIn(former.token, round.id)).status).toBe(201);
  // a round open to anyone takes the first too
  const open = await newRound(h, { demonstration: { eligibility: 'any' } });
  expect((await draftIn(never.token, open.id)).status).toBe(201);
});

test('when a demonstration round’s list has been countersigned and its 公示 has ended, then the selected city is awarded the title at once: no pilot starts, and it and its province are told', async () => {
  const round = await newRound(h, {
    dayCount: 'working',
    expertReview: { panelSize: 1, quorum: 1 },
    selection: { quotas: { city: 1, enterprise: 1 }, minScore: 60, countersignDays: 10 },
    publicNotice: { workingDays: 5, offerNextRanked: false },
    demonstration: { eligibility: 'any' },
  });
  const city = await scored(h, round.id, 'city', 'GD', 88, '示范创建测试市');
  await toPublicNotice(h, round.id);
  await h.skip(20 * DAY); // five working days, whatever holidays fall in them
  await statusBecomes(h, city.id, 'titled');

  const awarded = await h.db.auditEvent.findFirstOrThrow({
    where: { applicationId: city.id, action: 'title_awarded' },
  });
  expect(awarded.detail).toMatchObject({ title: DEMONSTRATION_TITLES.city, group: 'city', rank: 1 });
  expect(await h.db.pilot.findUnique({ where: { id: city.id } })).toBeNull();
  expect(await h.db.notification.count({ where: { applicationId: city.id, event: 'application_selected' } })).toBe(0);
  const told = await delivered(h, { applicationId: city.id, event: 'application_titled' }, 2);
  expect(told.map((n) => n.recipientId).sort()).toEqual([city.org.id, 'GD.COMMERCE'].sort());
  expect(told[0].subject).toContain('认定为全国供应链创新与应用示范城市（企业）');
  // the title lives on in its own workflow (动态管理: test/titleReview.test.ts), no review scheduled in this round
  expect((await h.client.workflow.getHandle(titleWorkflowId(city.id)).describe()).status.name).toBe('RUNNING');

  await keepHistories(h.client, 'demonstration-title-awarded', [applicationWorkflowId(city.id)]);
});
