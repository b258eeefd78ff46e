// The headers every answer carries: a Content-Security-Policy that lets the page run only its own
// script and stylesheet (nothing inline) and forbids framing, nosniff, no referrer; and no API
// answer — a success or an error — may be kept by a cache. The page itself must live within that
// policy: no inline script, no event-handler attribute, no style attribute in what it writes.
import fs from 'node:fs';
import path from 'node:path';
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
  for (const page of ['/', '/tasks/some-task']) {
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
    await fetch(`${h.baseUrl}/api/rounds`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: '{"kind":' }), // 400
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

test('when the page’s files are read, then they hold no inline script, no event-handler attribute and no style attribute', () => {
  const dir = path.join(__dirname, '..', 'public');
  const html = fs.readFileSync(path.join(dir, 'index.html'), 'utf8');
  // every <script> loads a file of the page's own origin
  for (const [tag] of html.matchAll(/<script\b[^>]*>/gi)) expect(tag).toMatch(/\bsrc="\/[^"/][^"]*"/);
  expect(html).not.toMatch(/<script\b[^>]*>[^<\s]/i);
  expect(html).not.toMatch(/\son[a-z]+\s*=/i);
  expect(html).not.toMatch(/\sstyle\s*=/i);
  expect(html).not.toMatch(/<style\b/i);
  // the markup the script writes (template strings assigned to innerHTML) obeys the same policy
  const js = fs.readFileSync(path.join(dir, 'app.js'), 'utf8');
  expect(js.match(/<[a-z][^<>]*\sstyle\s*=/gi) ?? []).toEqual([]);
  expect(js.match(/<[a-z][^<>]*\son[a-z]+\s*=/gi) ?? []).toEqual([]);
  expect(js.match(/<script\b|<style\b|javascript:|\beval\(|new Function\(/gi) ?? []).toEqual([]);
});
