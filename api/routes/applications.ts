// /api/applications: draft, edit, submit and read applications.
import { Router } from 'express';
import { DomainError } from '../../domain/errors';
import {
  createDraft,
  getApplication,
  listApplications,
  submitApplication,
  updateDraft,
} from '../../usecases/applications';
import type { UseCaseDeps } from '../../usecases/context';
import { proposeTitleRevocation } from '../../usecases/titles';
import { userOf } from '../http';
import { timelineRoute } from '../timelineRoute';

function body(raw: unknown): Record<string, unknown> {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new DomainError('invalid_input', [
      {
        field: '(body)',
        code: 'invalid_type',
        message: { zh: '请求体应为 JSON 对象', en: 'The body must be a JSON object' },
      },
    ]);
  }
  return raw as Record<string, unknown>;
}

export function applicationRoutes(deps: UseCaseDeps) {
  const router = Router();
  router.get('/', async (req, res) => {
    res.json(await listApplications(deps, userOf(req), req.query));
  });
  router.post('/', async (req, res) => {
    const b = body(req.body);
    if (typeof b.roundId !== 'string') {
      throw new DomainError('invalid_input', [
        { field: 'roundId', code: 'required', message: { zh: '必填项', en: 'Required' } },
      ]);
    }
    res.status(201).json(await createDraft(deps, userOf(req), { roundId: b.roundId, annex: b.annex }));
  });
  router.get('/:id', async (req, res) => {
    res.json(await getApplication(deps, userOf(req), req.params.id));
  });
  router.get('/:id/timeline', timelineRoute(deps));
  router.put('/:id', async (req, res) => {
    const b = body(req.body);
    res.json(await updateDraft(deps, userOf(req), req.params.id, { annex: b.annex }));
  });
  router.post('/:id/submit', async (req, res) => {
    res.json(await submitApplication(deps, userOf(req), req.params.id, req.body));
  });
  router.post('/:id/title/revocation', async (req, res) => {
    res.json(await proposeTitleRevocation(deps, userOf(req), req.params.id, req.body));
  });
  return router;
}
