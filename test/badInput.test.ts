// The bad-input pass: every route of the API (api/openapi.ts OPERATIONS — a new route is covered
// as soon as it is listed there) fed malformed JSON, oversized bodies, wrong-typed bodies and
// fields, bad ids (not a uuid, an unknown uuid, path traversal, very long, NUL, bad escapes) in
// the path and in body fields, and bad query values. Every answer must be a 4xx in the stable
// error shape {error: {code, message, fields?}} — never a 5xx, never a hang — and nothing is
// written: the rows this file's own users, rounds, applications, tasks and pilots could leave or
// change (province AH) are the same before and after each route's cases.
//
// The cases are generated: the body's fields come from the route's zod schema (as JSON Schema),
// its query's keys from its query schema, its path parameters from its Express path. Each route's
// cases are sent as the first of this file's users who gets past authorization (found by a probe
// that cannot write), so validation is really reached. No worker runs: a call that reached a
// workflow would wait forever, and is reported as a hang after 10 s.
import crypto from 'node:crypto';
import { request } from 'node:http';
import querystring from 'node:querystring';
import bcrypt from 'bcryptjs';
import { z } from 'zod';
import { OPERATIONS } from '../api/openapi';
import { DEMO_PASSWORD } from '../platform/seed';
import { cityAnnex } from './support/fixtures';
import { login, newApplicant, newRound, startHarness, type Harness } from './support/harness';

const PROVINCE = 'AH';
const HASH = bcrypt.hashSync(DEMO_PASSWORD, 4);
const DAY = 24 * 3600 * 1000;
/** In every string this file sends that could end up stored, so a stray row would be found. */
const MARK = `badinput-${crypto.randomUUID().slice(0, 8)}`;

type Op = (typeof OPERATIONS)[number];
const key = (op: Pick<Op, 'method' | 'path'>) => `${op.method.toUpperCase()} ${op.path}`;

interface Answer {
  status: number;
  contentType: string;
  text: string;
}

/** One request, exactly as given (node:http: any method may carry any body, nothing is normalised). */
function send(
  baseUrl: string,
  method: string,
  path: string,
  opts: { token?: string; body?: string | Buffer; headers?: Record<string, string> } = {},
): Promise<Answer> {
  const url = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | number> = {
      'accept-language': 'en',
      ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}),
      ...opts.headers,
    };
    if (opts.body !== undefined) headers['content-length'] = Buffer.byteLength(opts.body);
    const req = request({ host: url.hostname, port: url.port, method, path, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          contentType: String(res.headers['content-type'] ?? ''),
          text: Buffer.concat(chunks).toString('utf8'),
        }),
      );
      res.on('error', reject);
    });
    const timer = setTimeout(
      () => req.destroy(new Error('no answer within 10 s (did the call reach a workflow?)')),
      10_000,
    );
    req.on('close', () => clearTimeout(timer));
    // The server may answer (413) and close before the whole body is written: keep its answer.
    req.on('error', reject);
    if (opts.body !== undefined) req.write(opts.body);
    req.end();
  });
}

