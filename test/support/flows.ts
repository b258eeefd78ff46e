// Steps that many tests take: an applicant drafts and submits; the seven parties decide.
import { PARTY_CODES, type PartyCode } from '../../domain/parties';
import { recommendationCountersignTaskId, reviewTaskId } from '../../shared/definitions';
import { http, login, newApplicant, waitFor, type Harness } from './harness';

export async function draft(h: Harness, token: string, roundId: string, annex: unknown) {
  const res = await http(h.baseUrl, 'POST', '/api/applications', { token, body: { roundId, annex } });
  expect(res.status).toBe(201);
  return res.body.id as string;
}

export async function submit(h: Harness, token: string, id: string) {
  return http(h.baseUrl, 'POST', `/api/applications/${id}/submit`, { token });
}

export async function getApp(h: Harness, token: string, id: string) {
  const res = await http(h.baseUrl, 'GET', `/api/applications/${id}`, { token });
  expect(res.status).toBe(200);
  return res.body;
}

const officerSessions = new WeakMap<Harness, Map<string, Promise<Record<PartyCode, string>>>>();

/**
 * Logged-in officers of the seven provincial parties of a province, logged in once per test file:
 * the login throttle counts an attempt until its password is checked, so six logins of one account
 * at once are refused like six wrong ones.
 */
export function provincialOfficers(h: Harness, province = 'GD'): Promise<Record<PartyCode, string>> {
  const sessions = officerSessions.get(h) ?? new Map<string, Promise<Record<PartyCode, string>>>();
  officerSessions.set(h, sessions);
  let officers = sessions.get(province);
  if (!officers) {
    officers = Promise.all(
      PARTY_CODES.map(async (p) => [p, await login(h, `${province.toLowerCase()}.${p.toLowerCase()}`)] as const),
    ).then((entries) => Object.fromEntries(entries) as Record<PartyCode, string>);
    officers.catch(() => sessions.delete(province)); // a failed login is tried again by the next caller
    sessions.set(province, officers);
  }
  return officers;
}

export async function decide(
  h: Harness,
  token: string,
  taskId: string,
  body: unknown,
  headers: Record<string, string> = {},
) {
  return http(h.baseUrl, 'POST', `/api/tasks/${encodeURIComponent(taskId)}/decision`, { token, body, headers });
}

/** Waits until the review round's seven tasks exist. */
export const reviewOpen = (h: Harness, appId: string, reviewRound: number) =>
  waitFor('review tasks', async () => (await h.db.task.count({ where: { applicationId: appId, reviewRound } })) === 7);

/**
 * Waits until the review round's tasks exist, then each listed party decides: approvals side by side
 * (their order changes nothing), and in the order given once a return or reject is among them.
 */
export async function decideRound(
  h: Harness,
  officers: Record<PartyCode, string>,
  appId: string,
  reviewRound: number,
  decisions: Partial<Record<PartyCode, { decision: string; reason?: string }>>,
) {
  await reviewOpen(h, appId, reviewRound);
  const each = Object.entries(decisions) as [PartyCode, { decision: string; reason?: string }][];
  const one = async ([party, body]: (typeof each)[number]) =>
    expect((await decide(h, officers[party], reviewTaskId(appId, reviewRound, party), body)).status).toBe(200);
  if (each.every(([, body]) => body.decision === 'approve')) await Promise.all(each.map(one));
  else for (const entry of each) await one(entry);
}

/**
 * A GD city application named `name` in provincial review: five parties approved, the commerce
 * department and the banking regulator not yet; its commerce task is the one a test decides.
 */
export async function awaitingCommerce(h: Harness, roundId: string, name: string, annex: unknown) {
  const applicant = await newApplicant(h, 'city', 'GD', name);
  const id = await draft(h, applicant.token, roundId, annex);
  expect((await submit(h, applicant.token, id)).status).toBe(200);
  const approve = { decision: 'approve' };
  await decideRound(h, await provincialOfficers(h, 'GD'), id, 1, {
    INDUSTRY_IT: approve,
    ENVIRONMENT: approve,
    AGRICULTURE: approve,
    PBOC_BRANCH: approve,
    MARKET_REGULATION: approve,
  });
  return { id, name, taskId: reviewTaskId(id, 1, 'COMMERCE') };
}

