// The headers every answer carries: a Content-Security-Policy that lets the page run only its own
// script and stylesheet (nothing inline) and forbids framing, nosniff, no referrer; and no API
// answer — a success or an error — may be kept by a cache. (The workspace's page itself is checked
// against that policy in test/workspace.test.ts, and the browser suites record every violation.)
import { http, login, startHarness, type Harness } from './support/harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ worker: false });
});
afterAll(() => h?.stop());

/** The directives of a Content-Security-Policy header, by name. */
function directives(header: string | null): Record<string, string[]> {
  return Object.fromEntries(
    (header ?? '')
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter(([name]) => name)
      .map(([name, ...values]) => [name, values]),
  );
}

async function get(pathname: string, token?: string) {
  return fetch(h.baseUrl + pathname, { headers: token ? { authorization: `Bearer ${token}` } : {} });
}

test('when the page is fetched, then its policy allows only its own script and stylesheet, nothing inline, and no framing', async () => {
  for (const page of ['/workspace/', '/workspace/tasks/some-task']) {
    const res = await get(page);
    expect(res.status).toBe(200);
    const csp = directives(res.headers.get('content-security-policy'));
    expect(csp['default-src']).toEqual(["'self'"]);
    expect(csp['script-src']).toEqual(["'self'"]);
    expect(csp['script-src-attr']).toEqual(["'none'"]);
    expect(csp['style-src']).toEqual(["'self'"]);
    expect(csp['object-src']).toEqual(["'none'"]);
    expect(csp['frame-ancestors']).toEqual(["'none'"]);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(res.headers.get('x-powered-by')).toBeNull();
  }
});

test('when the API answers — a success, a refusal, a 404, a malformed body — then it says no-store and nosniff', async () => {
  const token = await login(h, 'auditor');
  const answers = [
    await get('/api/me', token),
    await get('/api/me'), // 401
    await get('/api/no-such-route', token), // 404
    await fetch(`${h.baseUrl}/api/rounds`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: '{"kind":',
    }), // 400
    await get('/health'),
  ];
  expect(answers.map((r) => r.status)).toEqual([200, 401, 404, 400, 200]);
  for (const res of answers) {
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(directives(res.headers.get('content-security-policy'))['frame-ancestors']).toEqual(["'none'"]);
  }
  const me = await http(h.baseUrl, 'GET', '/api/me', { token });
  expect(me.body.username).toBe('auditor');
});

test('when an address of the former page is asked — from an old e-mail — then it redirects to the same page of the workspace', async () => {
  const asked = [
    '/',
    '/tasks/app-1%3Apr1%3AENVIRONMENT',
    '/applications/abc?x=1',
    '/pilots/p1',
    '/login',
    '/rounds',
    '/applications',
  ];
  const where = await Promise.all(
    asked.map(async (p) => (await fetch(h.baseUrl + p, { redirect: 'manual' })).headers.get('location')),
  );
  expect(where).toEqual([
    '/workspace/',
    '/workspace/tasks/app-1%3Apr1%3AENVIRONMENT',
    '/workspace/applications/abc?x=1',
    '/workspace/pilots/p1',
    '/workspace/login',
    '/workspace/rounds',
    '/workspace/applications',
  ]);
});
