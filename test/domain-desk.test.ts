// The desk's rules on their own (domain/taskDesk.ts): who may claim, release, hand over, take back
// and withdraw, given who holds a task — the same rules every stage workflow's validator applies.
import {
  afterDesk,
  deskRefusal,
  leadOf,
  mayDecide,
  type DeskActor,
  type DeskRequest,
  type Holding,
} from '../domain/taskDesk';
import { RETURN_DECISION } from '../domain/stages';

const officer = (userId: string, departmentId = 'HB.AGRICULTURE'): DeskActor => ({
  userId,
  username: userId,
  role: 'provincial_officer',
  departmentId,
});
const [ann, bob, cai] = [officer('ann'), officer('bob'), officer('cai')];
const task = { departmentId: 'HB.AGRICULTURE', provinceCode: 'HB', open: true };
const target = (p: DeskActor) => ({ userId: p.userId, username: p.username, departmentId: p.departmentId });
const check = (holding: Holding, req: DeskRequest, decidedBy?: string, t = task) =>
  deskRefusal(holding, t, req, decidedBy);

test('when nobody holds a task, then any officer of its department may claim or decide it, and no one else', () => {
  expect(check({}, { action: 'claim', actor: ann })).toBeUndefined();
  expect(check({}, { action: 'claim', actor: officer('dan', 'HB.COMMERCE') })).toBe('not_your_task');
  expect(check({}, { action: 'claim', actor: { ...ann, role: 'expert' } })).toBe('not_your_task');
  expect(mayDecide({}, task, bob)).toBe(true);
  expect(mayDecide({}, task, officer('dan', 'GD.AGRICULTURE'))).toBe(false);
});

test('when a task is claimed, then only its holder decides, releases or hands it over, and a second claim is refused', () => {
  const held = afterDesk({}, { action: 'claim', actor: ann });
  expect(held).toEqual({ assignee: { userId: 'ann', username: 'ann' } });
  expect(check(held, { action: 'claim', actor: bob })).toBe('already_claimed');
  expect(mayDecide(held, task, bob)).toBe(false);
  expect(check(held, { action: 'release', actor: bob })).toBe('not_your_task');
  expect(check(held, { action: 'transfer', actor: bob, target: target(cai) })).toBe('not_your_task');
  expect(afterDesk(held, { action: 'release', actor: ann })).toEqual({});
  expect(afterDesk(held, { action: 'transfer', actor: ann, target: target(bob) })).toEqual({
    assignee: { userId: 'bob', username: 'bob' },
  });
});

test('when a task is handed over, then the colleague must be another officer of its department', () => {
  expect(check({}, { action: 'transfer', actor: ann, target: target(ann) })).toBe('invalid_target');
  expect(check({}, { action: 'delegate', actor: ann, target: target(officer('dan', 'HB.COMMERCE')) })).toBe(
    'invalid_target',
  );
  expect(check({}, { action: 'delegate', actor: ann })).toBe('invalid_target');
});

test('when a task is delegated, then the delegate decides it, only the owner takes it back, and nobody transfers it meanwhile', () => {
  const delegated = afterDesk(
    { assignee: { userId: 'ann', username: 'ann' } },
    { action: 'delegate', actor: ann, target: target(bob) },
  );
  expect(delegated).toEqual({
    assignee: { userId: 'bob', username: 'bob' },
    owner: { userId: 'ann', username: 'ann' },
  });
  expect(mayDecide(delegated, task, bob)).toBe(true);
  expect(mayDecide(delegated, task, ann)).toBe(false);
  expect(check(delegated, { action: 'takeBack', actor: bob })).toBe('not_your_task');
  expect(check(delegated, { action: 'transfer', actor: bob, target: target(cai) })).toBe('task_delegated');
  expect(check(delegated, { action: 'release', actor: bob })).toBe('task_delegated');
  expect(afterDesk(delegated, { action: 'takeBack', actor: ann })).toEqual({
    assignee: { userId: 'ann', username: 'ann' },
  });
});

test('when a decision is to be withdrawn, then only its decider (or the officer who delegated it) may, and only once decided', () => {
  const decided = { ...task, open: false };
  expect(check({}, { action: 'withdraw', actor: ann }, 'ann', decided)).toBeUndefined();
  expect(check({}, { action: 'withdraw', actor: bob }, 'ann', decided)).toBe('not_your_task');
  expect(
    check(
      { assignee: { userId: 'bob', username: 'bob' }, owner: { userId: 'ann', username: 'ann' } },
      { action: 'withdraw', actor: ann },
      'bob',
      decided,
    ),
  ).toBeUndefined();
  expect(check({}, { action: 'withdraw', actor: ann }, undefined, decided)).toBe('not_your_task'); // the default rule's decision
  expect(check({}, { action: 'withdraw', actor: ann }, 'ann')).toBe('not_decided');
});

test("when a task's lead body reassigns it, then the lead is the provincial commerce department, or MOFCOM above it", () => {
  expect(leadOf(task)).toBe('HB.COMMERCE');
  expect(leadOf({ departmentId: 'HB.COMMERCE', provinceCode: 'HB' })).toBe('MOFCOM');
  expect(leadOf({ departmentId: 'MIIT', provinceCode: null })).toBe('MOFCOM');
  expect(check({}, { action: 'reassign', actor: officer('lead', 'HB.COMMERCE'), target: target(bob) })).toBeUndefined();
  expect(check({}, { action: 'reassign', actor: ann, target: target(bob) })).toBe('forbidden');
  expect(check({}, { action: 'claim', actor: ann }, undefined, { ...task, open: false })).toBe('review_closed');
});

test('when a task is returned (退回), then the stage says which of its decisions sends it back, and stages without a previous step have none', () => {
  // the joint review and a State Council department back to the applicant; the countersigns back to who drafted
  expect(RETURN_DECISION).toEqual({
    provincialReview: 'return',
    ministryReview: 'return',
    recommendationCountersign: 'return',
    removalCountersign: 'object',
    selectionCountersign: 'object',
    titleRevocationCountersign: 'object',
  });
  expect(RETURN_DECISION.quarterlyCompilation).toBeUndefined();
  expect(RETURN_DECISION.recommendation).toBeUndefined();
});
