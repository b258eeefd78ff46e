// The permission matrix's cast and world (test/permissions.test.ts): one user of each kind that
// matters to a route — own or other organisation, party, province, body, expert seat — and the
// records they act on, all written for this file alone (province NX is "own", GS is "other"), so
// no other test's data is read or changed and no demo account is relied on.
import crypto from 'node:crypto';
import { hashPasswordSync } from '../../platform/passwords';
import { DEMO_PASSWORD } from '../../platform/seed';
import { cityAnnex } from './fixtures';
import { login, newApplicant, newRound, type Harness } from './harness';

export const OWN_PROVINCE = 'NX';
export const OTHER_PROVINCE = 'GS';

/** Everyone the matrix asks, in the order the cells run. */
export const ACTORS = [
  'applicantOwn', // the applicant organisation of the application (NX city)
  'applicantOther', // another applicant organisation (GS city)
  'provincialOwnParty', // an officer of NX.COMMERCE: the task's department, and lead of the NX parties
  'provincialOwnOtherParty', // an officer of NX.ENVIRONMENT: same province, another party
  'provincialOtherProvince', // an officer of GS.COMMERCE: the same party in another province
  'nationalMofcom', // an officer of MOFCOM, the lead body
  'nationalOther', // an officer of MIIT, another national body
  'expertOwn', // an expert holding a seat (a task) on the application
  'expertOther', // an expert with no seat on it
  'evaluatorOwn', // a third-party evaluator holding the report task on the application's mid-term
  'evaluatorOther', // a third-party evaluator with no task on it
  'auditor',
  'admin',
] as const;

export type ActorName = (typeof ACTORS)[number];

export interface Actor {
  name: ActorName;
  id: string;
  username: string;
  token: string;
}

/** What the rows act on. */
export interface World {
  h: Harness;
  actors: Record<ActorName, Actor>;
  /** an open round of this file's own */
  roundId: string;
  /** applicantOwn's application (NX), submitted and returned, with the tasks below; also the id of its pilot */
  appId: string;
  /** applicantOwn's complete draft, ready to submit, never submitted: listed to applicantOwn alone */
  submittableId: string;
  /** applicantOwn's draft missing required fields: submitting it stops at validation, after authorization */
  incompleteId: string;
  /** the open rounds of submittableId and incompleteId, one each (one application per applicant per round) */
  draftRoundIds: [string, string];
  /** an open round in which no applicant of this file has declared: where the allowed create a draft */
  declarationRoundId: string;
  /** open provincial-review task of NX.COMMERCE on appId (workflowId 'none': written straight into the read model) */
  commerceTaskId: string;
  /** open provincial-review task of NX.ENVIRONMENT on appId: NX.COMMERCE leads it, so may reassign it */
  environmentTaskId: string;
  /** expertOwn's open expert-review seat on appId */
  expertSeatId: string;
  /** evaluatorOwn's open third-party report task on appId's mid-term */
  evaluatorTaskId: string;
  /** a provincial-review task of NX.COMMERCE on appId that provincialOwnParty has decided (so may withdraw) */
  decidedTaskId: string;
  /** another officer of NX.COMMERCE (not an actor): whom a task of NX.COMMERCE is transferred or delegated to */
  commerceColleague: { id: string; username: string };
  /** a file on commerceTaskId uploaded by provincialOwnParty, and one on expertSeatId uploaded by expertOwn */
  commerceAttachmentId: string;
  expertAttachmentId: string;
  /** expertOwn's entry in the pool */
  expertOwnPoolId: string;
  applicantOtherOrgId: string;
  /** a round with a selection row (no workflow) */
  selectionRoundId: string;
  /** a round whose list (appId on it) is in public notice (no workflow), with an open objection applicantOwn filed */
  noticeRoundId: string;
  noticeObjectionId: string;
  /** a provincial department of this file's own, whose mailbox may be changed */
  mailboxDepartmentId: string;
}

export const isExpert = (actor: ActorName) => actor === 'expertOwn' || actor === 'expertOther';
export const isEvaluator = (actor: ActorName) => actor === 'evaluatorOwn' || actor === 'evaluatorOther';

/** A route's answer: the body parsed when it is JSON, else its text. */
export interface Answer {
  status: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
  headers: Headers;
}

