// A round in miniature, every applicant through the real workflows (declaration, the seven-party
// review, expert scoring), then the selection and the eight bodies' countersign. The expected list
// is written out by hand from the notice's rule — by score, a tie to the earlier submission, none
// below the minimum, cities and FTZs against one quota, enterprises and central enterprises against
// the other — not computed by the ranking code under test. The whole national round (31 provinces)
// is a benchmark: `npm run bench:round`. Use cases are driven directly (no HTTP) to keep it short.
import { NATIONAL_BODIES } from '../domain/bodies';
import { PARTY_CODES, provincialDepartmentId } from '../domain/parties';
import { DEFAULT_RUBRIC } from '../domain/round';
import { createDraft, submitApplication } from '../usecases/applications';
import type { CurrentUser } from '../usecases/context';
import { openSelection } from '../usecases/selection';
import { decideTask } from '../usecases/tasks';
import { countersignTaskId, reviewTaskId } from '../shared/definitions';
import { cityAnnex, enterpriseAnnex } from './support/fixtures';
import { reached, recommend } from './support/flows';
import { newRound, startHarness, waitFor, type Harness } from './support/harness';

let h: Harness;

beforeAll(async () => {
  h = await startHarness(); // panels draw on the seeded demo experts (BJ, SC, HB): each province has one eligible at least
});
afterAll(() => h.stop());

const QUOTAS = { city: 2, enterprise: 3 };
const MIN_SCORE = 60;

/** In submission order; `selected` is the rule applied by hand. */
const PLAN = [
  { key: 'c1', kind: 'city', province: 'GD', score: 80, selected: true }, // ties c3, submitted first
  { key: 'c2', kind: 'ftz', province: 'SH', score: 92, selected: true },
  { key: 'c3', kind: 'city', province: 'SC', score: 80, selected: false }, // the tie lost to c1: quota full
  { key: 'c4', kind: 'city', province: 'HB', score: 59, selected: false }, // below the minimum
  { key: 'c5', kind: 'city', province: 'ZJ', score: 75, selected: false },
  { key: 'e1', kind: 'enterprise', province: 'GD', score: 70, selected: true }, // ties e3, submitted first
  { key: 'e2', kind: 'central_enterprise', province: null, score: 88, selected: true },
  { key: 'e3', kind: 'enterprise', province: 'JS', score: 70, selected: false },
  { key: 'e4', kind: 'enterprise', province: 'FJ', score: 95, selected: true },
  { key: 'e5', kind: 'central_enterprise', province: null, score: 58, selected: false }, // below the minimum
] as const;

async function userAs(where: { username?: string; id?: string }): Promise<CurrentUser> {
  const u = await h.db.user.findFirstOrThrow({ where, include: { department: true } });
  return {
    id: u.id,
    username: u.username,
    role: u.role as CurrentUser['role'],
    displayName: u.displayName,
    departmentId: u.departmentId,
    organizationId: u.organizationId,
    provinceCode: u.department?.provinceCode ?? null,
  };
}

