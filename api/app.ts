// The Express application: JSON API under /api, health at /health. Every /api route but login
// requires a valid bearer token; what a user may do is decided in the use cases.
import express, { type NextFunction, type Request, type Response } from 'express';
import { DomainError } from '../domain/errors';
import { authenticate, login, logout } from '../usecases/auth';
import type { UseCaseDeps } from '../usecases/context';
import { errorHandler } from './http';
import { openApiDocument } from './openapi';
import { webRoutes } from './web';
import { applicationRoutes } from './routes/applications';
import { expertRoutes } from './routes/experts';
import { healthRoute } from './routes/health';
import { mailRoutes } from './routes/mail';
import { pilotRoutes } from './routes/pilots';
import { roundRoutes } from './routes/rounds';
import { attachmentRoutes, taskRoutes } from './routes/tasks';

function bearer(req: Request): string | undefined {
  const header = req.get('authorization');
  const match = header?.match(/^Bearer\s+(\S+)$/i);
  return match?.[1];
}

export function createApp(deps: UseCaseDeps) {
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');

  // One log line per request.
  app.use((req, res, next) => {
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const user = (req as Request & { user?: { username: string } }).user;
      deps.logger.info(
        { method: req.method, url: req.originalUrl, status: res.statusCode, ms: Number(process.hrtime.bigint() - started) / 1e6, user: user?.username },
        'request',
      );
    });
    next();
  });
  app.use(express.json({ limit: '1mb' }));

  app.get('/health', healthRoute(deps));
  app.use(webRoutes());
  app.get('/openapi.json', (_req, res) => {
    res.json(openApiDocument(deps.outbox.publicUrl));
  });

  app.post('/api/auth/login', async (req, res) => {
    const { username, password } = (req.body ?? {}) as Record<string, unknown>;
    const fields = [];
    if (typeof username !== 'string' || !username) fields.push({ field: 'username', code: 'required', message: { zh: '必填项', en: 'Required' } });
    if (typeof password !== 'string' || !password) fields.push({ field: 'password', code: 'required', message: { zh: '必填项', en: 'Required' } });
    if (fields.length) throw new DomainError('invalid_input', fields);
    const session = await login(deps, username as string, password as string);
    res.json({ token: session.token, expiresAt: session.expiresAt, user: session.user });
  });

  app.use('/api', async (req: Request, _res: Response, next: NextFunction) => {
    const token = bearer(req);
    if (!token) throw new DomainError('unauthenticated');
    (req as Request & { user?: unknown }).user = await authenticate(deps, token);
    next();
  });

  app.post('/api/auth/logout', async (req, res) => {
    await logout(deps, bearer(req)!);
    res.status(204).end();
  });
  app.get('/api/me', (req, res) => {
    res.json((req as Request & { user?: unknown }).user);
  });
  app.use('/api', roundRoutes(deps));
  app.use('/api', mailRoutes(deps));
  app.use('/api/applications', applicationRoutes(deps));
  app.use('/api/tasks', taskRoutes(deps));
  app.use('/api/attachments', attachmentRoutes(deps));
  app.use('/api/experts', expertRoutes(deps));
  app.use('/api/pilots', pilotRoutes(deps));
  app.use('/api', () => {
    throw new DomainError('not_found');
  });

  app.use(errorHandler(deps.logger));
  return app;
}
