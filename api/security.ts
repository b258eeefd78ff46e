// The security headers of every answer (helmet), and no caching of any API answer. Why: the page
// is one same-origin script module and one stylesheet, so its Content-Security-Policy can forbid
// every inline script, handler and style — an injected string can then run nothing — and no page
// may frame it; API answers carry personal data and tokens, so no browser or proxy keeps a copy.
import type { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';

/** The page's policy: everything from its own origin, nothing inline, never framed. */
export const CONTENT_SECURITY_POLICY = {
  'default-src': ["'self'"],
  'script-src': ["'self'"],
  'script-src-attr': ["'none'"],
  'style-src': ["'self'"],
  'img-src': ["'self'", 'data:'],
  'font-src': ["'self'"],
  'connect-src': ["'self'"],
  'object-src': ["'none'"],
  'base-uri': ["'self'"],
  'form-action': ["'self'"],
  'frame-ancestors': ["'none'"],
};

export function securityHeaders() {
  return helmet({
    // (no upgrade-insecure-requests: `npm start` serves the page over plain HTTP on localhost)
    contentSecurityPolicy: { useDefaults: false, directives: CONTENT_SECURITY_POLICY },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
  });
}

/** Cache-Control: no-store, set before anything can answer (errors, 404 and 413 included). */
export function noStore(_req: Request, res: Response, next: NextFunction) {
  res.set('cache-control', 'no-store');
  next();
}