/** An HTTP call (like the harness's http, but an answer need not be JSON: attachments are files). */
export async function send(
  baseUrl: string,
  method: string,
  path: string,
  opts: { token?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<Answer> {
  const res = await fetch(baseUrl + path, {
    method,
    headers: {
      'accept-language': 'en',
      ...(opts.body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}),
      ...opts.headers,
    },
    body: opts.body === undefined ? undefined : typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body),
  });
  const text = await res.text();
  const isJson = (res.headers.get('content-type') ?? '').includes('json');
  return { status: res.status, body: isJson && text ? JSON.parse(text) : text, headers: res.headers };
}

/** One call in one cell of the matrix. */
export interface Call {
  path: string;
  /** JSON, or a string sent as it is (with its content-type in headers, e.g. an upload) */
  body?: unknown;
  headers?: Record<string, string>;
  /** instead of the actor's session token (e.g. a fresh one for logout) */
  token?: string;
  /**
   * What the call could change, read straight from the database (or Temporal): compared before and
   * after every forbidden call. Required for every route but GET.
   */
  snapshot?: () => Promise<unknown>;
}

export interface Row {
  method: 'get' | 'post' | 'put';
  /** the Express path, exactly as in OPERATIONS */
  path: string;
  /** public: no token needed (health, openapi.json, login) */
  open?: true;
  /** who gets through; everyone else must get 403 and change nothing */
  allowed: readonly ActorName[];
  /**
   * Statuses other than 2xx an allowed actor may get, when the route's business answer lies past
   * the authorization check (the reason belongs in a comment on the row). Default: 2xx only.
   */
  allowedStatus?: readonly number[];
  /**
   * The call the actor makes; called once per cell, so it may make a fresh target. `allowed` says
   * whether the actor is in `allowed`, for rows whose allowed cell needs its own target.
   */
  build(w: World, actor: ActorName, allowed: boolean): Call | Promise<Call>;
  /** further checks on an allowed actor's answer (e.g. that a list shows only what the actor may see) */
  verify?(res: Answer, actor: ActorName, w: World, call: Call): void | Promise<void>;
}

const HASH = hashPasswordSync(DEMO_PASSWORD);
const DAY = 24 * 3600 * 1000;

async function user(
  h: Harness,
  name: ActorName,
  data: { role: string; departmentId?: string; organizationName?: string },
) {
  const username = `perm.${name.toLowerCase()}.${crypto.randomUUID().slice(0, 8)}`;
  const u = await h.db.user.create({
    data: {
      username,
      passwordHash: HASH,
      displayName: `Permissions ${name}`,
      email: `${username}@pilotflow.example.org`,
      ...data,
    },
  });
  return { name, id: u.id, username, token: await login(h, username) };
}

/**
 * An expert outside the panel draw (active: false): expertReview.test.ts counts the eligible pool,
 * so this file must not grow it. Seats are written directly, and access does not look at `active`.
 */
async function expert(h: Harness, name: ActorName) {
  const u = await user(h, name, { role: 'expert' });
  const e = await h.db.expert.create({
    data: {
      userId: u.id,
      name: u.username,
      fields: ['logistics'],
      provinceCode: null,
      bodies: ['MOFCOM'],
      active: false,
    },
  });
  return { actor: u, poolId: e.id };
}

