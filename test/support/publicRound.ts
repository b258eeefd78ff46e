// A round driven to its public notice (公示) for the public list's tests: applicants scored by a
// one-expert panel, selection opened, the eight bodies' countersign, the notice open.
import { NATIONAL_BODIES } from '../../domain/bodies';
import { DEFAULT_RUBRIC } from '../../domain/round';
import { countersignTaskId } from '../../shared/definitions';
import { cityAnnex, enterpriseAnnex } from './fixtures';
import { approveAndRecommend, decide, draft, statusBecomes, submit } from './flows';
import { http, login, newApplicant, newRound, waitFor, type Harness } from './harness';

const sheet = (score: number) => Object.fromEntries(DEFAULT_RUBRIC.map((c) => [c.code, score]));

/** An application from `unit`, through its provincial review and a one-expert panel that scores it `score`. */
export async function scored(
  h: Harness,
  roundId: string,
  kind: 'city' | 'enterprise',
  unit: string,
  score: number,
  name: string,
) {
  const applicant = await newApplicant(h, kind, unit, name);
  const id = await draft(h, applicant.token, roundId, kind === 'city' ? cityAnnex() : enterpriseAnnex());
  expect((await submit(h, applicant.token, id)).status).toBe(200);
  await approveAndRecommend(h, roundId, unit, id);
  const task = await waitFor('the expert task', () =>
    h.db.task.findFirst({
      where: { applicationId: id, stage: 'expertReview', status: 'open' },
      include: { assignee: true },
    }),
  );
  const res = await decide(h, await login(h, task.assignee!.username), task.id, {
    decision: 'score',
    scores: sheet(score),
    comments: 'ok',
  });
  expect(res.status).toBe(200);
  await statusBecomes(h, id, 'scored');
  return { id, org: applicant.org, token: applicant.token, expert: task.assignee!.username };
}

/** A round with a five-working-day notice and these quotas (no offer of an upheld applicant's place). */
export function noticeRound(h: Harness, quotas: { city: number; enterprise: number }) {
  return newRound(h, {
    dayCount: 'working',
    expertReview: { panelSize: 1, quorum: 1 },
    selection: { quotas, minScore: 60, countersignDays: 10 },
    publicNotice: { workingDays: 5, offerNextRanked: false },
  });
}

/** Opens the round's selection (its declarations closed now), has the eight bodies sign, and waits for the notice. */
export async function toPublicNotice(h: Harness, roundId: string) {
  const mofcom = await login(h, 'mofcom');
  await h.db.round.update({ where: { id: roundId }, data: { declarationDeadline: new Date(0) } });
  expect((await http(h.baseUrl, 'POST', `/api/rounds/${roundId}/selection`, { token: mofcom })).status).toBe(201);
  await waitFor(
    'countersign tasks',
    async () => (await h.db.task.count({ where: { roundId, stage: 'selectionCountersign' } })) === 8,
  );
  for (const body of NATIONAL_BODIES) {
    const token = await login(h, body.code.toLowerCase());
    const res = await decide(h, token, countersignTaskId(roundId, 1, body.code), { decision: 'approve' });
    expect(res.status).toBe(200);
  }
  await waitFor(
    'the public notice',
    async () => (await h.db.selection.findUnique({ where: { roundId } }))?.status === 'public_notice',
  );
}
