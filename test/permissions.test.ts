// The permission matrix: every route × every kind of user — own or other organisation, party,
// province, body and expert seat (test/support/matrix.ts) — on records of this file's own. The
// allowed get through (2xx, or a business answer the row lists and explains); everyone else gets
// 403 and nothing changes: neither what the call targets nor anything the actor could leave behind.
// Without a token (or with an unknown one) every route but the public ones answers 401.
//
// Routes that drive a workflow are asked so that a forbidden actor is refused before any workflow
// is touched: their tasks are written straight into the read model with workflowId 'none', and
// no worker runs in this file. An allowed actor therefore gets through authorization and then the
// answer of a workflow that does not exist (409), which the row lists in allowedStatus.
//
// A new route: add it to OPERATIONS (api/openapi.ts) and a row to ROWS below — this file fails
// until every operation has exactly one row. A row names who may call the route (ACTORS in
// test/support/matrix.ts), builds the call for an actor, and, unless it is a GET, says what the
// call could change (snapshot), e.g.
//   {
//     method: 'post',
//     path: '/api/tasks/:id/escalate',
//     allowed: ['provincialOwnParty'],
//     allowedStatus: [409], // the task's workflow ('none') does not exist: review_closed
//     build: (w) => ({
//       path: `/api/tasks/${task(w.commerceTaskId)}/escalate`,
//       body: {},
//       snapshot: async () => [await taskRow(w, w.commerceTaskId), await auditCount(w, { applicationId: w.appId })],
//     }),
//   },
import { OPERATIONS } from '../api/openapi';
import { hashPassword } from '../platform/passwords';
import { DEMO_PASSWORD } from '../platform/seed';
import { selectionWorkflowId } from '../shared/definitions';
import { cityAnnex } from './support/fixtures';
import { login, newRound, startHarness, type Harness } from './support/harness';
import {
  ACTORS,
  auditCount,
  buildWorld,
  fill,
  footprint,
  isEvaluator,
  isExpert,
  json,
  OWN_PROVINCE,
  send,
  task,
  workflowStatus,
  type ActorName,
  type Call,
  type Row,
  type World,
} from './support/matrix';

/** Who may read the application (and its pilot): as usecases/access.ts canReadApplication says. */
const READ_APPLICATION: readonly ActorName[] = [
  'applicantOwn',
  'provincialOwnParty',
  'provincialOwnOtherParty',
  'nationalMofcom',
  'nationalOther',
  'expertOwn',
  'auditor',
  'admin',
];
/** Who may read a unit's recommendation and its Annex 3: the unit's own officers, the national bodies, auditors, admins. */
const READ_UNIT: ActorName[] = [
  'provincialOwnParty',
  'provincialOwnOtherParty',
  'nationalMofcom',
  'nationalOther',
  'auditor',
  'admin',
];
/** A sent recommendation of NX ranking the world's application (its row only: no workflow behind it). */
async function sentRecommendation(w: World): Promise<string> {
  const id = `${w.roundId}:${OWN_PROVINCE}:perm:${unique()}`;
  await w.h.db.recommendation.create({
    data: {
      id,
      roundId: w.roundId,
      provinceCode: OWN_PROVINCE,
      workflowId: 'none',
      status: 'sent',
      version: 1,
      applications: [w.appId],
      ranking: { city: [w.appId], enterprise: [] },
      sentAt: new Date(),
    },
  });
  return id;
}
/** Who may read the whole timeline: the application's readers but its applicant and experts. */
const AUDIT_APPLICATION: readonly ActorName[] = READ_APPLICATION.filter(
  (a) => a !== 'applicantOwn' && a !== 'expertOwn',
);
const OFFICERS: readonly ActorName[] = [
  'provincialOwnParty',
  'provincialOwnOtherParty',
  'provincialOtherProvince',
  'nationalMofcom',
  'nationalOther',
];

/** The task a task route is asked about: an expert's is the expert seat, an evaluator's the report task, everyone else's NX.COMMERCE's task. */
const taskFor = (w: World, actor: ActorName) =>
  isExpert(actor) ? w.expertSeatId : isEvaluator(actor) ? w.evaluatorTaskId : w.commerceTaskId;
const appRow = (w: World, id: string) => w.h.db.application.findUnique({ where: { id } });
const taskRow = (w: World, id: string) => w.h.db.task.findUnique({ where: { id } });
/** What a task route may change: the task, the application's audit trail, the task's attachments. */
const taskState = async (w: World, id: string) => [
  await taskRow(w, id),
  await auditCount(w, { applicationId: w.appId }),
  await w.h.db.attachment.count({ where: { taskId: id } }),
];
const unique = () => Math.random().toString(36).slice(2, 10);
/** A replicable practice the world's pilot reported, waiting for MOFCOM's review. */
async function practiceOf(w: World): Promise<string> {
  const id = `${w.appId}:practice-${unique()}`;
  await w.h.db.practice.create({
    data: { id, pilotId: w.appId, stage: 'midterm', text: '共享仓储', status: 'submitted' },
  });
  return id;
}
/** An account an administrator acts on, with a live session: made per cell. */
async function accountTarget(w: World, deactivated = false) {
  const u = await w.h.db.user.create({
    data: {
      username: `perm-target-${unique()}`,
      passwordHash: '!unusable:permissions-test',
      role: 'auditor',
      displayName: 'Permissions target',
      deactivatedAt: deactivated ? new Date() : null,
    },
  });
  await w.h.db.session.create({
    data: { tokenHash: `perm-${unique()}-${unique()}`, userId: u.id, expiresAt: new Date(Date.now() + 3600_000) },
  });
  return u;
}
/** What an administrator's account route may change: the account, its sessions, its audit records. */
const accountState = async (w: World, id: string) => [
  await w.h.db.user.findUnique({ where: { id } }),
  await w.h.db.session.findMany({ where: { userId: id } }),
  await w.h.db.auditEvent.count({ where: { detail: { path: ['userId'], equals: id } } }),
];
/** The note of a desk action that takes one. */
const DESK_NOTE = { reason: 'On leave next week' };

/**
 * A desk action (api/routes/tasks.ts DESK_ROUTES) on NX.COMMERCE's task (an expert asks about their
 * own seat, which is no department's to hand on): the server lets an officer of the task's
 * department ask; the stage's workflow then checks who holds the task.
 * Here that workflow ('none') does not exist, so whoever gets through gets 409 review_closed.
 */