export async function buildWorld(h: Harness): Promise<World> {
  const own = await newApplicant(h, 'city', OWN_PROVINCE);
  const other = await newApplicant(h, 'city', OTHER_PROVINCE);
  const expertOwn = await expert(h, 'expertOwn');
  const expertOther = await expert(h, 'expertOther');
  const colleague = await h.db.user.create({
    data: {
      username: `perm.colleague.${crypto.randomUUID().slice(0, 8)}`,
      passwordHash: HASH,
      role: 'provincial_officer',
      displayName: 'Permissions colleague',
      departmentId: `${OWN_PROVINCE}.COMMERCE`,
    },
  });
  const actors: Record<ActorName, Actor> = {
    applicantOwn: { name: 'applicantOwn', id: own.user.id, username: own.user.username, token: own.token },
    applicantOther: { name: 'applicantOther', id: other.user.id, username: other.user.username, token: other.token },
    provincialOwnParty: await user(h, 'provincialOwnParty', {
      role: 'provincial_officer',
      departmentId: `${OWN_PROVINCE}.COMMERCE`,
    }),
    provincialOwnOtherParty: await user(h, 'provincialOwnOtherParty', {
      role: 'provincial_officer',
      departmentId: `${OWN_PROVINCE}.ENVIRONMENT`,
    }),
    provincialOtherProvince: await user(h, 'provincialOtherProvince', {
      role: 'provincial_officer',
      departmentId: `${OTHER_PROVINCE}.COMMERCE`,
    }),
    nationalMofcom: await user(h, 'nationalMofcom', { role: 'national_officer', departmentId: 'MOFCOM' }),
    nationalOther: await user(h, 'nationalOther', { role: 'national_officer', departmentId: 'MIIT' }),
    expertOwn: expertOwn.actor,
    expertOther: expertOther.actor,
    evaluatorOwn: await user(h, 'evaluatorOwn', { role: 'evaluator', organizationName: 'Permissions evaluator' }),
    evaluatorOther: await user(h, 'evaluatorOther', { role: 'evaluator', organizationName: 'Other evaluator' }),
    auditor: await user(h, 'auditor', { role: 'auditor' }),
    admin: await user(h, 'admin', { role: 'admin' }),
  };

  const round = await newRound(h);
  // an applicant declares once per round: each of applicantOwn's drafts is in a round of its own
  const draftRounds = [await newRound(h), await newRound(h)] as const;
  const declarationRound = await newRound(h);
  const draft = (roundId: string, annex: object) =>
    h.db.application.create({
      data: { roundId, organizationId: own.org.id, kind: 'city', provinceCode: OWN_PROVINCE, annex },
    });
  // submitted once and returned for revision: officers read it, its applicant may still edit it
  // (a never-submitted draft is its applicant's alone: submittableId and incompleteId are such)
  const app = await h.db.application.create({
    data: {
      roundId: round.id,
      organizationId: own.org.id,
      kind: 'city',
      provinceCode: OWN_PROVINCE,
      annex: cityAnnex(),
      status: 'returned',
      submissions: 1,
      submittedAt: new Date(),
    },
  });
  const submittable = await draft(draftRounds[0].id, cityAnnex());
  const incomplete = await draft(draftRounds[1].id, { cityName: '银川市' });

  const dueAt = new Date(Date.now() + 30 * DAY);
  const task = (suffix: string, over: { departmentId?: string; assigneeId?: string; stage: string }) => ({
    id: `${app.id}:perm:${suffix}`,
    applicationId: app.id,
    roundId: round.id,
    workflowId: 'none',
    reviewRound: 1,
    provinceCode: OWN_PROVINCE,
    dueAt,
    ...over,
  });
  const commerce = task('commerce', { stage: 'provincialReview', departmentId: `${OWN_PROVINCE}.COMMERCE` });
  const environment = task('environment', { stage: 'provincialReview', departmentId: `${OWN_PROVINCE}.ENVIRONMENT` });
  const seat = task('expert', { stage: 'expertReview', assigneeId: expertOwn.actor.id });
  const report = task('third-party', { stage: 'evaluationThirdParty', assigneeId: actors.evaluatorOwn.id });
  const decided = {
    ...task('decided', { stage: 'provincialReview', departmentId: `${OWN_PROVINCE}.COMMERCE` }),
    status: 'decided',
    decision: 'approve',
    decidedById: actors.provincialOwnParty.id,
    decidedAt: new Date(),
  };
  await h.db.task.createMany({ data: [commerce, environment, seat, report, decided] });
  const file = (taskId: string, uploadedById: string) =>
    h.db.attachment.create({
      data: {
        taskId,
        uploadedById,
        name: 'opinion.txt',
        contentType: 'text/plain',
        size: 7,
        sha256: crypto.createHash('sha256').update('opinion').digest('hex'),
        data: new Uint8Array(Buffer.from('opinion')),
      },
    });
  const commerceAttachment = await file(commerce.id, actors.provincialOwnParty.id);
  const expertAttachment = await file(seat.id, expertOwn.actor.id);

  // appId is also a running pilot, with quarter 1 due and its mid-term self-assessment open.
  await h.db.pilot.create({
    data: {
      id: app.id,
      roundId: round.id,
      kind: 'city',
      provinceCode: OWN_PROVINCE,
      status: 'running',
      startsAt: new Date(),
      endsAt: new Date(Date.now() + 730 * DAY),
    },
  });
  await h.db.quarterlyReport.create({
    data: { id: `${app.id}:q1`, pilotId: app.id, quarter: 1, status: 'due', dueAt },
  });
  await h.db.evaluation.create({
    data: { id: `${app.id}:midterm`, pilotId: app.id, stage: 'midterm', status: 'self_assessment' },
  });

  const selectionRound = await newRound(h, { deadline: new Date(Date.now() - DAY) });
  await h.db.selection.create({
    data: { roundId: selectionRound.id, status: 'countersigning', proposal: { items: [] } },
  });
  // One countersign task, and a province's compilation task of the same round that a reader of the selection must not see.
  await h.db.task.createMany({
    data: [
      {
        id: `${selectionRound.id}:sel1:MOFCOM`,
        roundId: selectionRound.id,
        workflowId: 'none',
        stage: 'selectionCountersign',
        reviewRound: 1,
        departmentId: 'MOFCOM',
        dueAt,
      },
      {
        id: `${selectionRound.id}:compile:${OWN_PROVINCE}:q1`,
        roundId: selectionRound.id,
        workflowId: 'none',
        stage: 'quarterlyCompilation',
        reviewRound: 1,
        departmentId: `${OWN_PROVINCE}.COMMERCE`,
        provinceCode: OWN_PROVINCE,
        dueAt,
        reason: 'internal note',
      },
    ],
  });

  const noticeRound = await newRound(h, { deadline: new Date(Date.now() - DAY) });
  await h.db.selection.create({
    data: {
      roundId: noticeRound.id,
      status: 'public_notice',
      proposal: { city: [{ applicationId: app.id, rank: 1, score: 80, selected: true }], enterprise: [] },
    },
  });
  const noticeObjection = await h.db.objection.create({
    data: {
      id: crypto.randomUUID(),
      roundId: noticeRound.id,
      applicationId: app.id,
      filedById: actors.applicantOwn.id,
      reason: 'The plan copies another city’s',
    },
  });

  const mailboxDepartmentId = `${OWN_PROVINCE}.PERM_${crypto.randomUUID().slice(0, 8)}`;
  await h.db.department.create({
    data: {
      id: mailboxDepartmentId,
      level: 'provincial',
      provinceCode: OWN_PROVINCE,
      nameZh: '权限测试部门',
      nameEn: 'Permissions test department',
      email: `${mailboxDepartmentId.toLowerCase()}@pilotflow.example.org`,
    },
  });

  return {
    h,
    actors,
    roundId: round.id,
    appId: app.id,
    submittableId: submittable.id,
    incompleteId: incomplete.id,
    draftRoundIds: [draftRounds[0].id, draftRounds[1].id],
    declarationRoundId: declarationRound.id,
    commerceTaskId: commerce.id,
    environmentTaskId: environment.id,
    expertSeatId: seat.id,
    evaluatorTaskId: report.id,
    decidedTaskId: decided.id,
    commerceColleague: { id: colleague.id, username: colleague.username },
    commerceAttachmentId: commerceAttachment.id,
    expertAttachmentId: expertAttachment.id,
    expertOwnPoolId: expertOwn.poolId,
    applicantOtherOrgId: other.org.id,
    selectionRoundId: selectionRound.id,
    noticeRoundId: noticeRound.id,
    noticeObjectionId: noticeObjection.id,
    mailboxDepartmentId,
  };
}

