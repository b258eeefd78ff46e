// The Express application: JSON API under /api, health at /health. Every /api route but login and
// the public record (/api/public/*) requires a valid bearer token; what a user may do is decided in
// the use cases.
import express, { type NextFunction, type Request, type Response } from 'express';
import { DomainError } from '../domain/errors';
import { authenticate, login, logout } from '../usecases/auth';
import type { UseCaseDeps } from '../usecases/context';
import { TooManyAttempts } from '../usecases/loginThrottle';
import { decisionTaskId, errorHandler } from './http';
import { OPERATIONS, openApiDocument } from './openapi';
import { bodyCheck } from './bodyCheck';
import { noStore, securityHeaders } from './security';
import { webRoutes } from './web';
import { applicationPdfRoutes } from './routes/applicationPdf';
import { recommendationRoutes } from './routes/recommendations';
import { applicationRoutes } from './routes/applications';
import { expertAssignmentRoutes } from './routes/expertAssignment';
import { expertRoutes } from './routes/experts';
import { inboxRoutes } from './routes/inbox';
import { healthRoute } from './routes/health';
import { mailRoutes } from './routes/mail';
import { objectionRoutes } from './routes/objections';
import { overviewRoutes } from './routes/overview';
import { pilotRoutes } from './routes/pilots';
import { practiceRoutes, publicPracticeRoutes } from './routes/practices';
import { evaluatorRoutes } from './routes/evaluators';
import { publicRoutes } from './routes/public';
import { roundRoutes } from './routes/rounds';
import { attachmentRoutes, taskRoutes } from './routes/tasks';
import { ownAccountRoutes, userRoutes } from './routes/users';

function bearer(req: Request): string | undefined {
  const header = req.get('authorization');
  const match = header?.match(/^Bearer\s+(\S+)$/i);
  return match?.[1];
}

/** Where a JSON value holds U+0000 (in a string or a key), as a field path; undefined if nowhere. Iterative: bodies may nest deeply. */
function nulAt(body: unknown): string | undefined {
  const stack: [unknown, string[]][] = [[body, []]];
  while (stack.length) {
    const [value, path] = stack.pop()!;
    if (typeof value === 'string') {
      if (value.includes('\u0000')) return path.join('.') || '(body)';
    } else if (typeof value === 'object' && value !== null) {
      for (const [k, v] of Object.entries(value)) {
        if (k.includes('\u0000')) return [...path, k.replace(/\u0000/g, '\\0')].join('.');
        stack.push([v, path.length < 20 ? [...path, k] : path]);
      }
    }
  }
  return undefined;
}

/**
 * A NUL character can be in no text the database stores or compares (PostgreSQL refuses it), so a
 * request carrying one — in its path, its query or its JSON body — is invalid input, answered 400
 * naming where, before any route runs.
 */
function refuseNul(req: Request, _res: Response, next: NextFunction) {
  const [pathPart, queryPart = ''] = req.originalUrl.split(/\?(.*)/s);
  let field: string | undefined;
  if (/%00/i.test(pathPart)) field = '(path)';
  else if (/%00/i.test(queryPart))
    field =
      queryPart
        .split('&')
        .find((p) => /%00/i.test(p))!
        .split('=')[0] || '(query)';
  else field = nulAt(req.body);
  if (field !== undefined) {
    throw new DomainError('invalid_input', [
      {
        field,
        code: 'invalid_character',
        message: { zh: '不能包含空字符（U+0000）', en: 'Must not contain the NUL character (U+0000)' },
      },
    ]);
  }
  next();
}

export function createApp(deps: UseCaseDeps) {
  const app = express();
  app.disable('x-powered-by');
  app.use(securityHeaders());
  app.use(['/api', '/health'], noStore);
  // how many proxies' X-Forwarded-For to believe: req.ip is the client login throttling counts
  app.set('trust proxy', deps.trustProxy ?? 0);
  app.set('query parser', 'simple');

  // One log line per request.
  app.use((req, res, next) => {
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const user = (req as Request & { user?: { username: string } }).user;
      deps.logger.info(
        {
          method: req.method,
          url: req.originalUrl,
          status: res.statusCode,
          ms: Number(process.hrtime.bigint() - started) / 1e6,
          user: user?.username,
        },
        'request',
      );
    });
    next();
  });
  app.use(express.json({ limit: '1mb' }));
  app.use(refuseNul);
  app.use(bodyCheck(OPERATIONS.filter((op) => op.open)));

  app.get('/health', healthRoute(deps));
  app.use(webRoutes());
  app.get('/openapi.json', (_req, res) => {
    res.json(openApiDocument(deps.outbox.publicUrl));
  });

  app.post('/api/auth/login', async (req, res) => {
    const { username, password } = (req.body ?? {}) as Record<string, unknown>;
    const fields = [];
    if (typeof username !== 'string' || !username)
      fields.push({ field: 'username', code: 'required', message: { zh: '必填项', en: 'Required' } });
    if (typeof password !== 'string' || !password)
      fields.push({ field: 'password', code: 'required', message: { zh: '必填项', en: 'Required' } });
    if (fields.length) throw new DomainError('invalid_input', fields);
    try {
      const session = await login(deps, username as string, password as string, req.ip);
      res.json({ token: session.token, expiresAt: session.expiresAt, user: session.user });
    } catch (err) {
      if (err instanceof TooManyAttempts) res.set('Retry-After', String(err.retryAfterSeconds));
      throw err;
    }
  });

  // the public record (lists, anonymous objections, …): the only /api routes without a token
  // (anything else under /api/public falls through to the token check like every other path)
  app.use('/api/public', publicRoutes(deps));
  app.use('/api/public', publicPracticeRoutes(deps));

  app.use('/api', async (req: Request, _res: Response, next: NextFunction) => {
    const token = bearer(req);
    if (!token) throw new DomainError('unauthenticated');
    const taskId = decisionTaskId(req);
    if (taskId === undefined) {
      (req as Request & { user?: unknown }).user = await authenticate(deps, token);
    } else {
      const { user, task } = await authenticate(deps, token, taskId);
      Object.assign(req, { user, task });
    }
    next();
  });
  app.use(bodyCheck(OPERATIONS.filter((op) => !op.open)));

  app.post('/api/auth/logout', async (req, res) => {
    await logout(deps, bearer(req)!);
    res.status(204).end();
  });
  app.get('/api/me', (req, res) => {
    res.json((req as Request & { user?: unknown }).user);
  });
  app.use('/api', roundRoutes(deps));
  app.use('/api', expertAssignmentRoutes(deps));
  app.use('/api', objectionRoutes(deps));
  app.use('/api', mailRoutes(deps));
  app.use('/api', overviewRoutes(deps));
  app.use('/api', practiceRoutes(deps));
  app.use('/api', evaluatorRoutes(deps));
  app.use('/api/applications', applicationRoutes(deps));
  app.use('/api/applications', applicationPdfRoutes(deps));
  app.use('/api/recommendations', recommendationRoutes(deps));
  app.use('/api/tasks', taskRoutes(deps));
  app.use('/api/inbox', inboxRoutes(deps));
  app.use('/api/attachments', attachmentRoutes(deps));
  app.use('/api/experts', expertRoutes(deps));
  app.use('/api/users', userRoutes(deps));
  app.use('/api/me', ownAccountRoutes(deps));
  app.use('/api/pilots', pilotRoutes(deps));
  app.use('/api', () => {
    throw new DomainError('not_found');
  });

  app.use(errorHandler(deps.logger));
  return app;
}
