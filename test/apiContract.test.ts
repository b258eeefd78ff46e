// The API answers as its OpenAPI document says, on the edges a fuzzer finds first: every answer's
// status is documented for its operation with the media type it comes in (204 without a body,
// CSV as text/csv, 413 for a body too large, 431 for headers too large); a body the document
// requires must be there, a field its schema does not know is refused, an operation without a
// body takes none; and a round whose escalation chain is empty is refused naming the field (it
// was a 500: the rule after it read the chain's last level).
import { request } from 'node:http';
import { DEFAULT_ROUND_CONFIG } from '../domain/round';
import { cityAnnex } from './support/fixtures';
import { http, login, newApplicant, newRound, startHarness, type Harness } from './support/harness';

let h: Harness;
let doc: {
  paths: Record<
    string,
    Record<
      string,
      {
        responses: Record<string, { content?: Record<string, unknown> }>;
        parameters: { name: string; in: string; required: boolean }[];
      }
    >
  >;
};
let admin: string;
let auditor: string;

beforeAll(async () => {
  h = await startHarness({ worker: false });
  doc = (await http(h.baseUrl, 'GET', '/openapi.json')).body;
  admin = await login(h, 'admin');
  auditor = await login(h, 'auditor');
});
afterAll(() => h?.stop());

interface Answer {
  status: number;
  contentType: string | undefined;
  text: string;
}

/** One request as given (node:http: headers of any size, a body on any method). */
function send(
  method: string,
  path: string,
  opts: { token?: string; body?: string; headers?: Record<string, string> } = {},
): Promise<Answer> {
  const url = new URL(h.baseUrl);
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
          contentType: res.headers['content-type'],
          text: Buffer.concat(chunks).toString('utf8'),
        }),
      );
    });
    req.on('error', reject);
    if (opts.body !== undefined) req.write(opts.body);
    req.end();
  });
}

/** Why the answer is not what the document says of this operation, or undefined when it is. */
function nonConformance(method: string, documentedPath: string, res: Answer): string | undefined {
  const op = doc.paths[documentedPath]?.[method.toLowerCase()];
  if (!op) return `${method} ${documentedPath} is not documented`;
  const answer = op.responses[String(res.status)];
  if (!answer) return `status ${res.status} is not documented (documented: ${Object.keys(op.responses).join(', ')})`;
  const media = res.contentType?.split(';')[0].trim();
  if (!answer.content)
    return res.text === ''
      ? undefined
      : `status ${res.status} is documented without a body, but has one: ${res.text.slice(0, 80)}`;
  if (!media || !(media in answer.content))
    return `status ${res.status} came as ${media}, documented: ${Object.keys(answer.content).join(', ')}`;
  return undefined;
}

const fieldsOf = (res: Answer) =>
  (JSON.parse(res.text) as { error: { fields?: { field: string; code: string }[] } }).error.fields ?? [];
const json = { 'content-type': 'application/json' };

test('when a round is created or changed with an empty escalation chain for a stage, then 400 names that stage’s levels (not a 500)', async () => {
  const round = await newRound(h);
  const withEmpty = (stage: keyof typeof DEFAULT_ROUND_CONFIG.deadlines) => ({
    ...DEFAULT_ROUND_CONFIG,
    deadlines: { ...DEFAULT_ROUND_CONFIG.deadlines, [stage]: { ...DEFAULT_ROUND_CONFIG.deadlines[stage], levels: [] } },
  });
  const change = await send('PUT', `/api/rounds/${round.id}/config`, {
    token: admin,
    headers: json,
    body: JSON.stringify({ config: withEmpty('provincialReview'), reason: 'no escalation' }),
  });
  expect(change.status).toBe(400);
  expect(fieldsOf(change).map((f) => f.field)).toEqual(['config.deadlines.provincialReview.levels']);
  expect(nonConformance('PUT', '/api/rounds/{id}/config', change)).toBeUndefined();
  const day = 86_400_000;
  for (const stage of Object.keys(DEFAULT_ROUND_CONFIG.deadlines) as (keyof typeof DEFAULT_ROUND_CONFIG.deadlines)[]) {
    const create = await send('POST', '/api/rounds', {
      token: admin,
      headers: json,
      body: JSON.stringify({
        kind: 'demonstration',
        nameZh: '空升级链',
        nameEn: 'Empty chain',
        declarationOpensAt: new Date(Date.now() - day).toISOString(),
        declarationDeadline: new Date(Date.now() + 30 * day).toISOString(),
        config: withEmpty(stage),
      }),
    });
    expect([stage, create.status]).toEqual([stage, 400]);
    expect(fieldsOf(create).map((f) => f.field)).toEqual([`config.deadlines.${stage}.levels`]);
  }
  expect((await h.db.round.findUniqueOrThrow({ where: { id: round.id } })).config).toEqual(round.config);
});

