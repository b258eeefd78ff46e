// HTTP plumbing shared by all routes: the language of the answer, the error shape, and the
// current user on the request.
import type { NextFunction, Request, Response } from 'express';
import { DomainError } from '../domain/errors';
import { RETRY_AFTER_SECONDS } from '../platform/updateDeadline';
import type { Logger } from '../platform/logger';
import type { TaskRow } from '../usecases/auth';
import type { CurrentUser } from '../usecases/context';

export type Lang = 'zh' | 'en';

/** zh-CN unless the client prefers English. */
export function langOf(req: Request): Lang {
  const preferred = req.acceptsLanguages('zh-CN', 'zh', 'en');
  return preferred === 'en' ? 'en' : 'zh';
}

/**
 * A decision's task id (POST /api/tasks/:id/decision): the token check reads that task in the same
 * query as the session, so a decision costs the API one round trip to the database.
 */
export function decisionTaskId(req: Request): string | undefined {
  if (req.method !== 'POST') return undefined;
  const raw = /^\/tasks\/([^/]+)\/decision$/.exec(req.path)?.[1];
  if (raw === undefined) return undefined;
  try {
    return decodeURIComponent(raw);
  } catch {
    return undefined; // a malformed escape: the route answers it as any other path
  }
}

/** The task the token check read with the session (undefined: not read; null: none). */
export function preloadedTask(req: Request): TaskRow | null | undefined {
  return (req as Request & { task?: TaskRow | null }).task;
}

export function userOf(req: Request): CurrentUser {
  const user = (req as Request & { user?: CurrentUser }).user;
  if (!user) throw new DomainError('unauthenticated');
  return user;
}

/**
 * Every error answer has one shape: { error: { code, message, applicationId?, fields? } }, message and field
 * messages in the request's language. Anything unexpected is logged and answered 500 without detail.
 */
export function errorHandler(logger: Logger) {
  return (err: unknown, req: Request, res: Response, _next: NextFunction) => {
    const lang = langOf(req);
    let domain: DomainError | undefined = err instanceof DomainError ? err : undefined;
    const httpError = err as { type?: string; status?: number };
    if (!domain && httpError?.type === 'entity.parse.failed') {
      domain = new DomainError('invalid_input', [
        {
          field: '(body)',
          code: 'invalid_json',
          message: { zh: '请求体不是有效的 JSON', en: 'The body is not valid JSON' },
        },
      ]);
    }
    if (!domain && httpError?.type === 'entity.too.large') {
      res
        .status(413)
        .json({ error: { code: 'too_large', message: lang === 'en' ? 'The body is too large' : '请求体过大' } });
      return;
    }
    if (!domain && typeof httpError?.status === 'number' && httpError.status >= 400 && httpError.status < 500) {
      domain = new DomainError('invalid_input');
    }
    if (!domain) {
      logger.error({ err, method: req.method, url: req.originalUrl }, 'unhandled error');
      res.status(500).json({ error: { code: 'internal', message: lang === 'en' ? 'Internal error' : '内部错误' } });
      return;
    }
    // a 503 is temporary: say when to try again (under the same Idempotency-Key)
    if (domain.status === 503) res.set('Retry-After', String(RETRY_AFTER_SECONDS));
    res.status(domain.status).json({
      error: {
        code: domain.code,
        message: domain.messages[lang],
        ...(domain.applicationId ? { applicationId: domain.applicationId } : {}),
        ...(domain.fields
          ? { fields: domain.fields.map((f) => ({ field: f.field, code: f.code, message: f.message[lang] })) }
          : {}),
      },
    });
  };
}
