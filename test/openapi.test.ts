// The OpenAPI document against the real routes: every route Express serves is documented, every
// documented operation is served, and the bodies it documents are the validators' own schemas; and
// the error codes docs/api.md lists are the ones the API answers.
import fs from 'node:fs';
import path from 'node:path';
import type { Router } from 'express';
import { createApp } from '../api/app';
import { OPERATIONS } from '../api/openapi';
import { WEB_PAGE_PATHS } from '../api/web';
import { ERROR_CATALOG } from '../domain/errors';
import { http, startHarness, type Harness } from './support/harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ worker: false });
});
afterAll(() => h.stop());

interface Layer {
  rawPath?: string;
  route?: { path: string; methods: Record<string, boolean> };
  handle?: Router & { stack?: Layer[] };
}

/** "METHOD /path" of every route in an Express 5 router, mounted routers included. */
function served(stack: Layer[], prefix = ''): string[] {
  return stack.flatMap((layer) => {
    if (layer.route)
      return Object.keys(layer.route.methods).map(
        (m) => `${m.toUpperCase()} ${prefix}${layer.route!.path === '/' && prefix ? '' : layer.route!.path}`,
      );
    if (layer.handle?.stack)
      return served(layer.handle.stack, prefix + (layer.rawPath && layer.rawPath !== '/' ? layer.rawPath : ''));
    return [];
  });
}

test('when the routes Express serves are listed, then they are exactly the documented operations', () => {
  const app = createApp(h.deps) as unknown as { router: { stack: Layer[] } };
  const documented = OPERATIONS.map((op) => `${op.method.toUpperCase()} ${op.path}`);
  const pages = WEB_PAGE_PATHS.map((p) => `GET ${p}`); // the web page's own views
  expect(
    served(app.router.stack)
      .filter((r) => !pages.includes(r))
      .sort(),
  ).toEqual(documented.sort());
});

test('when /openapi.json is fetched without a token, then it is an OpenAPI 3.1 document whose bodies are the validators’ schemas', async () => {
  const res = await http(h.baseUrl, 'GET', '/openapi.json');
  expect(res.status).toBe(200);
  const doc = res.body;
  expect(doc.openapi).toBe('3.1.0');
  expect(Object.keys(doc.paths)).toContain('/api/tasks/{id}/decision');
  const decide = doc.paths['/api/tasks/{id}/decision'].post;
  expect(decide.parameters).toEqual([{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }]);
  expect(JSON.stringify(decide.requestBody.content['application/json'].schema)).toContain('"approve"');
  const expert = doc.paths['/api/experts'].post.requestBody.content['application/json'].schema;
  expect(expert.required).toEqual(
    expect.arrayContaining(['username', 'password', 'name', 'fields', 'provinceCode', 'bodies']),
  );
  const inbox = doc.paths['/api/tasks'].get.parameters.map((p: { name: string }) => p.name);
  expect(inbox).toEqual(
    expect.arrayContaining(['scope', 'status', 'stage', 'province', 'kind', 'dueBefore', 'page', 'pageSize']),
  );
  expect(doc.paths['/api/auth/login'].post.security).toEqual([]);
  expect(doc.components.securitySchemes.bearer).toEqual({ type: 'http', scheme: 'bearer' });
});

test("when docs/api.md is read, then its table of error codes is the catalogue's (domain/errors.ts): every code with its status", () => {
  const doc = fs.readFileSync(path.join(__dirname, '..', 'docs', 'api.md'), 'utf8');
  const listed = [...doc.matchAll(/^\| (\d{3}) \| `(\w+)` \|/gm)].map((m) => [m[2], Number(m[1])]);
  expect(Object.fromEntries(listed)).toEqual(
    Object.fromEntries(Object.entries(ERROR_CATALOG).map(([code, e]) => [code, e.status])),
  );
  expect(listed).toHaveLength(Object.keys(ERROR_CATALOG).length);
});
