// An auditor's timeline of one application through the API: the audit records with their hash
// chain, the mail, and the Temporal event history of each of its workflows, in which every
// officer's Update names its actor; and the audit records as CSV.
import { PARTY_CODES } from '../domain/parties';
import { reviewTaskId } from '../shared/definitions';
import { cityAnnex } from './support/fixtures';
import { decide, decideRound, draft, provincialOfficers, reached, submit } from './support/flows';
import { http, login, newApplicant, newRound, startHarness, type Harness } from './support/harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.stop());

test('when an auditor reads an application, then its timeline joins records, mail and workflow events — each Update with its actor — and exports as CSV', async () => {
  const applicant = await newApplicant(h, 'city', 'JL');
  const id = await draft(h, applicant.token, (await newRound(h)).id, cityAnnex());
  expect((await submit(h, applicant.token, id)).status).toBe(200);
  const officers = await provincialOfficers(h, 'JL');
  await decideRound(h, officers, id, 1, {});
  // the reason starts like a spreadsheet formula: the CSV must not run it
  expect(
    (
      await decide(h, officers.AGRICULTURE, reviewTaskId(id, 1, 'AGRICULTURE'), {
        decision: 'return',
        reason: '=1+1 please add the budget',
      })
    ).status,
  ).toBe(200);
  await decideRound(
    h,
    officers,
    id,
    1,
    Object.fromEntries(PARTY_CODES.filter((p) => p !== 'AGRICULTURE').map((p) => [p, { decision: 'approve' }])),
  );
  await reached(h, id, 'returned');

  const auditor = await login(h, 'auditor');
  const res = await http(h.baseUrl, 'GET', `/api/applications/${id}/timeline`, { token: auditor });
  expect(res.status).toBe(200);
  const { records, workflows, timeline, mail } = res.body;
  expect(records.map((r: { action: string }) => r.action)).toEqual(
    expect.arrayContaining(['submitted', 'tasks_opened', 'task_decided', 'returned']),
  );
  expect(records.map((r: { seq: number }) => r.seq)).toEqual(records.map((_: unknown, i: number) => i + 1)); // one chain, in order
  expect(records[1].prevHash).toBe(records[0].hash);
  expect(mail.length).toBeGreaterThan(0);

  expect(workflows.map((w: { type: string; source: string }) => [w.type, w.source])).toEqual([
    ['applicationWorkflow', 'temporal'],
  ]);
  const review = workflows[0]; // the joint review runs inside the application's workflow
  const updates = review.events.filter((e: { update?: string }) => e.update === 'decide');
  expect(updates).toHaveLength(7);
  expect(updates.find((u: { taskId: string }) => u.taskId === reviewTaskId(id, 1, 'AGRICULTURE'))).toMatchObject({
    actor: { username: 'jl.agriculture', role: 'provincial_officer' },
    decision: 'return',
  });
  const submitted = workflows[0].events.find((e: { update?: string }) => e.update === 'submit');
  expect(submitted.actor.username).toBe(applicant.user.username);
  const times = timeline.map((t: { at: string }) => new Date(t.at).getTime());
  expect(times).toEqual([...times].sort((a, b) => a - b));
  expect(new Set(timeline.map((t: { source: string }) => t.source))).toEqual(new Set(['audit', 'mail', 'workflow']));

  const csv = await fetch(`${h.baseUrl}/api/applications/${id}/timeline?format=csv`, {
    headers: { authorization: `Bearer ${auditor}` },
  });
  expect(csv.headers.get('content-type')).toMatch(/text\/csv/);
  const lines = (await csv.text())
    .replace(/^\uFEFF/, '')
    .trimEnd()
    .split('\r\n');
  expect(lines[0]).toBe(
    'id,at,chainKey,seq,actor,actorRole,action,fromStatus,toStatus,taskId,reason,detail,prevHash,hash',
  );
  expect(lines).toHaveLength(records.length + 1);
  expect(lines.find((l) => l.includes('please add the budget'))).toContain(",'=1+1 please add the budget,");

  expect((await http(h.baseUrl, 'GET', `/api/applications/${id}/timeline`, { token: applicant.token })).status).toBe(
    403,
  );
  expect(
    (await http(h.baseUrl, 'GET', `/api/applications/${id}/timeline?format=xml`, { token: auditor })).body.error
      .fields[0].field,
  ).toBe('format');
});