test('when a body carries a field its schema does not know, then 400 names the field and nothing is written', async () => {
  const applicant = await newApplicant(h, 'city', 'GZ');
  const round = await newRound(h);
  const before = await h.db.application.count({ where: { organizationId: applicant.org.id } });
  const create = await send('POST', '/api/applications', {
    token: applicant.token,
    headers: json,
    body: JSON.stringify({ roundId: round.id, annex: cityAnnex(), status: 'approved' }),
  });
  expect(create.status).toBe(400);
  expect(fieldsOf(create)).toEqual([{ field: 'status', code: 'unknown_field', message: 'Unknown field' }]);
  expect(await h.db.application.count({ where: { organizationId: applicant.org.id } })).toBe(before);

  const draft = await http(h.baseUrl, 'POST', '/api/applications', {
    token: applicant.token,
    body: { roundId: round.id, annex: cityAnnex({ cityName: '贵阳市' }) },
  });
  expect(draft.status).toBe(201);
  const edit = await send('PUT', `/api/applications/${draft.body.id}`, {
    token: applicant.token,
    headers: json,
    body: JSON.stringify({ annex: cityAnnex({ cityName: '遵义市' }), organizationId: 'another' }),
  });
  expect(edit.status).toBe(400);
  expect(fieldsOf(edit).map((f) => f.field)).toEqual(['organizationId']);
  expect(
    ((await h.db.application.findUniqueOrThrow({ where: { id: draft.body.id } })).annex as { cityName: string })
      .cityName,
  ).toBe('贵阳市');

  const loginExtra = await send('POST', '/api/auth/login', {
    headers: json,
    body: JSON.stringify({ username: 'auditor', password: 'pilotflow-demo', role: 'admin' }),
  });
  expect(loginExtra.status).toBe(400);
  expect(fieldsOf(loginExtra).map((f) => f.field)).toEqual(['role']);
  for (const [path, res] of [
    ['/api/applications', create],
    ['/api/applications/{id}', edit],
    ['/api/auth/login', loginExtra],
  ] as const) {
    expect(nonConformance(path === '/api/applications/{id}' ? 'PUT' : 'POST', path, res)).toBeUndefined();
  }
});

test('when a required body is missing or empty, or a body is sent where none is taken, then 400 says so', async () => {
  const round = await newRound(h);
  for (const body of [undefined, '']) {
    const missing = await send('PUT', `/api/rounds/${round.id}/config`, {
      token: admin,
      ...(body === undefined ? {} : { body, headers: json }),
    });
    expect(missing.status).toBe(400);
    expect(fieldsOf(missing)).toEqual([{ field: '(body)', code: 'required', message: 'A JSON body is required' }]);
  }
  const applicant = await newApplicant(h, 'city', 'GZ');
  const draft = await http(h.baseUrl, 'POST', '/api/applications', {
    token: applicant.token,
    body: { roundId: round.id, annex: cityAnnex() },
  });
  // the submit's body names at most a central enterprise's route: anything else is refused, and nothing starts
  const refusals = [
    { body: '{"force":true}', headers: json, field: 'force', code: 'unknown_field' },
    {
      body: 'force=true',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      field: '(body)',
      code: 'not_json',
    },
  ];
  for (const { body, headers, field, code } of refusals) {
    const submit = await send('POST', `/api/applications/${draft.body.id}/submit`, {
      token: applicant.token,
      headers,
      body,
    });
    expect(submit.status).toBe(400);
    expect(fieldsOf(submit)).toEqual([expect.objectContaining({ field, code })]);
  }
  expect((await h.db.application.findUniqueOrThrow({ where: { id: draft.body.id } })).status).toBe('draft');
  // the document says which bodies may be left out: the desk's note-only actions
  expect(doc.paths['/api/tasks/{id}/claim'].post).toMatchObject({ requestBody: { required: false } });
  expect(doc.paths['/api/rounds/{id}/config'].put).toMatchObject({ requestBody: { required: true } });
});

test('when the API answers 204, CSV, 413 and 431, then each is documented for its operation with the media type it comes in', async () => {
  const session = await login(h, 'auditor');
  const logout = await send('POST', '/api/auth/logout', { token: session });
  expect(logout.status).toBe(204);
  expect(nonConformance('POST', '/api/auth/logout', logout)).toBeUndefined();

  const applicant = await newApplicant(h, 'city', 'GZ');
  const round = await newRound(h);
  const app = await h.db.application.create({
    data: {
      roundId: round.id,
      organizationId: applicant.org.id,
      kind: 'city',
      provinceCode: 'GZ',
      annex: cityAnnex(),
      status: 'provincial_review',
      submissions: 1,
    },
  });
  const csv = await send('GET', `/api/applications/${app.id}/timeline?format=csv`, { token: auditor });
  expect(csv.status).toBe(200);
  expect(csv.contentType).toMatch(/^text\/csv/);
  expect(nonConformance('GET', '/api/applications/{id}/timeline', csv)).toBeUndefined();

  const tooLarge = await send('PUT', `/api/rounds/${round.id}/config`, {
    token: admin,
    headers: json,
    body: JSON.stringify({ reason: 'x'.repeat(1024 * 1024 + 1) }),
  });
  expect(tooLarge.status).toBe(413);
  expect(nonConformance('PUT', '/api/rounds/{id}/config', tooLarge)).toBeUndefined();

  // Node refuses headers past its limit (16 KB) before the app sees the request
  const hugeHeaders = await send('GET', '/api/me', { token: auditor, headers: { 'x-padding': 'x'.repeat(20_000) } });
  expect(hugeHeaders.status).toBe(431);
  expect(nonConformance('GET', '/api/me', hugeHeaders)).toBeUndefined();
});

test('when the document is read, then every operation that needs a login documents 401, 403 and 404, every body 413, and a required query parameter is marked required', () => {
  for (const [path, ops] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(ops)) {
      const secured = (op as { security?: unknown[] }).security?.length !== 0;
      if (secured)
        expect([method, path, Object.keys(op.responses)]).toEqual([
          method,
          path,
          expect.arrayContaining(['401', '403', '404']),
        ]);
      if ((op as { requestBody?: unknown }).requestBody)
        expect([method, path, Object.keys(op.responses)]).toEqual([method, path, expect.arrayContaining(['413'])]);
    }
  }
  expect(doc.paths['/api/tasks/{id}/attachments'].post.parameters).toContainEqual(
    expect.objectContaining({ name: 'name', in: 'query', required: true }),
  );
  expect(doc.paths['/api/tasks'].get.parameters.every((p) => p.in !== 'query' || !p.required)).toBe(true);
});