function deskRow(
  action: string,
  body: (w: World) => object,
  allowed: readonly ActorName[] = ['provincialOwnParty'],
): Row {
  return {
    method: 'post',
    path: `/api/tasks/:id/${action}`,
    allowed,
    allowedStatus: [409],
    build: (w, actor) => {
      const id = taskFor(w, actor);
      return { path: `/api/tasks/${task(id)}/${action}`, body: body(w), snapshot: () => taskState(w, id) };
    },
    verify: (res) => expect(res.body.error.code).toBe('review_closed'),
  };
}

const ROWS: Row[] = [
  { method: 'get', path: '/health', open: true, allowed: ACTORS, build: () => ({ path: '/health' }) },
  { method: 'get', path: '/openapi.json', open: true, allowed: ACTORS, build: () => ({ path: '/openapi.json' }) },
  {
    method: 'post',
    path: '/api/auth/login',
    open: true,
    allowed: ACTORS,
    build: (w) => ({
      path: '/api/auth/login',
      body: { username: w.actors.applicantOwn.username, password: DEMO_PASSWORD },
    }),
  },
  {
    method: 'get',
    path: '/api/public/rounds',
    open: true,
    allowed: ACTORS,
    build: () => ({ path: '/api/public/rounds' }),
    verify: (res, _actor, w) => expect(res.body.map((r: { id: string }) => r.id)).toContain(w.noticeRoundId),
  },
  {
    method: 'get',
    path: '/api/public/rounds/:id/list',
    open: true,
    allowed: ACTORS,
    build: (w) => ({ path: `/api/public/rounds/${w.noticeRoundId}/list` }),
  },
  {
    method: 'post',
    path: '/api/public/rounds/:id/objections',
    open: true,
    allowed: ACTORS,
    // anyone, without an account; past the checks the objection goes to the round's selection
    // workflow, which does not exist here: 409 no_public_notice
    allowedStatus: [409],
    build: (w) => ({
      path: `/api/public/rounds/${w.noticeRoundId}/objections`,
      body: { applicationId: w.appId, name: 'Li Si', email: 'li.si@example.org', reason: 'Its figures are overstated' },
    }),
    verify: (res) => expect(res.body.error.code).toBe('no_public_notice'),
  },
  {
    method: 'get',
    path: '/api/public/objections/:code',
    open: true,
    allowed: ACTORS,
    // no objection of this file was filed without an account, so no receipt code is known: 404
    allowedStatus: [404],
    build: () => ({ path: '/api/public/objections/ABCD-EFGH-JKMN' }),
  },
  {
    method: 'get',
    path: '/api/public/practices',
    open: true,
    allowed: ACTORS,
    build: () => ({ path: '/api/public/practices' }),
    verify: (res) => expect(res.body.items.every((p: object) => !('reviewNote' in p))).toBe(true),
  },
  {
    method: 'post',
    path: '/api/auth/logout',
    allowed: ACTORS,
    // a fresh session, so the actor's own token lives on for the other cells
    build: async (w, actor) => ({ path: '/api/auth/logout', token: await login(w.h, w.actors[actor].username) }),
    verify: async (res, _actor, w, call) => {
      expect(res.status).toBe(204);
      expect((await send(w.h.baseUrl, 'GET', '/api/me', { token: call.token })).status).toBe(401);
    },
  },
  {
    method: 'get',
    path: '/api/me',
    allowed: ACTORS,
    build: () => ({ path: '/api/me' }),
    verify: (res, actor, w) => expect(res.body.id).toBe(w.actors[actor].id),
  },
  { method: 'get', path: '/api/rounds', allowed: ACTORS, build: () => ({ path: '/api/rounds' }) },
  { method: 'get', path: '/api/reference', allowed: ACTORS, build: () => ({ path: '/api/reference' }) },
  {
    method: 'post',
    path: '/api/rounds',
    allowed: ['admin'],
    build: (w) => {
      // other suites create rounds meanwhile: look only for this one
      const nameZh = `权限测试轮次 ${unique()}`;
      return {
        path: '/api/rounds',
        body: {
          kind: 'demonstration',
          nameZh,
          nameEn: 'Permission test round',
          declarationOpensAt: new Date().toISOString(),
          declarationDeadline: new Date(Date.now() + 86_400_000).toISOString(),
          config: { provincialReviewDays: 15, revisionDays: 10 },
        },
        snapshot: () => w.h.db.round.findMany({ where: { nameZh }, include: { configVersions: true } }),
      };
    },
    verify: (res) => expect(res.body.versions).toEqual([expect.objectContaining({ version: 1, applications: 0 })]),
  },
  {
    method: 'get',
    path: '/api/rounds/:id',
    allowed: ACTORS,
    build: (w) => ({ path: `/api/rounds/${w.selectionRoundId}` }),
    verify: (res, _actor, w) => expect(res.body.id).toBe(w.selectionRoundId),
  },
  {
    method: 'put',
    path: '/api/rounds/:id/config',
    allowed: ['admin'],
    build: async (w) => {
      const round = await newRound(w.h);
      return {
        path: `/api/rounds/${round.id}/config`,
        body: { config: { provincialReviewDays: 20, revisionDays: 10 }, reason: 'Longer provincial review' },
        snapshot: async () => [
          await w.h.db.round.findUnique({ where: { id: round.id } }),
          await w.h.db.roundConfigVersion.count({ where: { roundId: round.id } }),
          await auditCount(w, { roundId: round.id }),
        ],
      };
    },
    verify: (res) => expect(res.body.configVersion).toBe(2),
  },
  {
    method: 'get',
    path: '/api/calendar/:year',
    allowed: ACTORS,
    build: () => ({ path: '/api/calendar/2026' }),
    verify: (res) => expect(res.body.covered).toBe(true),
  },
  {
    method: 'put',
    path: '/api/calendar/:year',
    allowed: ['admin'],
    // a year nobody else touches, far from any due time of the suite
    build: (w) => ({
      path: '/api/calendar/2091',
      body: {
        days: [{ date: '2091-01-01', kind: 'holiday', nameZh: '元旦', nameEn: "New Year's Day" }],
        confirm: true,
      },
      snapshot: async () => [
        await w.h.db.calendarDay.findMany({ where: { date: { startsWith: '2091-' } } }),
        await w.h.db.calendarYear.findUnique({ where: { year: 2091 } }),
      ],
    }),
    verify: (res) => expect(res.body).toMatchObject({ year: 2091, covered: true, source: 'admin' }),
  },
  {
    method: 'post',
    path: '/api/rounds/:id/close-declaration',
    allowed: ['nationalMofcom', 'admin'],
    build: async (w) => {
      const round = await newRound(w.h); // a fresh open round per cell, so each allowed actor really closes one
      return {
        path: `/api/rounds/${round.id}/close-declaration`,
        snapshot: async () => [
          await w.h.db.round.findUnique({ where: { id: round.id } }),
          await auditCount(w, { roundId: round.id }),
        ],
      };
    },
    verify: (res) => expect(new Date(res.body.declarationDeadline).getTime()).toBeLessThanOrEqual(Date.now()),
  },
  {
    method: 'post',
    path: '/api/rounds/:id/selection',
    allowed: ['nationalMofcom'],
    build: async (w) => {
      // closed and empty, so selection may open: the allowed actor starts its workflow (which waits
      // on this file's task queue, where no worker runs)
      const round = await newRound(w.h, { deadline: new Date(Date.now() - 60_000) });
      return {
        path: `/api/rounds/${round.id}/selection`,
        snapshot: async () => [
          await w.h.db.selection.findUnique({ where: { roundId: round.id } }),
          await auditCount(w, { roundId: round.id }),
          await workflowStatus(w, selectionWorkflowId(round.id)),
        ],
      };
    },
    verify: (res) => expect(res.body.workflowId).toMatch(/^selection-/),
  },
  {
    method: 'post',
    path: '/api/rounds/:id/expert-assignment',
    allowed: ['nationalMofcom', 'admin'],
    // past authorization the batch reads the round's waiting applications: this file's round has
    // none, so 409 no_panels_awaited (a batch that assigns is test/expertAssignment.test.ts's)
    allowedStatus: [409],
    build: (w) => ({
      path: `/api/rounds/${w.roundId}/expert-assignment`,
      snapshot: async () => [
        await w.h.db.application.findMany({ where: { roundId: w.roundId }, orderBy: { id: 'asc' } }),
        await w.h.db.task.count({ where: { stage: 'expertReview', application: { roundId: w.roundId } } }),
        await auditCount(w, { roundId: w.roundId }),
        await w.h.db.expertAssignmentLock.findUnique({ where: { roundId: w.roundId } }),
      ],
    }),
    verify: (res) => expect(res.body.error.code).toBe('no_panels_awaited'),
  },
  {
    method: 'get',
    path: '/api/rounds/:id/selection',
    allowed: [...OFFICERS, 'auditor', 'admin'],
    build: (w) => ({ path: `/api/rounds/${w.selectionRoundId}/selection` }),
    verify: (res, _actor, w) => {
      expect(res.body.roundId).toBe(w.selectionRoundId);
      expect(res.body.tasks.map((t: { stage: string }) => t.stage)).toEqual(['selectionCountersign']); // not the province's compilation
    },
  },
  // national officers see every province; NX.COMMERCE (the lead of NX) sees NX alone
  {
    method: 'get',
    path: '/api/rounds/:id/overview',
    // (GS.COMMERCE leads GS: it gets GS's picture of the round, in which NX's application is not)
    allowed: ['provincialOwnParty', 'provincialOtherProvince', 'nationalMofcom', 'nationalOther'],
    build: (w) => ({ path: `/api/rounds/${w.roundId}/overview` }),
    verify: (res, actor) => {
      const province = { provincialOwnParty: 'NX', provincialOtherProvince: 'GS' }[actor as string] ?? null;
      expect(res.body.provinceCode).toBe(province);
      const provinces = res.body.applications.map((a: { provinceCode: string }) => a.provinceCode);
      if (province === 'GS') expect(provinces).not.toContain('NX');
      else expect(provinces).toContain('NX');
      if (province) expect(res.body.expertLoad.every((e: { name: unknown }) => e.name === null)).toBe(true);
    },
  },
  {
    method: 'get',
    path: '/api/rounds/:id/overview.xlsx',
    allowed: ['provincialOwnParty', 'provincialOtherProvince', 'nationalMofcom', 'nationalOther'],
    build: (w) => ({ path: `/api/rounds/${w.roundId}/overview.xlsx` }),
    verify: (res) => expect(res.headers.get('content-type')).toContain('spreadsheetml'),
  },
  // a unit's recommendation: its own officers (any party of NX), the national bodies, auditors and admins
  {
    method: 'get',
    path: '/api/rounds/:id/units/:unit/recommendation',
    allowed: READ_UNIT,
    build: (w) => ({ path: `/api/rounds/${w.roundId}/units/${OWN_PROVINCE}/recommendation` }),
    verify: (res, _actor, w) => {
      expect(res.body).toMatchObject({ roundId: w.roundId, provinceCode: OWN_PROVINCE, ready: [] });
      // the world's one NX application of the round, in whatever state the other rows leave it
      expect(res.body.pipeline.reduce((n: number, p: { count: number }) => n + p.count, 0)).toBe(1);
    },
  },
  // Annex 3 of a sent recommendation of NX: who reads NX's recommendation (a sent one, written straight into the read model)
  ...(['pdf', 'xlsx'] as const).map((ext): Row => ({
    method: 'get',
    path: `/api/recommendations/:id/annex3.${ext}`,
    allowed: READ_UNIT,
    build: async (w) => ({
      path: `/api/recommendations/${encodeURIComponent(await sentRecommendation(w))}/annex3.${ext}`,
    }),
    verify: (res) => expect(res.status).toBe(200),
  })),
  // the unit's applicants' deadline: its commerce department alone sets it
  {
    method: 'put',
    path: '/api/rounds/:id/units/:unit/deadline',
    allowed: ['provincialOwnParty'],
    build: async (w) => {
      const round = await newRound(w.h);
      return {
        path: `/api/rounds/${round.id}/units/${OWN_PROVINCE}/deadline`,
        body: { deadline: new Date(Date.now() + 86_400_000).toISOString(), reason: 'Earlier, to review in time' },
        snapshot: async () => [
          await w.h.db.unitDeadline.findMany({ where: { roundId: round.id } }),
          await auditCount(w, { roundId: round.id }),
        ],
      };
    },
    verify: (res) => expect(res.body.source).toBe('unit'),
  },
  {
    method: 'post',
    path: '/api/rounds/:id/objections',
    // anyone logged in but an auditor (read-only) may object during a public notice; past the checks
    // the objection goes to the round's selection workflow, which does not exist here: 409 no_public_notice
    allowed: ACTORS.filter((a) => a !== 'auditor' && !isEvaluator(a)),
    allowedStatus: [409],
    build: (w) => ({
      path: `/api/rounds/${w.noticeRoundId}/objections`,
      body: { applicationId: w.appId, reason: 'Its infrastructure figures are overstated' },
      snapshot: async () => [
        await w.h.db.objection.findMany({ where: { roundId: w.noticeRoundId }, orderBy: { id: 'asc' } }),
        await auditCount(w, { roundId: w.noticeRoundId }),
      ],
    }),
    verify: (res) => expect(res.body.error.code).toBe('no_public_notice'),
  },
  {
    method: 'get',
    path: '/api/rounds/:id/objections',
    // everyone may list, but only officers, auditors and admins see every objection; anyone else their own
    allowed: ACTORS,
    build: (w) => ({ path: `/api/rounds/${w.noticeRoundId}/objections` }),
    verify: (res, actor, w) => {
      const sees = [...OFFICERS, 'auditor', 'admin', 'applicantOwn'].includes(actor);
      expect((res.body as { id: string }[]).map((o) => o.id)).toEqual(sees ? [w.noticeObjectionId] : []);
    },
  },
  {
    method: 'post',
    path: '/api/objections/:id/resolve',
    allowed: ['nationalMofcom'],
    // past the checks the resolution goes to the round's selection workflow, which does not exist here: 409 no_public_notice
    allowedStatus: [409],
    build: (w) => ({
      path: `/api/objections/${w.noticeObjectionId}/resolve`,
      body: { outcome: 'dismiss', reason: 'Checked against the statistics bureau’s figures' },
      snapshot: async () => [
        await w.h.db.objection.findUnique({ where: { id: w.noticeObjectionId } }),
        await auditCount(w, { roundId: w.noticeRoundId }),
      ],
    }),
    verify: (res) => expect(res.body.error.code).toBe('no_public_notice'),
  },
  {
    method: 'post',
    path: '/api/users',
    allowed: ['admin'],
    build: (w) => {
      const username = `perm-user-${unique()}`;
      return {
        path: '/api/users',
        body: {
          username,
          password: 'a-long-enough-secret',
          role: 'provincial_officer',
          displayName: '权限测试',
          departmentId: 'NX.COMMERCE',
        },
        snapshot: async () => [
          await w.h.db.user.count({ where: { username } }),
          await w.h.db.auditEvent.count({
            where: { action: 'user_created', detail: { path: ['username'], equals: username } },
          }),
        ],
      };
    },
    verify: (res) => expect(res.body).toMatchObject({ role: 'provincial_officer', departmentId: 'NX.COMMERCE' }),
  },
  {
    method: 'get',
    path: '/api/users',
    allowed: ['admin'],
    build: () => ({ path: '/api/users?q=perm.' }),
    verify: (res, _actor, w) => {
      expect(res.body.items.map((u: { id: string }) => u.id)).toContain(w.actors.admin.id);
      expect(JSON.stringify(res.body)).not.toContain('passwordHash');
    },
  },
  {
    method: 'post',
    path: '/api/users/:id/password',
    allowed: ['admin'],
    build: async (w) => {
      const target = await accountTarget(w);
      return {
        path: `/api/users/${target.id}/password`,
        body: { newPassword: `perm-reset-${unique()}-secret` },
        snapshot: () => accountState(w, target.id),
      };
    },
    verify: (res) => expect(res.status).toBe(204),
  },
  {
    method: 'post',
    path: '/api/users/:id/deactivate',
    allowed: ['admin'],
    build: async (w) => {
      const target = await accountTarget(w);
      return {
        path: `/api/users/${target.id}/deactivate`,
        body: { reason: 'Left the department' },
        snapshot: () => accountState(w, target.id),
      };
    },
    verify: (res) => expect(res.body.deactivatedAt).toEqual(expect.any(String)),
  },
  {
    method: 'post',
    path: '/api/users/:id/reactivate',
    allowed: ['admin'],
    build: async (w) => {
      const target = await accountTarget(w, true);
      return {
        path: `/api/users/${target.id}/reactivate`,
        body: { reason: 'Back from secondment' },
        snapshot: () => accountState(w, target.id),
      };
    },
    verify: (res) => expect(res.body.deactivatedAt).toBeNull(),
  },
  {
    method: 'post',
    path: '/api/me/password',
    allowed: ACTORS,
    build: () => ({
      path: '/api/me/password',
      body: { currentPassword: DEMO_PASSWORD, newPassword: `perm-own-${unique()}-secret` },
    }),
    verify: async (res, actor, w, call) => {
      expect(res.status).toBe(204);
      const { id, username, token } = w.actors[actor];
      expect(
        (
          await send(w.h.baseUrl, 'POST', '/api/auth/login', {
            body: { username, password: (call.body as { newPassword: string }).newPassword },
          })
        ).status,
      ).toBe(200);
      expect((await send(w.h.baseUrl, 'GET', '/api/me', { token })).status).toBe(200); // the session it was changed with lives on
      // the demo password back, for the other rows' logins
      await w.h.db.user.update({ where: { id }, data: { passwordHash: await hashPassword(DEMO_PASSWORD) } });
    },
  },
  {
    method: 'get',
    path: '/api/mailboxes',
    allowed: ['auditor', 'admin'],
    build: () => ({ path: '/api/mailboxes?province=NX' }),
  },
  {
    method: 'put',
    path: '/api/mailboxes/:departmentId',
    allowed: ['admin'],
    build: (w) => ({
      path: `/api/mailboxes/${encodeURIComponent(w.mailboxDepartmentId)}`,
      body: { email: `perm-${unique()}@pilotflow.example.org` },
      snapshot: async () => [
        await w.h.db.department.findUnique({ where: { id: w.mailboxDepartmentId } }),
        await auditCount(w, { eventKey: { startsWith: `mailbox/${w.mailboxDepartmentId}/` } }),
      ],
    }),
    verify: (res, _actor, _w, call) => expect(res.body.email).toBe((call.body as { email: string }).email),
  },
  {
    method: 'get',
    path: '/api/notifications',
    allowed: ['auditor', 'admin'],
    build: () => ({ path: '/api/notifications?limit=1' }),
  },
  { method: 'get', path: '/api/outbox', allowed: ['admin'], build: () => ({ path: '/api/outbox?limit=1' }) },
  {
    method: 'get',
    path: '/api/applications',
    // everyone may list, but the list holds only what the actor may read
    allowed: ACTORS,
    // applicantOwn's list is all of its own (its drafts are in rounds of their own); the others' is the round's
    build: (w, actor) => ({
      path: actor === 'applicantOwn' ? '/api/applications' : `/api/applications?roundId=${w.roundId}`,
    }),
    verify: async (res, actor, w) => {
      const ids = (res.body as { id: string }[]).map((a) => a.id);
      // (the evaluator lists the pilot it reports on, though it reads only its self-assessment)
      if (READ_APPLICATION.includes(actor) || actor === 'evaluatorOwn') expect(ids).toContain(w.appId);
      else expect(ids).not.toContain(w.appId);
      // a never-submitted draft is listed to its applicant alone: the drafts' rounds list nothing to the others
      if (actor === 'applicantOwn') expect(ids).toEqual(expect.arrayContaining([w.submittableId, w.incompleteId]));
      else
        for (const roundId of w.draftRoundIds) {
          const listed = await send(w.h.baseUrl, 'GET', `/api/applications?roundId=${roundId}`, {
            token: w.actors[actor].token,
          });
          expect({ roundId, listed: listed.body }).toEqual({ roundId, listed: [] });
        }
    },
  },
  {
    method: 'post',
    path: '/api/applications',
    allowed: ['applicantOwn', 'applicantOther'],
    build: (w) => ({
      path: '/api/applications',
      body: { roundId: w.declarationRoundId, annex: { cityName: '中卫市' } },
      snapshot: () => w.h.db.application.count({ where: { roundId: w.declarationRoundId } }),
    }),
  },
  {
    method: 'get',
    path: '/api/applications/:id',
    allowed: READ_APPLICATION,
    build: (w) => ({ path: `/api/applications/${w.appId}` }),
    verify: (res, _actor, w) => expect(res.body.id).toBe(w.appId),
  },
  {
    method: 'get',
    path: '/api/applications/:id/pdf',
    allowed: READ_APPLICATION,
    build: (w) => ({ path: `/api/applications/${w.appId}/pdf` }),
    verify: (res) => expect(String(res.body).slice(0, 5)).toBe('%PDF-'),
  },
  {
    method: 'get',
    path: '/api/applications/:id/timeline',
    allowed: AUDIT_APPLICATION,
    build: (w) => ({ path: `/api/applications/${w.appId}/timeline` }),
    verify: (res, _actor, w) => expect(res.body.applicationId).toBe(w.appId),
  },
  {
    method: 'put',
    path: '/api/applications/:id',
    allowed: ['applicantOwn'],
    build: (w) => ({
      path: `/api/applications/${w.appId}`,
      body: { annex: cityAnnex({ targets: `revised ${unique()}` }) },
      snapshot: () => appRow(w, w.appId),
    }),
  },
  {
    method: 'post',
    path: '/api/applications/:id/submit',
    allowed: ['applicantOwn'],
    // The allowed actor submits a draft missing required fields: 400 at validation, which comes
    // after the ownership check and before the workflow. The others try to resubmit the returned
    // application, which would reach its workflow if they got through (a never-submitted draft
    // they would not even find: 404, test/visibility.test.ts).
    allowedStatus: [400],
    build: (w, _actor, allowed) => {
      const id = allowed ? w.incompleteId : w.appId;
      return {
        path: `/api/applications/${id}/submit`,
        snapshot: async () => [await appRow(w, id), await auditCount(w, { applicationId: id })],
      };
    },
    verify: (res) => expect(res.body.error.code).toBe('invalid_input'),
  },
  {
    method: 'get',
    path: '/api/tasks',
    allowed: ACTORS.filter((a) => a !== 'applicantOwn' && a !== 'applicantOther'),
    build: (w) => ({ path: `/api/tasks?applicationId=${w.appId}&status=all` }),
    // the inbox holds the actor's department's tasks, the expert's own seat, or (read-only) all
    verify: (res, actor, w) => {
      const all = [w.commerceTaskId, w.environmentTaskId, w.expertSeatId, w.evaluatorTaskId, w.decidedTaskId];
      const sees: Partial<Record<ActorName, string[]>> = {
        provincialOwnParty: [w.commerceTaskId, w.decidedTaskId],
        provincialOwnOtherParty: [w.environmentTaskId],
        expertOwn: [w.expertSeatId],
        evaluatorOwn: [w.evaluatorTaskId],
        auditor: all,
        admin: all,
      };
      expect((res.body.items as { id: string }[]).map((t) => t.id).sort()).toEqual((sees[actor] ?? []).sort());
    },
  },
  // 知会: each user's own mail (their department's or their own); applicants hear as an organisation
  {
    method: 'get',
    path: '/api/inbox/copied',
    allowed: ACTORS.filter((a) => a !== 'applicantOwn' && a !== 'applicantOther'),
    build: (w) => ({ path: `/api/inbox/copied?round=${w.roundId}` }),
    verify: (res) => expect(Array.isArray(res.body.items)).toBe(true),
  },
  // 批量通过: officers only; each task then answers for itself (NX.COMMERCE's goes to the workflow,
  // 'none' here: review_closed; anyone else's: not_your_task), and nothing changes
  {
    method: 'post',
    path: '/api/tasks/batch-decision',
    allowed: OFFICERS,
    build: (w) => ({
      path: '/api/tasks/batch-decision',
      body: { batchId: '0b7c6f0e-3a52-4d8e-9a43-5f1f6a1c2d3e', taskIds: [w.commerceTaskId], decision: 'approve' },
      snapshot: () => taskState(w, w.commerceTaskId),
    }),
    verify: (res, actor, w) =>
      expect(res.body.results).toEqual([
        {
          taskId: w.commerceTaskId,
          ok: false,
          code: actor === 'provincialOwnParty' ? 'review_closed' : 'not_your_task',
          message: expect.any(String),
        },
      ]),
  },
  // read-only too: MOFCOM (every task) and the province's commerce department (its joint review's; here its own task anyway)
  {
    method: 'get',
    path: '/api/tasks/:id',
    allowed: ['provincialOwnParty', 'nationalMofcom', 'expertOwn', 'evaluatorOwn', 'auditor', 'admin'],
    build: (w, actor) => ({ path: `/api/tasks/${task(taskFor(w, actor))}` }),
    verify: (res, actor, w) => expect(res.body.id).toBe(taskFor(w, actor)),
  },
  {
    method: 'post',
    path: '/api/tasks/:id/decision',
    allowed: ['provincialOwnParty', 'expertOwn', 'evaluatorOwn'],
    // past authorization, shape and state checks the decision goes to the task's workflow, which
    // does not exist here ('none'): 409 review_closed
    allowedStatus: [409],
    build: (w, actor) => {
      const id = taskFor(w, actor);
      return {
        path: `/api/tasks/${task(id)}/decision`,
        body: isExpert(actor)
          ? { decision: 'decline', reason: 'Conflict of interest' }
          : isEvaluator(actor)
            ? { decision: 'report', report: 'Progress as planned', proposedGrade: 'good' }
            : { decision: 'approve' },
        snapshot: () => taskState(w, id),
      };
    },
    verify: (res) => expect(res.body.error.code).toBe('review_closed'),
  },
  {
    method: 'post',
    path: '/api/tasks/:id/return',
    // 退回 is the stage's return decision: NX.COMMERCE's goes to the workflow ('none': 409
    // review_closed); an expert's seat has no previous step (409 no_previous_step)
    allowed: ['provincialOwnParty', 'expertOwn', 'evaluatorOwn'],
    allowedStatus: [409],
    build: (w, actor) => {
      const id = taskFor(w, actor);
      return {
        path: `/api/tasks/${task(id)}/return`,
        body: { reason: 'Annex 1 lacks the targets' },
        snapshot: () => taskState(w, id),
      };
    },
    verify: (res, actor) =>
      expect(res.body.error.code).toBe(isExpert(actor) || isEvaluator(actor) ? 'no_previous_step' : 'review_closed'),
  },
  deskRow('claim', () => DESK_NOTE),
  deskRow('release', () => DESK_NOTE),
  deskRow('transfer', (w) => ({ username: w.commerceColleague.username, reason: 'Her portfolio' })),
  deskRow('delegate', (w) => ({ username: w.commerceColleague.username, reason: 'While I am away' })),
  deskRow('take-back', () => DESK_NOTE),
  // the lead of the task's stage: NX.COMMERCE over NX.ENVIRONMENT's task (experts ask about their seat)
  {
    ...deskRow('reassign', (w) => ({
      username: w.actors.provincialOwnOtherParty.username,
      reason: 'Overdue: please take it',
    })),
    build: (w, actor) => {
      const id = isExpert(actor) ? w.expertSeatId : w.environmentTaskId;
      return {
        path: `/api/tasks/${task(id)}/reassign`,
        body: { username: w.actors.provincialOwnOtherParty.username, reason: 'Overdue: please take it' },
        snapshot: () => taskState(w, id),
      };
    },
  },
  // 催办: MOFCOM any task, NX.COMMERCE (lead of NX) its province's; each cell urges a fresh open task of NX.ENVIRONMENT
  {
    method: 'post',
    path: '/api/tasks/:id/urge',
    allowed: ['provincialOwnParty', 'nationalMofcom'],
    build: async (w) => {
      const id = `${w.appId}:urge:${unique()}`;
      await w.h.db.task.create({
        data: {
          id,
          applicationId: w.appId,
          workflowId: 'none',
          stage: 'provincialReview',
          reviewRound: 1,
          departmentId: 'NX.ENVIRONMENT',
          provinceCode: 'NX',
          dueAt: new Date(Date.now() - 3600_000),
        },
      });
      return {
        path: `/api/tasks/${task(id)}/urge`,
        snapshot: async () => [
          await taskRow(w, id),
          await auditCount(w, { applicationId: w.appId }),
          await w.h.db.notification.count({ where: { taskId: id } }),
        ],
      };
    },
    verify: async (res, _actor, w, call) => {
      expect(res.body.mailed).toBe(1);
      const id = decodeURIComponent(call.path.split('/')[3]);
      expect(await w.h.db.auditEvent.count({ where: { taskId: id, action: 'task_urged' } })).toBe(1);
    },
  },
  // who decided it may withdraw the decision (the workflow, 'none' here, says whether it still can: 409 next_step_started)
  {
    method: 'post',
    path: '/api/tasks/:id/withdraw',
    allowed: ['provincialOwnParty'],
    allowedStatus: [409],
    build: (w) => ({
      path: `/api/tasks/${task(w.decidedTaskId)}/withdraw`,
      body: { reason: 'Approved the wrong application' },
      snapshot: () => taskState(w, w.decidedTaskId),
    }),
    verify: (res) => expect(res.body.error.code).toBe('next_step_started'),
  },
  {
    method: 'post',
    path: '/api/tasks/:id/attachments',
    // whoever may decide the task: its department's officer, the expert in the seat, the evaluator holding it
    allowed: ['provincialOwnParty', 'expertOwn', 'evaluatorOwn'],
    build: (w, actor) => {
      const id = taskFor(w, actor);
      return {
        path: `/api/tasks/${task(id)}/attachments?name=opinion.txt`,
        body: 'signed opinion',
        headers: { 'content-type': 'text/plain' },
        snapshot: () => taskState(w, id),
      };
    },
    verify: (res, actor, w) =>
      expect(res.body).toMatchObject({ name: 'opinion.txt', size: 14, uploadedById: w.actors[actor].id }),
  },
  {
    method: 'get',
    path: '/api/attachments/:id',
    // whoever may read its task (and its uploader, who is here also its task's worker)
    allowed: ['provincialOwnParty', 'nationalMofcom', 'expertOwn', 'auditor', 'admin'],
    build: (w, actor) => ({
      path: `/api/attachments/${isExpert(actor) ? w.expertAttachmentId : w.commerceAttachmentId}`,
    }),
    verify: (res) => {
      expect(res.body).toBe('opinion');
      expect(res.headers.get('x-content-sha256')).toMatch(/^[0-9a-f]{64}$/);
    },
  },
  {
    method: 'get',
    path: '/api/experts',
    allowed: ['nationalMofcom', 'nationalOther', 'auditor', 'admin'],
    build: () => ({ path: '/api/experts' }),
  },
  {
    method: 'post',
    path: '/api/experts',
    allowed: ['nationalMofcom', 'admin'],
    // The allowed actors add an expert under a username already taken: 400 naming it, after the
    // authorization and the validation. Really adding one would grow the pool that
    // expertReview.test.ts counts, and wake other files' waiting panels. The others try a new
    // username, which would add an expert if they got through.
    allowedStatus: [400],
    build: (w, _actor, allowed) => {
      const username = allowed ? w.actors.expertOther.username : `perm-new-${unique()}`;
      return {
        path: '/api/experts',
        body: {
          username,
          password: 'long-enough-password',
          name: 'Permissions Expert',
          fields: ['logistics'],
          provinceCode: null,
          bodies: ['MOFCOM'],
        },
        snapshot: async () => [
          await w.h.db.user.findUnique({ where: { username } }),
          await w.h.db.expert.count({ where: { name: 'Permissions Expert' } }),
        ],
      };
    },
    verify: (res) =>
      expect(res.body.error.fields).toEqual([expect.objectContaining({ field: 'username', code: 'taken' })]),
  },
  {
    method: 'post',
    path: '/api/experts/:id/conflicts',
    allowed: ['expertOwn', 'nationalMofcom', 'admin'],
    build: (w) => ({
      path: `/api/experts/${w.expertOwnPoolId}/conflicts`,
      body: { organizationId: w.applicantOtherOrgId, reason: `Former adviser ${unique()}` },
      snapshot: () => w.h.db.expertConflict.findMany({ where: { expertId: w.expertOwnPoolId } }),
    }),
  },
  {
    method: 'get',
    path: '/api/pilots/:id',
    // and its evaluator, who reads only the pilot's self-assessments (test/thirdPartyEvaluation.test.ts)
    allowed: [...READ_APPLICATION, 'evaluatorOwn'],
    build: (w) => ({ path: `/api/pilots/${w.appId}` }),
    verify: (res, _actor, w) => expect(res.body.id).toBe(w.appId),
  },
  {
    method: 'get',
    path: '/api/pilots/:id/timeline',
    allowed: AUDIT_APPLICATION,
    build: (w) => ({ path: `/api/pilots/${w.appId}/timeline?format=csv` }),
  },
  {
    method: 'post',
    path: '/api/pilots/:id/reports/:quarter',
    allowed: ['applicantOwn'],
    // past authorization and validation the report goes to the quarter's workflow, which does not
    // exist here: 409 report_not_open
    allowedStatus: [409],
    build: (w) => ({
      path: `/api/pilots/${w.appId}/reports/1`,
      body: {
        progress: [{ task: 'INDUSTRY_SUPPLY_CHAIN', summary: '建成公共服务平台' }],
        indicators: [{ name: '平台企业', value: 12, unit: '家' }],
        problems: '',
      },
      snapshot: async () => [
        await w.h.db.quarterlyReport.findUnique({ where: { id: `${w.appId}:q1` } }),
        await auditCount(w, { applicationId: w.appId }),
      ],
    }),
    verify: (res) => expect(res.body.error.code).toBe('report_not_open'),
  },
  {
    method: 'post',
    path: '/api/pilots/:id/major-reports',
    allowed: ['applicantOwn'],
    // the allowed actor really files it (its delivery workflow waits: no worker runs here)
    build: (w) => ({
      path: `/api/pilots/${w.appId}/major-reports`,
      body: { kind: 'major_progress', summary: '首批企业上线', details: '12家企业接入公共服务平台' },
      snapshot: () => w.h.db.majorReport.findMany({ where: { pilotId: w.appId } }),
    }),
  },
  {
    method: 'post',
    path: '/api/pilots/:id/evaluations/:stage/self-assessment',
    allowed: ['applicantOwn'],
    // past authorization and validation it goes to the evaluation's workflow, which does not exist
    // here: 409 evaluation_not_open
    allowedStatus: [409],
    build: (w) => ({
      path: `/api/pilots/${w.appId}/evaluations/midterm/self-assessment`,
      body: { summary: '按计划推进', achievements: '平台上线', replicablePractice: '政企协同', proposedGrade: 'good' },
      snapshot: async () => [
        await w.h.db.evaluation.findMany({ where: { pilotId: w.appId } }),
        await auditCount(w, { applicationId: w.appId }),
      ],
    }),
    verify: (res) => expect(res.body.error.code).toBe('evaluation_not_open'),
  },
  {
    method: 'get',
    path: '/api/practices',
    // a province's officers read their province's pilots' practices (GS: none of NX's); the bodies, auditors, admins all
    allowed: [
      'provincialOwnParty',
      'provincialOwnOtherParty',
      'provincialOtherProvince',
      'nationalMofcom',
      'nationalOther',
      'auditor',
      'admin',
    ],
    build: async (w) => {
      await practiceOf(w);
      return { path: '/api/practices?pageSize=200' };
    },
    verify: (res, actor, w) => {
      const pilots = res.body.items.map((p: { pilotId: string }) => p.pilotId);
      if (actor === 'provincialOtherProvince') expect(pilots).not.toContain(w.appId);
      else expect(pilots).toContain(w.appId);
    },
  },
  {
    method: 'post',
    path: '/api/practices/:id/review',
    allowed: ['nationalMofcom'],
    // each cell reviews a practice of its own, so the allowed one publishes it
    build: async (w) => {
      const id = await practiceOf(w);
      return {
        path: `/api/practices/${encodeURIComponent(id)}/review`,
        body: { decision: 'publish', note: '具有推广价值' },
        snapshot: () => w.h.db.practice.findUnique({ where: { id } }),
      };
    },
  },
  {
    method: 'post',
    path: '/api/pilots/:id/incentives',
    // the eight bodies, and the departments of the pilot's own province (NX), record what they granted
    allowed: ['provincialOwnParty', 'provincialOwnOtherParty', 'nationalMofcom', 'nationalOther'],
    build: (w) => ({
      path: `/api/pilots/${w.appId}/incentives`,
      body: { kind: 'guidance_training', note: '组织供应链专题培训', grantedOn: '2026-01-05' },
      snapshot: async () => [
        await w.h.db.pilotIncentive.findMany({ where: { pilotId: w.appId } }),
        await auditCount(w, { applicationId: w.appId }),
      ],
    }),
  },
  {
    method: 'get',
    path: '/api/evaluators',
    allowed: ['nationalMofcom', 'nationalOther', 'auditor', 'admin'],
    build: () => ({ path: '/api/evaluators' }),
    verify: (res, _actor, w) =>
      expect(res.body.items.map((e: { id: string }) => e.id)).toEqual(
        expect.arrayContaining([w.actors.evaluatorOwn.id, w.actors.evaluatorOther.id]),
      ),
  },
  {
    method: 'get',
    path: '/api/rounds/:id/evaluator',
    allowed: ['nationalMofcom', 'nationalOther', 'auditor', 'admin'],
    build: (w) => ({ path: `/api/rounds/${w.roundId}/evaluator` }),
    verify: (res, _actor, w) => expect(res.body.roundId).toBe(w.roundId),
  },
  {
    method: 'put',
    path: '/api/rounds/:id/evaluator',
    // the allowed appoint evaluatorOwn to the world's round (again: the same appointment, no new record)
    allowed: ['nationalMofcom', 'admin'],
    build: (w) => ({
      path: `/api/rounds/${w.roundId}/evaluator`,
      body: { userId: w.actors.evaluatorOwn.id },
      snapshot: async () => [
        await w.h.db.round.findUnique({ where: { id: w.roundId }, select: { evaluatorId: true } }),
        await auditCount(w, { roundId: w.roundId }),
      ],
    }),
    verify: (res, _actor, w) => expect(res.body.evaluator.id).toBe(w.actors.evaluatorOwn.id),
  },
  {
    method: 'post',
    path: '/api/pilots/:id/removal',
    allowed: ['nationalMofcom'],
    // past authorization and validation it goes to the pilot's workflow, which does not exist here: 409 pilot_ended
    allowedStatus: [409],
    build: (w) => ({
      path: `/api/pilots/${w.appId}/removal`,
      body: { grounds: ['major_problem'], reason: '发生重大问题' },
      snapshot: async () => [
        await w.h.db.pilotRemoval.findMany({ where: { pilotId: w.appId } }),
        await auditCount(w, { applicationId: w.appId }),
      ],
    }),
    verify: (res) => expect(res.body.error.code).toBe('pilot_ended'),
  },
  {
    method: 'post',
    path: '/api/applications/:id/title/revocation',
    allowed: ['nationalMofcom'],
    // past authorization and validation: the application holds no title, 409 not_titled
    allowedStatus: [409],
    build: (w) => ({
      path: `/api/applications/${w.appId}/title/revocation`,
      body: { grounds: ['major_problem'], reason: '发生重大问题' },
      snapshot: async () => [
        await w.h.db.titleReview.findMany({ where: { applicationId: w.appId } }),
        await auditCount(w, { applicationId: w.appId }),
      ],
    }),
    verify: (res) => expect(res.body.error.code).toBe('not_titled'),
  },
];