/** What an actor leaves behind anywhere (one round trip): a forbidden call must leave nothing. */
export async function footprint(w: World, actor: ActorName) {
  const id = w.actors[actor].id;
  const [row] = await w.h.db.$queryRaw<Record<string, bigint>[]>`
    SELECT (SELECT count(*) FROM "AuditEvent" WHERE "actorId" = ${id}) AS audit,
           (SELECT count(*) FROM "MajorReport" WHERE "filedById" = ${id}) AS "majorReports",
           (SELECT count(*) FROM "Task" WHERE "decidedById" = ${id}) AS decided,
           (SELECT count(*) FROM "QuarterlyReport" WHERE "submittedById" = ${id}) AS reports,
           (SELECT count(*) FROM "Attachment" WHERE "uploadedById" = ${id}) AS attachments,
           (SELECT count(*) FROM "Objection" WHERE "filedById" = ${id} OR "resolvedById" = ${id}) AS objections`;
  return Object.fromEntries(Object.entries(row).map(([k, v]) => [k, Number(v)]));
}

/** A row as JSON, dates and big integers included, for before/after comparison. */
export const json = (value: unknown) =>
  JSON.parse(JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))) as unknown;

/** The audit trail of an application or round, by count. */
export const auditCount = (
  w: World,
  where: { applicationId?: string; roundId?: string; eventKey?: { startsWith: string } },
) => w.h.db.auditEvent.count({ where });

/** Whether a workflow exists, and its status. */
export async function workflowStatus(w: World, workflowId: string) {
  return w.h.client.workflow
    .getHandle(workflowId)
    .describe()
    .then(
      (d) => d.status.name,
      () => 'none',
    );
}

/** A path with its parameters filled in, e.g. for calls that must fail before any lookup. */
export const fill = (path: string, value = 'x') => path.replace(/:(\w+)/g, value);

export const task = (id: string) => encodeURIComponent(id);
