// /api/tasks: the inbox, one task, its decision, the officers' desk actions and attachments.
import express, { Router } from 'express';
import type { DeskAction } from '../../domain/taskDesk';
import { canReadTask } from '../../usecases/access';
import { downloadAttachment, MAX_ATTACHMENT_BYTES, uploadAttachment } from '../../usecases/attachments';
import type { UseCaseDeps } from '../../usecases/context';
import { batchDecide } from '../../usecases/batchDecision';
import { actOnTask, returnTask } from '../../usecases/desk';
import { inbox } from '../../usecases/inbox';
import { decideTask, getTask } from '../../usecases/tasks';
import { langOf, preloadedTask, userOf } from '../http';

/** The desk's routes, each the `taskAction` Update of the task's stage workflow. */
export const DESK_ROUTES: Record<string, DeskAction> = {
  claim: 'claim',
  release: 'release',
  transfer: 'transfer',
  delegate: 'delegate',
  'take-back': 'takeBack',
  reassign: 'reassign',
  withdraw: 'withdraw',
};

export function taskRoutes(deps: UseCaseDeps) {
  const router = Router();
  const idempotencyKey = (req: express.Request) => req.get('idempotency-key') ?? undefined;
  router.get('/', async (req, res) => {
    res.json(await inbox(deps, userOf(req), req.query));
  });
  router.get('/:id', async (req, res) => {
    res.json(await getTask(deps, userOf(req), req.params.id));
  });
  // 批量通过: each task's result, in the request's language
  router.post('/batch-decision', async (req, res) => {
    const lang = langOf(req);
    const results = await batchDecide(deps, userOf(req), req.body);
    res.json({ results: results.map((r) => ({ ...r, message: r.message?.[lang] })) });
  });
  router.post('/:id/decision', async (req, res) => {
    res.json(await decideTask(deps, userOf(req), req.params.id, req.body, idempotencyKey(req), preloadedTask(req)));
  });
  router.post('/:id/return', async (req, res) => {
    res.json(await returnTask(deps, userOf(req), req.params.id, req.body, idempotencyKey(req)));
  });
  for (const [path, action] of Object.entries(DESK_ROUTES)) {
    router.post(`/:id/${path}`, async (req, res) => {
      res.json(await actOnTask(deps, userOf(req), req.params.id, action, req.body, idempotencyKey(req)));
    });
  }
  // The file is the raw body; its name comes in the query (?name=…), its type in Content-Type.
  router.post('/:id/attachments', express.raw({ type: () => true, limit: MAX_ATTACHMENT_BYTES }), async (req, res) => {
    res.status(201).json(
      await uploadAttachment(deps, userOf(req), req.params.id, {
        name: req.query.name,
        contentType: req.get('content-type'),
        data: req.body,
        otherParams: Object.keys(req.query).filter((k) => k !== 'name'),
      }),
    );
  });
  return router;
}

/** /api/attachments/:id: an attachment's bytes, for whoever may read its task. */
export function attachmentRoutes(deps: UseCaseDeps) {
  const router = Router();
  router.get('/:id', async (req, res) => {
    const user = userOf(req);
    const file = await downloadAttachment(deps, user, req.params.id, (task) => canReadTask(user, task));
    res.set({
      'content-type': file.contentType,
      'content-disposition': `attachment; filename*=UTF-8''${encodeURIComponent(file.name)}`,
      'x-content-sha256': file.sha256,
    });
    res.send(file.data);
  });
  return router;
}
