// Determinism as a restarted worker meets it: a worker without a workflow cache replays every
// workflow's history from the start at each of its tasks, so any command the code orders
// differently on replay than in the run that wrote the history fails the task (a nondeterminism
// error) and the case stands still. The replay corpus checks finished histories; this checks the
// live path, task by task.
import { temporal } from '@temporalio/proto';
import { cityAnnex } from './support/fixtures';
import { approveAllAndRecommend, decideRound, draft, provincialOfficers, reached, submit } from './support/flows';
import { delivered } from './support/mail';
import {
  newApplicant,
  newRound,
  startHarness,
  startTimeSkippingHarness,
  waitFor,
  type Harness,
} from './support/harness';

const { EventType } = temporal.api.enums.v1;
const DAY = 86_400_000;
let h: Harness;
let ts: Awaited<ReturnType<typeof startTimeSkippingHarness>>;
beforeAll(async () => {
  [h, ts] = await Promise.all([
    startHarness({ maxCachedWorkflows: 0 }),
    startTimeSkippingHarness({ maxCachedWorkflows: 0 }),
  ]);
});
afterAll(() => Promise.all([h.stop(), ts.stop()]));

async function noTaskFailed(on: Harness, workflowIds: string[]) {
  for (const workflowId of workflowIds) {
    const history = await on.client.workflow.getHandle(workflowId).fetchHistory();
    const failed = (history.events ?? []).filter((e) => e.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED);
    expect({ workflowId, failed: failed.length }).toEqual({ workflowId, failed: 0 });
  }
}

test('when every workflow task replays its history from the start, then a city goes from submission through the joint review and the recommendation to MOFCOM with no workflow task failed', async () => {
  const round = await newRound(h);
  const applicant = await newApplicant(h, 'city', 'GD');
  const id = await draft(h, applicant.token, round.id, cityAnnex());
  expect((await submit(h, applicant.token, id)).status).toBe(200);
  await approveAllAndRecommend(h, round.id, 'GD', [id]);
  await reached(h, id, 'forwarded');
  await noTaskFailed(h, [`application-${id}`, `recommendation-${round.id}-GD`]);
});

test('when every workflow task replays from the start and six parties stay silent, then the deadline chain runs to the default rule and the application is returned, with no workflow task failed', async () => {
  const round = await newRound(ts);
  const applicant = await newApplicant(ts, 'city', 'GD');
  const id = await draft(ts, applicant.token, round.id, cityAnnex());
  expect((await submit(ts, applicant.token, id)).status).toBe(200);
  await decideRound(ts, await provincialOfficers(ts, 'GD'), id, 1, { COMMERCE: { decision: 'approve' } });
  await delivered(ts, { applicationId: id, event: 'task_assigned' }, 7);
  // the reminder, each escalation level, then the default rule (return), a step at a time
  const steps = (action: string) => ts.db.auditEvent.count({ where: { applicationId: id, action } });
  await ts.skip(13 * DAY + 3_600_000);
  await delivered(ts, { applicationId: id, event: 'task_reminder' }, 6);
  for (const [days, levels] of [
    [2, 1],
    [3, 2],
  ] as const) {
    await ts.skip(days * DAY);
    await waitFor(`escalation level ${levels}`, async () => (await steps('task_escalated')) >= levels);
  }
  await ts.skip(7 * DAY);
  await reached(ts, id, 'returned');
  await noTaskFailed(ts, [`application-${id}`]);
});
