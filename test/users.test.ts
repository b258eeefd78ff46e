// Accounts through the API: the administrator creates an officer, who logs in and works their
// department's inbox; an applicant with its organisation, who drafts; bad input is a 400 per field.
import { cityAnnex } from './support/fixtures';
import { draft } from './support/flows';
import { http, login, newRound, startHarness, type Harness } from './support/harness';

let h: Harness;
let admin: string;
beforeAll(async () => {
  h = await startHarness();
  admin = await login(h, 'admin');
});
afterAll(() => h.stop());

const unique = () => Math.random().toString(36).slice(2, 8);

test('when the admin creates an officer and an applicant, then each logs in with their role and scope, and the accounts are audited', async () => {
  const officer = `xj.commerce.${unique()}`;
  const created = await http(h.baseUrl, 'POST', '/api/users', {
    token: admin,
    body: {
      username: officer,
      password: 'a-long-enough-secret',
      role: 'provincial_officer',
      displayName: '新疆商务厅 王科长',
      departmentId: 'XJ.COMMERCE',
    },
  });
  expect(created.status).toBe(201);
  const officerToken = await login(h, officer, 'a-long-enough-secret');
  expect((await http(h.baseUrl, 'GET', '/api/me', { token: officerToken })).body).toMatchObject({
    role: 'provincial_officer',
    departmentId: 'XJ.COMMERCE',
    provinceCode: 'XJ',
  });
  expect((await http(h.baseUrl, 'GET', '/api/tasks', { token: officerToken })).status).toBe(200);

  const applicant = `urumqi-${unique()}`;
  const withOrg = await http(h.baseUrl, 'POST', '/api/users', {
    token: admin,
    body: {
      username: applicant,
      password: 'another-long-secret',
      role: 'applicant',
      displayName: '乌鲁木齐市商务局',
      organization: { name: '乌鲁木齐市', kind: 'city', provinceCode: 'XJ' },
    },
  });
  expect(withOrg.status).toBe(201);
  const applicantToken = await login(h, applicant, 'another-long-secret');
  const id = await draft(h, applicantToken, (await newRound(h)).id, cityAnnex());
  expect((await h.db.application.findUniqueOrThrow({ where: { id } })).organizationId).toBe(
    withOrg.body.organizationId,
  );

  const audited = await h.db.auditEvent.findMany({ where: { action: 'user_created' } });
  expect(audited.map((a) => (a.detail as { username: string }).username)).toEqual(
    expect.arrayContaining([officer, applicant]),
  );
  const stored = await h.db.user.findUniqueOrThrow({ where: { username: officer } });
  expect(stored.passwordHash).not.toContain('a-long-enough-secret');
});

test('when an account is asked for with bad or contradictory fields, then 400 names each and nothing is created', async () => {
  const cases: [object, string[]][] = [
    [{ username: 'X', password: 'short', role: 'auditor', displayName: '' }, ['displayName', 'password', 'username']],
    [
      {
        username: `n-${unique()}`,
        password: 'a-long-enough-secret',
        role: 'national_officer',
        displayName: 'N',
        departmentId: 'XJ.COMMERCE',
      },
      ['departmentId'],
    ],
    [
      {
        username: `n-${unique()}`,
        password: 'a-long-enough-secret',
        role: 'applicant',
        displayName: 'C',
        organization: { name: 'C', kind: 'central_enterprise', provinceCode: 'XJ' },
      },
      ['organization.provinceCode'],
    ],
    [{ username: 'admin', password: 'a-long-enough-secret', role: 'auditor', displayName: 'Dup' }, ['username']],
    [{ username: `n-${unique()}`, password: 'a-long-enough-secret', role: 'superuser', displayName: 'S' }, ['role']],
  ];
  // other suites create users meanwhile: count only the names asked for here
  const asked = { username: { in: cases.map(([body]) => (body as { username: string }).username) } };
  const before = await h.db.user.count({ where: asked });
  for (const [body, fields] of cases) {
    const res = await http(h.baseUrl, 'POST', '/api/users', { token: admin, body });
    expect(res.status).toBe(400);
    expect(res.body.error.fields.map((f: { field: string }) => f.field).sort()).toEqual(fields);
  }
  expect(await h.db.user.count({ where: asked })).toBe(before);
});
