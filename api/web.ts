// The web workspace (web/, built by Vite into web/dist) at /workspace/: its hashed assets are
// cached for good, and its index.html answers every address the workspace routes itself. The
// addresses of the page it replaced — in e-mails sent over the years (/tasks/<id>,
// /applications/<id>, /pilots/<id>) — redirect to the same place in the workspace.
import fs from 'node:fs';
import path from 'node:path';
import express, { Router, type Response } from 'express';
import { repoPath } from '../platform/paths';

/** Vite's build of web/ (scripts/build-web.ts); WORKSPACE_DIST moves it (parallel test runs, each with its own build). */
export const WORKSPACE_DIST = process.env.WORKSPACE_DIST
  ? path.resolve(process.env.WORKSPACE_DIST)
  : repoPath('web', 'dist');
export const WORKSPACE_BASE = '/workspace';

/** The old page's addresses, each now the workspace's page of the same name. */
const FORMER_PAGE_PATHS = ['/login', '/applications', '/applications/:id', '/tasks/:id', '/pilots/:id', '/rounds'];
/** The workspace's own views: anything under /workspace/ that is not a built file. */
const WORKSPACE_PATHS = [WORKSPACE_BASE, `${WORKSPACE_BASE}/*rest`];

/** Every address that answers a page or redirects to one (not an API route). */
export const WEB_PAGE_PATHS = ['/', ...FORMER_PAGE_PATHS, ...WORKSPACE_PATHS];

function workspaceIndex(res: Response) {
  const index = path.join(WORKSPACE_DIST, 'index.html');
  if (!fs.existsSync(index)) {
    res
      .status(503)
      .type('text/plain; charset=utf-8')
      .send(
        'The workspace is not built: run `npm run build:web` (npm start builds it).\n工作台尚未构建：请运行 npm run build:web（npm start 会自动构建）。\n',
      );
    return;
  }
  // the page names its assets by content hash: it must itself be revalidated each time
  res.set('cache-control', 'no-cache');
  res.sendFile(index);
}

export function webRoutes(): Router {
  const router = Router();
  router.get('/', (_req, res) => res.redirect(302, `${WORKSPACE_BASE}/`));
  for (const p of FORMER_PAGE_PATHS) {
    router.get(p, (req, res) => res.redirect(301, WORKSPACE_BASE + req.originalUrl));
  }
  router.use(
    `${WORKSPACE_BASE}/assets`,
    express.static(path.join(WORKSPACE_DIST, 'assets'), { index: false, immutable: true, maxAge: '365d' }),
  );
  // a missing asset is a 404, never the page in its place
  router.use(`${WORKSPACE_BASE}/assets`, (_req, res) => void res.status(404).type('text/plain').send('Not found\n'));
  router.use(WORKSPACE_BASE, express.static(WORKSPACE_DIST, { index: false, maxAge: '1h' }));
  for (const p of WORKSPACE_PATHS) router.get(p, (_req, res) => workspaceIndex(res));
  return router;
}
