// The product under load, over its HTTP API only: each applicant drafts and submits; once the
// seven tasks are open, the seven parties' officers approve — in turn, or all at once — which ends
// its joint review (its province's recommendation to MOFCOM comes after, and is not driven here).
// The load is offered as bench/pool.ts says: so many in flight, or so many arriving per minute.
import type { Db } from '../../platform/db';
import { PARTY_CODES, provincialDepartmentId, type PartyCode } from '../../domain/parties';
import { officerUsername, DEMO_PASSWORD } from '../../platform/seed';
import { cityAnnex, enterpriseAnnex } from '../../test/support/fixtures';
import { reviewTaskId } from '../../shared/definitions';
import { call, expectCall } from '../http';
import { eachParty } from '../parties';
import { offer, pool, type Load } from '../pool';
import { waitFor } from '../wait';
import { APPLICANT_PASSWORD, type Applicant } from '../population';

export interface Driven {
  submitMs: number[];
  decisionMs: number[];
  /** submission → the seven tasks visible to their officers */
  tasksOpenMs: number[];
  /** the officer's reads of the task while waiting for it: the API and database alone, no workflow */
  taskReadMs: number[];
}

const POLL_MS = 50;

/** Everyone logs in over HTTP before the clock starts (officers' bcrypt work is not what is measured). */
export async function logIn(baseUrl: string, applicants: Applicant[]): Promise<Map<string, string>> {
  const officers = [...new Set(applicants.map((a) => a.provinceCode!))].flatMap((p) =>
    PARTY_CODES.map((party) => officerUsername(provincialDepartmentId(p, party))),
  );
  const tokens = new Map<string, string>();
  const logins = [
    ...officers.map((u) => [u, DEMO_PASSWORD]),
    ...applicants.map((a) => [a.username, APPLICANT_PASSWORD]),
  ];
  await pool(logins, 4, async ([username, password]) => {
    tokens.set(
      username,
      (await expectCall(200, baseUrl, 'POST', '/api/auth/login', { body: { username, password } })).body.token,
    );
  });
  return tokens;
}

export async function driveProduct(
  baseUrl: string,
  roundId: string,
  applicants: Applicant[],
  tokens: Map<string, string>,
  load: Load,
  parties: 'in-turn' | 'together',
  done: () => void,
): Promise<Driven> {
  const out: Driven = { submitMs: [], decisionMs: [], tasksOpenMs: [], taskReadMs: [] };
  await offer(applicants, load, async (a) => {
    const token = tokens.get(a.username)!;
    const annex = a.kind === 'enterprise' ? enterpriseAnnex() : cityAnnex();
    const id = (await expectCall(201, baseUrl, 'POST', '/api/applications', { token, body: { roundId, annex } })).body
      .id as string;
    const submitted = await expectCall(200, baseUrl, 'POST', `/api/applications/${id}/submit`, { token });
    out.submitMs.push(submitted.ms);
    const officer = (party: PartyCode) => tokens.get(officerUsername(provincialDepartmentId(a.provinceCode!, party)))!;
    // The lead party's officer opens the task until it is there: all seven open in one transaction.
    const opening = Date.now();
    await waitFor(
      'the review tasks',
      async () => {
        const read = await call(baseUrl, 'GET', `/api/tasks/${reviewTaskId(id, 1, 'COMMERCE')}`, {
          token: officer('COMMERCE'),
        });
        out.taskReadMs.push(read.ms);
        return read.status !== 404;
      },
      undefined,
      POLL_MS,
    );
    out.tasksOpenMs.push(Date.now() - opening);
    const decided = await eachParty(PARTY_CODES, parties, (party) =>
      expectCall(200, baseUrl, 'POST', `/api/tasks/${encodeURIComponent(reviewTaskId(id, 1, party))}/decision`, {
        token: officer(party),
        body: { decision: 'approve' },
      }),
    );
    out.decisionMs.push(...decided.map((d) => d.ms));
    done();
  });
  return out;
}

/**
 * Until all n applications of the round have passed their joint review, as their audit trail records
 * ('approved_provincially': each then waits for its province's recommendation, which the bench does not drive).
 */
export async function waitForApproved(db: Db, roundId: string, n: number): Promise<void> {
  await waitFor(
    'every application approved by its joint review',
    async () =>
      (await db.auditEvent.count({ where: { action: 'approved_provincially', application: { roundId } } })) >= n,
    3_600_000,
    200,
  );
  // The mail of those events is written with them (the outbox) and sent after: the census counts its activities.
  // The round's own mail (a province's recommendation task) is waited for too, if it is written by then.
  await waitFor(
    'the mail of every event sent',
    async () => {
      const applications = await db.application.findMany({ where: { roundId }, select: { id: true } });
      const applicationId = { in: applications.map((a) => a.id) };
      return (
        (await db.notification.count({ where: { status: 'pending', OR: [{ applicationId }, { roundId }] } })) === 0
      );
    },
    600_000,
    200,
  );
}