export const ALL_APPROVE = Object.fromEntries(PARTY_CODES.map((p) => [p, { decision: 'approve' }])) as Record<
  PartyCode,
  { decision: string }
>;

/** Waits until the application has passed through a status (it may already have moved on). */
export async function reached(h: Harness, id: string, status: string) {
  return waitFor(`application ${id} to reach ${status}`, () =>
    h.db.auditEvent.findFirst({ where: { applicationId: id, toStatus: status } }),
  );
}

export async function statusBecomes(h: Harness, id: string, status: string) {
  return waitFor(`application ${id} to become ${status}`, async () => {
    const app = await h.db.application.findUnique({ where: { id } });
    return app?.status === status ? app : undefined;
  });
}

/**
 * The unit's recommendation (择优推荐) of applications its joint review approved: its commerce
 * department ranks them (each in its kind's list, in the order given) and the six other parties
 * approve; resolves once every one of them is forwarded to MOFCOM. Others waiting in the same
 * recommendation are left unranked (not recommended).
 */
export async function recommend(h: Harness, roundId: string, province: string, ids: string[]) {
  const officers = await provincialOfficers(h, province);
  const taskId = await waitFor(`the ${province} recommendation holding ${ids.join(', ')}`, async () => {
    const open = await h.db.task.findMany({
      where: { stage: 'recommendation', status: 'open', roundId, provinceCode: province },
      select: { id: true },
    });
    for (const t of open) {
      const rec = await h.db.recommendation.findUnique({ where: { id: t.id.split(':recommend:')[0] } });
      if (rec && ids.every((id) => rec.applications.includes(id))) return t.id;
    }
    return undefined;
  });
  const apps = await h.db.application.findMany({ where: { id: { in: ids } }, select: { id: true, kind: true } });
  const kindOf = new Map(apps.map((a) => [a.id, a.kind]));
  const isCity = (id: string) => kindOf.get(id) === 'city' || kindOf.get(id) === 'ftz';
  const ranking = { city: ids.filter(isCity), enterprise: ids.filter((id) => !isCity(id)) };
  const body = { decision: 'recommend', reason: '按综合实力择优推荐', ranking };
  expect((await decide(h, officers.COMMERCE, taskId, body)).status).toBe(200);
  const [recommendationId, version] = [taskId.split(':recommend:')[0], Number(taskId.split(':recommend:v')[1])];
  const cosigners = PARTY_CODES.filter((p) => p !== 'COMMERCE');
  await waitFor('the recommendation countersign', async () => {
    const n = await h.db.task.count({
      where: { stage: 'recommendationCountersign', reviewRound: version, id: { startsWith: `${recommendationId}:` } },
    });
    return n === cosigners.length;
  });
  await Promise.all(
    cosigners.map(async (p) => {
      const id = recommendationCountersignTaskId(recommendationId, version, p);
      expect((await decide(h, officers[p], id, { decision: 'approve' })).status).toBe(200);
    }),
  );
  await Promise.all(ids.map((id) => reached(h, id, 'forwarded')));
}

/** All seven parties approve in the joint review, and the unit recommends it: it reaches MOFCOM. */
export async function approveAndRecommend(h: Harness, roundId: string, province: string, id: string) {
  await decideRound(h, await provincialOfficers(h, province), id, 1, ALL_APPROVE);
  await recommend(h, roundId, province, [id]);
}

/**
 * Each application's seven parties approve (the applications side by side); once all wait for the
 * unit's recommendation, it recommends them together, so none is left out of another's ranking.
 */
export async function approveAllAndRecommend(h: Harness, roundId: string, province: string, ids: string[]) {
  const officers = await provincialOfficers(h, province);
  await Promise.all(
    ids.map(async (id) => {
      await decideRound(h, officers, id, 1, ALL_APPROVE);
      await reached(h, id, 'recommending');
    }),
  );
  await recommend(h, roundId, province, ids);
}
