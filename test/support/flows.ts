// Steps that many tests take: an applicant drafts and submits; the seven parties decide.
import { PARTY_CODES, type PartyCode } from '../../domain/parties';
import { reviewTaskId } from '../../shared/definitions';
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
