// The web page (public/): static files, and index.html for every page address the page routes
// itself — including the links in the e-mails (/tasks/<id>, /applications/<id>).
import path from 'node:path';
import express, { Router } from 'express';

const PUBLIC = path.join(__dirname, '..', 'public');

/** The addresses of the page's own views (not API routes). */
export const WEB_PAGE_PATHS = ['/', '/login', '/applications', '/applications/:id', '/tasks/:id', '/pilots/:id', '/rounds'];

export function webRoutes(): Router {
  const router = Router();
  router.use(express.static(PUBLIC, { index: false, maxAge: '1h' }));
  for (const p of WEB_PAGE_PATHS) router.get(p, (_req, res) => res.sendFile(path.join(PUBLIC, 'index.html')));
  return router;
}