let h: Harness;
let w: World;

beforeAll(async () => {
  // no worker: nothing runs behind the calls, so "nothing changed" is read at once
  h = await startHarness({ worker: false });
  w = await buildWorld(h);
});
afterAll(() => h?.stop());

const key = (op: { method: string; path: string }) => `${op.method.toUpperCase()} ${op.path}`;

/** The call, or an error after 10 s: a call that got past authorization to a workflow would wait for a worker forever. */
async function call(actor: ActorName | undefined, row: Row, c: Call) {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new Error(
            `${row.method.toUpperCase()} ${c.path} as ${actor}: no answer within 10 s — it got past authorization and waits on a workflow`,
          ),
        ),
      10_000,
    );
  });
  try {
    return await Promise.race([
      send(h.baseUrl, row.method.toUpperCase(), c.path, {
        token: c.token ?? (actor && w.actors[actor].token),
        body: c.body,
        headers: c.headers,
      }),
      late,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

test('when the matrix is set beside OPERATIONS, then every operation has exactly one row, every row an operation, and the public ones agree', () => {
  expect(ROWS.map(key).sort()).toEqual(OPERATIONS.map(key).sort());
  expect(
    ROWS.filter((r) => r.open)
      .map(key)
      .sort(),
  ).toEqual(
    OPERATIONS.filter((op) => op.open)
      .map(key)
      .sort(),
  );
});

describe.each(OPERATIONS.map((op) => [key(op), op] as const))('%s', (name, op) => {
  const row = ROWS.find((r) => key(r) === name);
  if (!row) {
    test('when the matrix is looked up, then it has a row for this route', () => {
      throw new Error(`${name} has no row in test/permissions.test.ts: add one saying who may call it`);
    });
    return;
  }

  if (op.open) {
    test('when called without a token, then it answers: the route is public', async () => {
      const c = await row.build(w, 'applicantOwn', true);
      const res = await call(undefined, row, c);
      const ok = (res.status >= 200 && res.status < 300) || (row.allowedStatus ?? []).includes(res.status);
      expect({ status: res.status, ok }).toEqual({ status: res.status, ok: true });
      await row.verify?.(res, 'applicantOwn', w, c);
    });
    return;
  }

  test('when called without a token or with an unknown one, then 401', async () => {
    for (const token of [undefined, 'not-a-session-token']) {
      const res = await send(h.baseUrl, op.method.toUpperCase(), fill(op.path), {
        token,
        body: op.method === 'get' ? undefined : {},
      });
      expect({ token, status: res.status }).toEqual({ token, status: 401 });
    }
  });

  // the forbidden first, so what they might have changed is still there for the allowed to find
  const forbidden = ACTORS.filter((a) => !row.allowed.includes(a));
  const allowed = ACTORS.filter((a) => row.allowed.includes(a));

  if (forbidden.length)
    test.each(forbidden)('when %s calls it, then 403 and nothing changes', async (actor) => {
      const c = await row.build(w, actor, false);
      if (row.method !== 'get' && !c.snapshot)
        throw new Error(`${name}: a route that may change something needs a snapshot in its row`);
      const state = async () => json(await Promise.all([footprint(w, actor), c.snapshot?.()]));
      const before = await state();
      const res = await call(actor, row, c);
      expect({ status: res.status, body: res.body }).toMatchObject({ status: 403 });
      expect(await state()).toEqual(before);
    });

  if (allowed.length)
    test.each(allowed)('when %s calls it, then it gets through', async (actor) => {
      const c = await row.build(w, actor, true);
      const res = await call(actor, row, c);
      const through = (res.status >= 200 && res.status < 300) || (row.allowedStatus ?? []).includes(res.status);
      expect({ status: res.status, body: res.body, through }).toMatchObject({ through: true });
      await row.verify?.(res, actor, w, c);
    });
});
