// A national round in miniature: applicants in all 31 provinces plus central enterprises, every
// one through the real workflows (declaration, the seven-party review, expert scoring), then the
// selection. The published list must hold exactly the quotas, chosen by the ranking rule, and every
// other scored applicant must end "not selected". Use cases are driven directly (no HTTP) to keep
// the run short; the API's own tests cover the HTTP layer.
import { applicantKindOf } from './support/simulation';
import { NATIONAL_BODIES } from '../domain/bodies';
import { PARTY_CODES, provincialDepartmentId } from '../domain/parties';
import { PROVINCES } from '../domain/provinces';
import { DEFAULT_RUBRIC } from '../domain/round';
import { rankCandidates, selectedIds } from '../domain/selection';
import { createDraft, submitApplication } from '../usecases/applications';
import type { CurrentUser } from '../usecases/context';
import { openSelection } from '../usecases/selection';
import { decideTask } from '../usecases/tasks';
import { countersignTaskId, reviewTaskId } from '../workflows/definitions';
import { cityAnnex, enterpriseAnnex } from './support/fixtures';
import { newRound, startHarness, waitFor, type Harness } from './support/harness';

let h: Harness;

beforeAll(async () => {
  h = await startHarness(); // panels draw on the seeded demo experts (BJ, SC, HB): each province has two eligible
});
afterAll(() => h.stop());

const PER_PROVINCE = Number(process.env.SIM_PER_PROVINCE ?? 4); // two cities (one an FTZ in every third province), two enterprises
const CENTRAL = 6;
const QUOTAS = { city: 20, enterprise: 30 };

async function userAs(where: { username?: string; id?: string }): Promise<CurrentUser> {
  const u = await h.db.user.findFirstOrThrow({ where, include: { department: true } });
  return { id: u.id, username: u.username, role: u.role as CurrentUser['role'], displayName: u.displayName, departmentId: u.departmentId, organizationId: u.organizationId, provinceCode: u.department?.provinceCode ?? null };
}

/** Runs `work` over `items`, `limit` at a time. */
async function pool<T>(items: T[], limit: number, work: (item: T) => Promise<void>) {
  const queue = [...items];
  await Promise.all(Array.from({ length: limit }, async () => {
    for (let item = queue.shift(); item !== undefined; item = queue.shift()) await work(item);
  }));
}

test('when a whole round of applicants from 31 provinces goes through, then the published list holds exactly the quotas, chosen by the ranking rule', async () => {
  const started = Date.now();
  const round = await newRound(h, { expertReview: { panelSize: 1, quorum: 1 }, selection: { quotas: QUOTAS, minScore: 60, countersignDays: 10 } });
  const officers = new Map<string, CurrentUser>();
  for (const p of PROVINCES) for (const party of PARTY_CODES) officers.set(provincialDepartmentId(p.code, party), await userAs({ username: provincialDepartmentId(p.code, party).toLowerCase() }));

  const plan = [
    ...PROVINCES.flatMap((p, pi) => Array.from({ length: PER_PROVINCE }, (_, i) => ({ province: p.code as string | null, kind: applicantKindOf(pi, i), n: pi * PER_PROVINCE + i }))),
    ...Array.from({ length: CENTRAL }, (_, i) => ({ province: null, kind: 'central_enterprise' as const, n: 1000 + i })),
  ];
  const ids: string[] = [];

  await pool(plan, 8, async ({ province, kind, n }) => {
    const org = await h.db.organization.create({ data: { kind, name: `Sim ${kind} ${n}`, provinceCode: province, email: `sim-${n}-${round.id}@pilotflow.example.org` } });
    const user = await h.db.user.create({ data: { username: `sim-${round.id}-${n}`, passwordHash: 'x', role: 'applicant', displayName: org.name, organizationId: org.id } });
    const applicant = await userAs({ id: user.id });
    const app = await createDraft(h.deps, applicant, { roundId: round.id, annex: kind === 'city' || kind === 'ftz' ? cityAnnex() : enterpriseAnnex() });
    ids.push(app.id);
    await submitApplication(h.deps, applicant, app.id);
    if (province) {
      await waitFor('review tasks', async () => (await h.db.task.count({ where: { applicationId: app.id } })) === 7);
      for (const party of PARTY_CODES) await decideTask(h.deps, officers.get(provincialDepartmentId(province, party))!, reviewTaskId(app.id, 1, party), { decision: 'approve' });
    }
    const task = await waitFor('the expert task', () => h.db.task.findFirst({ where: { applicationId: app.id, stage: 'expertReview', status: 'open' } }));
    // Scores from 50 to 97 with many ties, so the quotas and the tie-break both matter.
    const score = 50 + ((n * 37) % 48);
    await decideTask(h.deps, await userAs({ id: task.assigneeId! }), task.id, { decision: 'score', scores: Object.fromEntries(DEFAULT_RUBRIC.map((c) => [c.code, score])), comments: 'sim' });
  });
  await waitFor('all scored', async () => (await h.db.application.count({ where: { roundId: round.id, status: 'scored' } })) === plan.length, 120_000);

  await h.db.round.update({ where: { id: round.id }, data: { declarationDeadline: new Date(0) } });
  await openSelection(h.deps, await userAs({ username: 'mofcom' }), round.id);
  await waitFor('countersign tasks', async () => (await h.db.task.count({ where: { roundId: round.id, stage: 'selectionCountersign' } })) === 8);
  for (const body of NATIONAL_BODIES) await decideTask(h.deps, await userAs({ username: body.code.toLowerCase() }), countersignTaskId(round.id, 1, body.code), { decision: 'approve' });
  // Selected applications go straight on into their pilots; the verdicts are in the audit trail.
  const verdicts = await waitFor('every verdict', async () => {
    const events = await h.db.auditEvent.findMany({ where: { application: { roundId: round.id }, toStatus: { in: ['selected', 'not_selected'] } } });
    return events.length === plan.length ? events : undefined;
  }, 120_000);
  const verdictOf = new Map(verdicts.map((e) => [e.applicationId, e.toStatus]));
  const apps = (await h.db.application.findMany({ where: { roundId: round.id } })).map((a) => ({ ...a, status: verdictOf.get(a.id) }));
  const selected = apps.filter((a) => a.status === 'selected');
  expect(selected.filter((a) => a.kind === 'city' || a.kind === 'ftz')).toHaveLength(QUOTAS.city);
  expect(selected.filter((a) => a.kind === 'enterprise' || a.kind === 'central_enterprise')).toHaveLength(QUOTAS.enterprise);
  expect(apps.filter((a) => a.status === 'not_selected')).toHaveLength(plan.length - QUOTAS.city - QUOTAS.enterprise);
  // The same list, computed independently from the recorded scores by the ranking rule.
  const expected = rankCandidates(
    apps.map((a) => ({ applicationId: a.id, kind: a.kind as never, score: a.score!, medianExpertScore: a.score!, submittedAt: a.submittedAt!.toISOString() })),
    { quotas: QUOTAS, minScore: 60, countersignDays: 10 },
  );
  expect(new Set(selected.map((a) => a.id))).toEqual(new Set(selectedIds(expected)));
  console.log(`whole-round simulation: ${plan.length} applicants (31 provinces + ${CENTRAL} central), ${selected.length} selected, ${((Date.now() - started) / 1000).toFixed(1)} s`);
}, 300_000);