/** Why the answer is not a 4xx in the error shape, or undefined when it is. */
function refusalProblem(res: Answer): string | undefined {
  if (res.status < 400 || res.status >= 500) return `status ${res.status}`;
  if (!res.contentType.includes('application/json'))
    return `status ${res.status} but content-type "${res.contentType}"`;
  let body: { error?: { code?: unknown; message?: unknown; fields?: unknown } };
  try {
    body = JSON.parse(res.text);
  } catch {
    return `status ${res.status} but the body is not JSON`;
  }
  const e = body?.error;
  if (!e || typeof e.code !== 'string' || !e.code || typeof e.message !== 'string' || !e.message)
    return `status ${res.status} without {error: {code, message}}`;
  const extra = Object.keys(body).filter((k) => k !== 'error');
  if (extra.length) return `status ${res.status} with other keys beside error: ${extra.join(', ')}`;
  if (e.fields !== undefined) {
    const ok =
      Array.isArray(e.fields) &&
      e.fields.every(
        (f) =>
          f && typeof f.field === 'string' && typeof f.code === 'string' && typeof f.message === 'string' && f.message,
      );
    if (!ok) return `status ${res.status} with malformed fields`;
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// This file's world: users of every kind, an application with its tasks, a pilot, an expert.

interface World {
  tokens: Record<string, string>;
  /** the users who may leave rows behind */
  userIds: string[];
  orgIds: string[];
  roundIds: string[];
  appId: string;
  commerceTaskId: string;
  decidedTaskId: string;
  attachmentId: string;
  expertPoolId: string;
  departmentId: string;
  colleague: string;
  applicantOrgId: string;
  expertUsername: string;
}

/** Who a route's cases are sent as: the first of these who gets past authorization. */
const ACTORS = ['applicant', 'provincial', 'mofcom', 'expert', 'admin', 'auditor'] as const;

async function buildWorld(h: Harness): Promise<World> {
  const user = async (role: string, departmentId?: string) => {
    const username = `${MARK}.${role}.${crypto.randomUUID().slice(0, 6)}`;
    const u = await h.db.user.create({
      data: {
        username,
        passwordHash: HASH,
        role,
        displayName: `Bad input ${role}`,
        email: `${username}@pilotflow.example.org`,
        departmentId,
      },
    });
    return { ...u, token: await login(h, username) };
  };
  const applicant = await newApplicant(h, 'city', PROVINCE);
  const provincial = await user('provincial_officer', `${PROVINCE}.COMMERCE`);
  const colleague = await user('provincial_officer', `${PROVINCE}.COMMERCE`);
  const mofcom = await user('national_officer', 'MOFCOM');
  const admin = await user('admin');
  const auditor = await user('auditor');
  const expertUser = await user('expert');
  // outside the panel draw (active: false), as the permission matrix's experts
  const expert = await h.db.expert.create({
    data: {
      userId: expertUser.id,
      name: `${MARK} expert`,
      fields: ['logistics'],
      provinceCode: null,
      bodies: ['MOFCOM'],
      active: false,
    },
  });

  const round = await newRound(h);
  const app = await h.db.application.create({
    data: {
      roundId: round.id,
      organizationId: applicant.org.id,
      kind: 'city',
      provinceCode: PROVINCE,
      annex: cityAnnex({ cityName: '合肥市' }),
    },
  });
  const dueAt = new Date(Date.now() + 30 * DAY);
  const task = (suffix: string, over: Record<string, unknown>) => ({
    id: `${app.id}:bad:${suffix}`,
    applicationId: app.id,
    roundId: round.id,
    workflowId: 'none',
    reviewRound: 1,
    provinceCode: PROVINCE,
    dueAt,
    stage: 'provincialReview',
    ...over,
  });
  const commerce = task('commerce', { departmentId: `${PROVINCE}.COMMERCE` });
  const decided = task('decided', {
    departmentId: `${PROVINCE}.COMMERCE`,
    status: 'decided',
    decision: 'approve',
    decidedById: provincial.id,
    decidedAt: new Date(),
  });
  const seat = task('expert', { stage: 'expertReview', assigneeId: expertUser.id });
  await h.db.task.createMany({ data: [commerce, decided, seat] });
  const attachment = await h.db.attachment.create({
    data: {
      taskId: commerce.id,
      uploadedById: provincial.id,
      name: 'opinion.txt',
      contentType: 'text/plain',
      size: 7,
      sha256: crypto.createHash('sha256').update('opinion').digest('hex'),
      data: new Uint8Array(Buffer.from('opinion')),
    },
  });
  // the application is also a running pilot: quarter 1 due, the mid-term self-assessment open
  await h.db.pilot.create({
    data: {
      id: app.id,
      roundId: round.id,
      kind: 'city',
      provinceCode: PROVINCE,
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
  const departmentId = `${PROVINCE}.BADINPUT_${crypto.randomUUID().slice(0, 8)}`;
  await h.db.department.create({
    data: {
      id: departmentId,
      level: 'provincial',
      provinceCode: PROVINCE,
      nameZh: '输入测试部门',
      nameEn: 'Bad input test department',
      email: `${departmentId.toLowerCase()}@pilotflow.example.org`,
    },
  });

  return {
    tokens: {
      applicant: applicant.token,
      provincial: provincial.token,
      mofcom: mofcom.token,
      expert: expertUser.token,
      admin: admin.token,
      auditor: auditor.token,
    },
    userIds: [applicant.user.id, provincial.id, colleague.id, mofcom.id, admin.id, auditor.id, expertUser.id],
    orgIds: [applicant.org.id],
    roundIds: [round.id],
    appId: app.id,
    commerceTaskId: commerce.id,
    decidedTaskId: decided.id,
    attachmentId: attachment.id,
    expertPoolId: expert.id,
    departmentId,
    colleague: colleague.username,
    applicantOrgId: applicant.org.id,
    expertUsername: expertUser.username,
  };
}

/**
 * Everything the routes could write or change for this file's world, in one round trip: counts of
 * what its users, rounds and application could leave behind, and a hash of every row they own.
 */
async function footprint(h: Harness, w: World) {
  const like = `%${MARK}%`;
  const [row] = await h.db.$queryRaw<Record<string, unknown>[]>`
    SELECT (SELECT count(*) FROM "AuditEvent" WHERE "actorId" = ANY(${w.userIds}) OR "applicationId" = ${w.appId} OR "roundId" = ANY(${w.roundIds}))::int AS audit,
           (SELECT count(*) FROM "Notification" WHERE "applicationId" = ${w.appId} OR "roundId" = ANY(${w.roundIds}))::int AS notifications,
           (SELECT count(*) FROM "Attachment" WHERE "uploadedById" = ANY(${w.userIds}))::int AS attachments,
           (SELECT count(*) FROM "MajorReport" WHERE "filedById" = ANY(${w.userIds}))::int AS "majorReports",
           (SELECT count(*) FROM "Session" s JOIN "User" u ON u.id = s."userId" WHERE u.username LIKE ${like})::int AS sessions,
           (SELECT count(*) FROM "User" WHERE username LIKE ${like} OR "displayName" LIKE ${like} OR email LIKE ${like})::int AS users,
           (SELECT count(*) FROM "Expert" WHERE name LIKE ${like})::int AS experts,
           (SELECT count(*) FROM "ExpertConflict" WHERE "expertId" = ${w.expertPoolId})::int AS conflicts,
           (SELECT count(*) FROM "Organization" WHERE name LIKE ${like})::int AS organizations,
           (SELECT count(*) FROM "Round" WHERE "nameZh" LIKE ${like} OR "nameEn" LIKE ${like} OR id LIKE ${like})::int AS rounds,
           (SELECT md5(coalesce(string_agg(a::text, '|' ORDER BY a.id), '')) FROM "Application" a WHERE a."organizationId" = ANY(${w.orgIds}) OR a."roundId" = ANY(${w.roundIds})) AS applications,
           (SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t.id), '')) FROM "Task" t WHERE t."roundId" = ANY(${w.roundIds})) AS tasks,
           (SELECT md5(coalesce(string_agg(r::text, '|' ORDER BY r.id), '')) FROM "Round" r WHERE r.id = ANY(${w.roundIds})) AS "ownRounds",
           (SELECT md5(coalesce(string_agg(x::text, '|' ORDER BY x."roundId"), '')) FROM "Selection" x WHERE x."roundId" = ANY(${w.roundIds})) AS selections,
           (SELECT md5(coalesce(string_agg(p::text, '|'), '')) FROM "Pilot" p WHERE p.id = ${w.appId}) AS pilot,
           (SELECT md5(coalesce(string_agg(q::text, '|' ORDER BY q.id), '')) FROM "QuarterlyReport" q WHERE q."pilotId" = ${w.appId}) AS reports,
           (SELECT md5(coalesce(string_agg(e::text, '|' ORDER BY e.id), '')) FROM "Evaluation" e WHERE e."pilotId" = ${w.appId}) AS evaluations,
           (SELECT md5(coalesce(string_agg(d::text, '|'), '')) FROM "Department" d WHERE d.id = ${w.departmentId}) AS department,
           (SELECT md5(coalesce(string_agg(x::text, '|'), '')) FROM "Expert" x WHERE x.id = ${w.expertPoolId}) AS expert,
           (SELECT md5(coalesce(string_agg(u::text, '|' ORDER BY u.id), '')) FROM "User" u WHERE u.id = ANY(${w.userIds})) AS "ownUsers"`;
  return row;
}

// ---------------------------------------------------------------------------------------------
// The cases.

/** A valid value for each path parameter, so that one bad part is asked about at a time. */
function goodParam(w: World, op: Op, name: string): string {
  const resource = op.path.split('/')[2];
  if (name === 'quarter') return '1';
  if (name === 'stage') return 'midterm';
  if (name === 'departmentId') return w.departmentId;
  if (op.path === '/api/tasks/:id/withdraw') return encodeURIComponent(w.decidedTaskId); // decided by the provincial officer
  const byResource: Record<string, string> = {
    rounds: w.roundIds[0],
    applications: w.appId,
    pilots: w.appId,
    tasks: w.commerceTaskId,
    attachments: w.attachmentId,
    experts: w.expertPoolId,
  };
  return encodeURIComponent(byResource[resource] ?? crypto.randomUUID());
}

const fillPath = (w: World, op: Op, bad?: { param: string; value: string }) =>
  op.path.replace(/:(\w+)/g, (_m, name: string) => (bad && bad.param === name ? bad.value : goodParam(w, op, name)));

/**
 * A body that passes the route's validation, for asking about its ids (path or body fields) —
 * sent only with a bad id, so it can never be taken. A route not listed gets {}.
 */
function sampleBody(w: World, op: Op): Record<string, unknown> {
  const samples: Record<string, Record<string, unknown>> = {
    'POST /api/auth/login': { username: `${MARK}.nobody`, password: 'not-the-password' },
    'PUT /api/mailboxes/:departmentId': { email: `${MARK}@pilotflow.example.org` },
    'POST /api/applications': { roundId: w.roundIds[0], annex: cityAnnex({ cityName: MARK }) },
    'PUT /api/applications/:id': { annex: cityAnnex({ cityName: MARK }) },
    'POST /api/tasks/:id/decision': { decision: 'approve', attachments: [w.attachmentId] },
    'POST /api/tasks/:id/return': { reason: MARK },
    'POST /api/tasks/:id/transfer': { username: w.colleague, reason: MARK },
    'POST /api/tasks/:id/delegate': { username: w.colleague, reason: MARK },
    'POST /api/tasks/:id/reassign': { username: w.colleague, reason: MARK },
    'POST /api/tasks/:id/withdraw': { reason: MARK },
    // a username already taken: were a case let through by mistake, it still adds no expert to the pool other files count
    'POST /api/experts': {
      username: w.expertUsername,
      password: 'a-long-enough-password',
      name: MARK,
      fields: ['logistics'],
      provinceCode: PROVINCE,
      bodies: ['MOFCOM'],
      organizationId: w.applicantOrgId,
    },
    'POST /api/experts/:id/conflicts': { organizationId: w.applicantOrgId, reason: MARK },
    'POST /api/pilots/:id/reports/:quarter': {
      progress: cityAnnex().chosenTasks.map((task) => ({ task, summary: MARK })),
      indicators: [{ name: MARK, value: 1, unit: 'days' }],
      problems: '',
    },
    'POST /api/pilots/:id/major-reports': { kind: 'major_progress', summary: MARK, details: MARK },
    'POST /api/pilots/:id/evaluations/:stage/self-assessment': {
      summary: MARK,
      achievements: MARK,
      replicablePractice: MARK,
      proposedGrade: 'good',
    },
  };
  return samples[key(op)] ?? {};
}

const BAD_IDS: [string, string][] = [
  ['not a uuid', 'not-a-uuid'],
  ['an unknown uuid', crypto.randomUUID()],
  ['path traversal, encoded', '..%2F..%2F..%2Fetc%2Fpasswd'],
  ['path traversal, dots', '%2E%2E'],
  ['very long', 'a'.repeat(4000)],
  ['a NUL byte', 'abc%00def'],
  ['a broken escape', '%E0%A4%A'],
  ['non-ASCII', encodeURIComponent('试点🚀')],
  ['SQL', encodeURIComponent("x' OR '1'='1")],
  ['a space', '%20'],
  ['a huge number', '99999999999999999999'],
  ['a negative number', '-1'],
  ['a fraction', '1.5'],
];

/** Ids for fields of a body that name other records (…Id, …Ids, attachments). */
const BAD_FIELD_IDS: unknown[] = [
  'not-a-uuid',
  crypto.randomUUID(),
  '../../etc/passwd',
  'a'.repeat(4000),
  'a\u0000b',
  '',
  12345,
  null,
  ['x'],
  { id: 'x' },
];

interface JsonSchema {
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  properties?: Record<string, JsonSchema>;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  items?: JsonSchema;
  additionalProperties?: JsonSchema | boolean;
}

/** The properties of a JSON Schema, branches of unions merged. */
function propertiesOf(schema: JsonSchema | undefined): Record<string, JsonSchema> {
  if (!schema) return {};
  const out: Record<string, JsonSchema> = { ...(schema.properties ?? {}) };
  for (const branch of [...(schema.anyOf ?? []), ...(schema.oneOf ?? []), ...(schema.allOf ?? [])]) {
    for (const [k, v] of Object.entries(propertiesOf(branch))) out[k] ??= v;
  }
  return out;
}

function typesOf(schema: JsonSchema): string[] {
  const own = schema.type ? (Array.isArray(schema.type) ? [...schema.type] : [schema.type]) : [];
  if (schema.enum) own.push(...schema.enum.map((v) => typeof v));
  if (schema.const !== undefined) own.push(typeof schema.const);
  return [...new Set([...own, ...[...(schema.anyOf ?? []), ...(schema.oneOf ?? [])].flatMap(typesOf)])];
}

/** Values of the wrong type (or out of range) for a field of this schema. */
function wrongValues(schema: JsonSchema): unknown[] {
  const types = typesOf(schema);
  const out: unknown[] = [null];
  if (types.includes('string'))
    out.push(12345, `${MARK}\u0000`, 'x'.repeat(25_000)); // longer than any field's maximum
  else out.push(MARK);
  if (types.includes('number') || types.includes('integer')) out.push('1', -1e308, 0.5);
  out.push(types.includes('array') ? { $gt: '' } : ['a']);
  if (types.includes('object')) out.push(['a']);
  if (schema.enum || schema.const !== undefined) out.push('definitely-not-allowed');
  return out;
}

interface Case {
  label: string;
  method: string;
  path: string;
  body?: string | Buffer;
  headers?: Record<string, string>;
  /** the actor's token (else a throwaway session's: these fail before authentication) */
  asActor?: boolean;
  /**
   * refused: the API's own schema (or its rules: no NUL anywhere) says the request is invalid, so
   * it must be a 4xx. harmless: a GET whose odd value the schema allows (a filter on any text):
   * any answer but a 5xx.
   */
  expect: 'refused' | 'harmless';
}

const json = { 'content-type': 'application/json' };
const hasNul = (text: string) => text.includes('\u0000') || text.includes('\\u0000');

/** Whether the route's documented body schema refuses this JSON text (a NUL anywhere counts as refused). */
function bodyRefused(op: Op, text: string): boolean {
  if (hasNul(text)) return true;
  try {
    return !op.body!.safeParse(JSON.parse(text)).success;
  } catch {
    return true;
  }
}

function casesFor(w: World, op: Op): Case[] {
  const method = op.method.toUpperCase();
  const path = fillPath(w, op);
  const cases: Case[] = [];
  const refused = (c: Omit<Case, 'expect'>) => cases.push({ ...c, expect: 'refused' });

  // Malformed and oversized bodies: refused by the JSON parser, on every route.
  for (const [label, body] of [
    ['truncated JSON', '{"a":'],
    ['unquoted keys', '{a:1}'],
    ['single quotes', "{'a':1}"],
    ['trailing comma', '{"a":1,}'],
    ['a bare NUL', '\u0000'],
    ['a lone value (strict JSON)', '"text"'],
    ['a lone number (strict JSON)', '42'],
    ['two documents', '{}{}'],
  ] as [string, string][]) {
    refused({ label: `malformed JSON: ${label}`, method, path, body, headers: json });
  }
  refused({
    label: 'an unsupported charset',
    method,
    path,
    body: '{}',
    headers: { 'content-type': 'application/json; charset=klingon' },
  });
  refused({
    label: 'a gzip body that is not gzip',
    method,
    path,
    body: '{"a":1}',
    headers: { ...json, 'content-encoding': 'gzip' },
  });
  refused({
    label: 'an unknown content-encoding',
    method,
    path,
    body: '{"a":1}',
    headers: { ...json, 'content-encoding': 'zstd-nonsense' },
  });
  refused({
    label: 'an oversized JSON body (1 MB + 1 KB)',
    method,
    path,
    body: JSON.stringify({ annex: { content: 'x'.repeat(1024 * 1024 + 1024) } }),
    headers: json,
  });

  if (op.body) {
    // Wrong-typed bodies.
    for (const [label, body] of [
      ['an array', '[]'],
      ['an array of objects', '[{"a":1}]'],
      ['an empty object', '{}'],
      ['null', 'null'],
      ['__proto__ pollution', '{"__proto__":{"admin":true},"constructor":{"prototype":{"admin":true}}}'],
      ['only unknown fields', JSON.stringify({ [MARK]: 1 })],
      ['a deeply nested value', `{"a":${'['.repeat(20_000)}${']'.repeat(20_000)}}`],
      ['a NUL in a key', JSON.stringify({ ...sampleBody(w, op), ['a\u0000']: 1 })],
      ['a valid body with an unknown top-level field', JSON.stringify({ ...sampleBody(w, op), [MARK]: 1 })],
    ] as [string, string][]) {
      if (bodyRefused(op, body))
        refused({ label: `wrong-typed body: ${label}`, method, path, body, headers: json, asActor: true });
    }
    refused({
      label: 'wrong-typed body: bytes that are not UTF-8',
      method,
      path,
      body: Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d]),
      headers: json,
      asActor: true,
    });
    refused({
      label: 'a form body',
      method,
      path,
      body: 'a=1&b=2',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      asActor: true,
    });
    refused({
      label: 'a text body',
      method,
      path,
      body: 'hello',
      headers: { 'content-type': 'text/plain' },
      asActor: true,
    });
    // (a body whose every field is optional may be left out: the document says so)
    if (!op.bodyOptional) refused({ label: 'no body', method, path, asActor: true });
    if (!op.bodyOptional) refused({ label: 'an empty body', method, path, body: '', headers: json, asActor: true });

    // Wrong-typed fields, one at a time (top level, and one level down), the rest of a valid body around them.
    const schema = z.toJSONSchema(op.body, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
    const sample = sampleBody(w, op);
    const field = (label: string, body: unknown) => {
      const text = JSON.stringify(body);
      if (bodyRefused(op, text)) refused({ label, method, path, body: text, headers: json, asActor: true });
    };
    for (const [name, prop] of Object.entries(propertiesOf(schema))) {
      for (const value of wrongValues(prop)) field(`field ${name} = ${short(value)}`, { ...sample, [name]: value });
      const nested = propertiesOf(prop.items ?? prop);
      for (const [inner, innerProp] of Object.entries(nested)) {
        for (const value of wrongValues(innerProp).slice(0, 2)) {
          const base = sample[name];
          const holder = Array.isArray(base)
            ? [{ ...(base[0] as object), [inner]: value }]
            : typeof base === 'object' && base
              ? { ...base, [inner]: value }
              : { [inner]: value };
          field(`field ${name}.${inner} = ${short(value)}`, { ...sample, [name]: holder });
        }
      }
    }
    // Ids of other records in body fields (…Id, …Ids, attachments) that are bad or name nothing.
    for (const [name, value] of Object.entries(sample)) {
      if (!/(Id|Ids)$|^attachments$/.test(name)) continue;
      for (const id of BAD_FIELD_IDS) {
        const body = { ...sample, [name]: Array.isArray(value) ? [id] : id };
        // an id that names nothing must be refused even where the schema takes any text; other
        // values (null, a number…) only where the schema refuses them
        if (typeof id === 'string' && id)
          refused({
            label: `field ${name} = id ${short(id)}`,
            method,
            path,
            body: JSON.stringify(body),
            headers: json,
            asActor: true,
          });
        else field(`field ${name} = id ${short(id)}`, body);
      }
    }
  } else if (!op.upload && op.method !== 'get') {
    // An operation that takes no body refuses one (a JSON object with fields, an array, a value).
    for (const [label, body] of [
      ['an object', JSON.stringify({ [MARK]: 1 })],
      ['an array', '[]'],
      ['a number', '1'],
    ] as [string, string][]) {
      refused({ label: `a body where none is taken: ${label}`, method, path, body, headers: json, asActor: true });
    }
  }

  if (op.upload) {
    refused({
      label: 'an upload of a type not accepted',
      method,
      path: `${path}?name=${MARK}.exe`,
      body: 'MZ',
      headers: { 'content-type': 'application/x-msdownload' },
      asActor: true,
    });
    refused({
      label: 'an upload without a type',
      method,
      path: `${path}?name=${MARK}.txt`,
      body: 'text',
      asActor: true,
    });
    refused({
      label: 'an empty upload',
      method,
      path: `${path}?name=${MARK}.txt`,
      body: '',
      headers: { 'content-type': 'text/plain' },
      asActor: true,
    });
    refused({
      label: 'an upload sent as JSON',
      method,
      path: `${path}?name=${MARK}.txt`,
      body: '{"a":1}',
      headers: json,
      asActor: true,
    });
    refused({
      label: 'an oversized upload (10 MB + 1)',
      method,
      path: `${path}?name=${MARK}.txt`,
      body: Buffer.alloc(10 * 1024 * 1024 + 1, 0x61),
      headers: { 'content-type': 'text/plain' },
      asActor: true,
    });
    for (const name of ['../../etc/passwd', 'dir%5Cfile.txt', 'tab%09.txt']) {
      refused({
        label: `an upload named "${name}"`,
        method,
        path: `${path}?name=${name}`,
        body: 'text',
        headers: { 'content-type': 'text/plain' },
        asActor: true,
      });
    }
  }

  // Bad ids in the path, the rest of the request valid.
  const body = op.upload ? 'text' : op.method === 'get' ? undefined : JSON.stringify(sampleBody(w, op));
  const headers = op.upload ? { 'content-type': 'text/plain' } : body !== undefined ? json : undefined;
  const query = op.upload ? `?name=${MARK}.txt` : '';
  for (const [, param] of op.path.matchAll(/:(\w+)/g)) {
    for (const [label, value] of BAD_IDS) {
      refused({
        label: `:${param} ${label}`,
        method,
        path: fillPath(w, op, { param, value }) + query,
        body,
        headers,
        asActor: true,
      });
    }
    refused({
      label: `:${param} with raw ../ segments`,
      method,
      path: fillPath(w, op, { param, value: '../../../../etc/passwd' }) + query,
      body,
      headers,
      asActor: true,
    });
  }

  // Bad query values: each key given values of the wrong type, out of range, twice, with a NUL;
  // and a key the route does not know.
  if (op.query) {
    for (const name of Object.keys(op.query.shape)) {
      const values = [
        'definitely-not-valid',
        '-1',
        '1e309',
        '',
        'x'.repeat(3000),
        'a%00b',
        encodeURIComponent('2025-13-45T99:99:99Z'),
        `a&${name}=b`,
      ];
      for (const value of values) {
        const qs = `${name}=${value}`;
        const invalid = hasNul(decodeURIComponentSafe(qs)) || !op.query.safeParse(querystring.parse(qs)).success;
        if (invalid) refused({ label: `?${short(qs)}`, method, path: `${path}?${qs}`, body, headers, asActor: true });
        else if (op.method === 'get')
          cases.push({
            label: `?${short(qs)}`,
            method,
            path: `${path}?${qs}`,
            body,
            headers,
            asActor: true,
            expect: 'harmless',
          });
      }
    }
    refused({
      label: 'an unknown query parameter',
      method,
      path: `${path}${query ? `${query}&` : '?'}${MARK}=1`,
      body,
      headers,
      asActor: true,
    });
  } else if (op.method === 'get') {
    // A route without a query: odd parameters are ignored, never a 5xx.
    for (const qs of [`${MARK}=1`, 'status=a&status=b', 'page=-1', 'id=a%00b']) {
      cases.push({
        label: `?${qs} (a route without a query)`,
        method,
        path: `${path}?${qs}`,
        asActor: true,
        expect: qs.includes('%00') ? 'refused' : 'harmless',
      });
    }
  }
  // Bad idempotency keys, where a route reads them (on a task that does not exist).
  if (op.method === 'post' && op.path.startsWith('/api/tasks/:id/') && !op.upload) {
    for (const badKey of ['x'.repeat(5000), ' ', 'a\tb']) {
      refused({
        label: `Idempotency-Key ${short(badKey)} on an unknown task`,
        method,
        path: fillPath(w, op, { param: 'id', value: crypto.randomUUID() }),
        body,
        headers: { ...headers, 'idempotency-key': badKey },
        asActor: true,
      });
    }
  }
  return cases;
}

function decodeURIComponentSafe(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function short(value: unknown): string {
  const s = typeof value === 'string' ? JSON.stringify(value) : (JSON.stringify(value) ?? String(value));
  return s.length > 40 ? `${s.slice(0, 30)}… (${s.length} chars)` : s;
}

/**
 * The first actor who gets past authorization on this route, asked with a request that cannot be
 * taken: a GET, or a body of the wrong type (an array) where the route takes one. Routes that take
 * no body and change something are asked with every actor instead (undefined).
 */
async function actorFor(h: Harness, w: World, op: Op): Promise<(typeof ACTORS)[number][] | undefined> {
  if (op.open) return ['admin'];
  if (op.method !== 'get' && !op.body && !op.upload) return undefined;
  for (const actor of ACTORS) {
    const res = await send(h.baseUrl, op.method.toUpperCase(), fillPath(w, op) + (op.upload ? '?name=' : ''), {
      token: w.tokens[actor],
      ...(op.method === 'get' ? {} : { body: '[]', headers: json }),
    });
    if (res.status !== 401 && res.status !== 403) return [actor];
  }
  return ['admin'];
}

let h: Harness;
let w: World;

beforeAll(async () => {
  h = await startHarness({ worker: false });
  w = await buildWorld(h);
});
afterAll(() => h?.stop());

test('when the cases are generated, then every documented operation has cases of every kind that applies to it', () => {
  for (const op of OPERATIONS) {
    const labels = casesFor(w, op).map((c) => c.label);
    expect(labels.some((l) => l.startsWith('malformed JSON'))).toBe(true);
    if (op.body) expect(labels.some((l) => l.startsWith('wrong-typed body'))).toBe(true);
    const fields = op.body
      ? Object.keys(propertiesOf(z.toJSONSchema(op.body, { io: 'input', unrepresentable: 'any' }) as JsonSchema))
      : [];
    if (fields.length) expect(labels.some((l) => l.startsWith('field '))).toBe(true);
    if (op.path.includes(':')) expect(labels.some((l) => l.includes('unknown uuid'))).toBe(true);
    if (op.query) expect(labels.some((l) => l.startsWith('?'))).toBe(true);
  }
});

describe.each(OPERATIONS.map((op) => [key(op), op] as const))('%s', (_name, op) => {
  test('when fed malformed, oversized and wrong-typed bodies, bad ids and bad query values, then every answer is a 4xx with an error message and nothing is written', async () => {
    const actors = (await actorFor(h, w, op)) ?? [...ACTORS];
    const throwaway = op.open
      ? undefined
      : await login(
          h,
          (await h.db.user.findFirstOrThrow({ where: { username: { startsWith: `${MARK}.auditor` } } })).username,
        );
    const before = await footprint(h, w);
    const problems: string[] = [];
    const calls = casesFor(w, op).flatMap((c) => (c.asActor ? actors : [undefined]).map((actor) => ({ c, actor })));
    // a few at a time: the server is real, the database another process
    const next = async (): Promise<void> => {
      const call = calls.shift();
      if (!call) return;
      const { c, actor } = call;
      const label = `${c.label}${actor ? ` (as ${actor})` : ''}`;
      try {
        const res = await send(h.baseUrl, c.method, c.path, {
          token: op.open ? undefined : actor ? w.tokens[actor] : throwaway,
          body: c.body,
          headers: c.headers,
        });
        const problem =
          c.expect === 'refused' ? refusalProblem(res) : res.status >= 500 ? `status ${res.status}` : undefined;
        if (problem) problems.push(`${label}: ${problem} ${res.text.slice(0, 200)}`);
      } catch (err) {
        problems.push(`${label}: ${(err as Error).message}`);
      }
      return next();
    };
    await Promise.all(Array.from({ length: 6 }, next));
    expect(problems).toEqual([]);
    expect(await footprint(h, w)).toEqual(before);
  });
});