test('when a round of cities, FTZs, enterprises and central enterprises goes through, then the published list is the one the notice’s rule gives by hand: quotas, ties to the earlier submission, none below the minimum', async () => {
  const round = await newRound(h, {
    expertReview: { panelSize: 1, quorum: 1 },
    selection: { quotas: QUOTAS, minScore: MIN_SCORE, countersignDays: 10 },
  });
  const ids = new Map<string, string>();

  // Submitted one after another, so that the submission times order the ties as the plan says.
  for (const { key, kind, province } of PLAN) {
    const org = await h.db.organization.create({
      data: {
        kind,
        name: `Sim ${key} ${round.id}`,
        provinceCode: province,
        email: `sim-${key}-${round.id}@pilotflow.example.org`,
      },
    });
    const user = await h.db.user.create({
      data: {
        username: `sim-${round.id}-${key}`,
        passwordHash: 'x',
        role: 'applicant',
        displayName: org.name,
        organizationId: org.id,
      },
    });
    const applicant = await userAs({ id: user.id });
    const app = await createDraft(h.deps, applicant, {
      roundId: round.id,
      annex: kind === 'city' || kind === 'ftz' ? cityAnnex() : enterpriseAnnex(),
    });
    await submitApplication(h.deps, applicant, app.id);
    ids.set(key, app.id);
  }

  // Each province's seven approve its applications; then it recommends them together (GD a city and an enterprise).
  const provincial = PLAN.flatMap(({ key, province }) => (province ? [{ id: ids.get(key)!, province }] : []));
  await Promise.all(
    provincial.map(async ({ id, province }) => {
      await waitFor('review tasks', async () => (await h.db.task.count({ where: { applicationId: id } })) === 7);
      for (const party of PARTY_CODES)
        await decideTask(
          h.deps,
          await userAs({ username: provincialDepartmentId(province, party).toLowerCase() }),
          reviewTaskId(id, 1, party),
          { decision: 'approve' },
        );
      await reached(h, id, 'recommending');
    }),
  );
  await Promise.all(
    [...new Set(provincial.map((a) => a.province))].map((province) =>
      recommend(
        h,
        round.id,
        province,
        provincial.filter((a) => a.province === province).map((a) => a.id),
      ),
    ),
  );
  await Promise.all(
    PLAN.map(async ({ key, score }) => {
      const id = ids.get(key)!;
      const task = await waitFor('the expert task', () =>
        h.db.task.findFirst({ where: { applicationId: id, stage: 'expertReview', status: 'open' } }),
      );
      await decideTask(h.deps, await userAs({ id: task.assigneeId! }), task.id, {
        decision: 'score',
        scores: Object.fromEntries(DEFAULT_RUBRIC.map((c) => [c.code, score])),
        comments: 'sim',
      });
    }),
  );
  await waitFor(
    'all scored',
    async () => (await h.db.application.count({ where: { roundId: round.id, status: 'scored' } })) === PLAN.length,
    60_000,
  );
  // every criterion given the same score: the panel's score is that score
  const scores = await h.db.application.findMany({ where: { roundId: round.id }, select: { id: true, score: true } });
  expect(Object.fromEntries(scores.map((a) => [a.id, a.score]))).toEqual(
    Object.fromEntries(PLAN.map((p) => [ids.get(p.key), p.score])),
  );

  await h.db.round.update({ where: { id: round.id }, data: { declarationDeadline: new Date(0) } });
  await openSelection(h.deps, await userAs({ username: 'mofcom' }), round.id);
  await waitFor(
    'countersign tasks',
    async () => (await h.db.task.count({ where: { roundId: round.id, stage: 'selectionCountersign' } })) === 8,
  );
  for (const body of NATIONAL_BODIES)
    await decideTask(
      h.deps,
      await userAs({ username: body.code.toLowerCase() }),
      countersignTaskId(round.id, 1, body.code),
      { decision: 'approve' },
    );
  // Selected applications go straight on into their pilots; the verdicts are in the audit trail.
  const verdicts = await waitFor(
    'every verdict',
    async () => {
      const events = await h.db.auditEvent.findMany({
        where: { application: { roundId: round.id }, toStatus: { in: ['selected', 'not_selected'] } },
      });
      return events.length === PLAN.length ? events : undefined;
    },
    60_000,
  );
  const verdictOf = new Map(verdicts.map((e) => [e.applicationId, e.toStatus]));
  expect(Object.fromEntries(PLAN.map((p) => [p.key, verdictOf.get(ids.get(p.key)!)]))).toEqual(
    Object.fromEntries(PLAN.map((p) => [p.key, p.selected ? 'selected' : 'not_selected'])),
  );
}, 240_000); // ten applications through to the verdicts: on a busy machine well over a minute
