// /api/mailboxes, /api/notifications, /api/outbox: the mail directory, delivery state and the sink.
import { Router } from 'express';
import type { UseCaseDeps } from '../../usecases/context';
import { listMailboxes, listNotifications, listOutbox, setMailbox } from '../../usecases/mail';
import { userOf } from '../http';

export function mailRoutes(deps: UseCaseDeps) {
  const router = Router();
  router.get('/mailboxes', async (req, res) => {
    res.json(await listMailboxes(deps, userOf(req), req.query));
  });
  router.put('/mailboxes/:departmentId', async (req, res) => {
    res.json(await setMailbox(deps, userOf(req), req.params.departmentId, req.body));
  });
  router.get('/notifications', async (req, res) => {
    res.json(await listNotifications(deps, userOf(req), req.query));
  });
  router.get('/outbox', async (req, res) => {
    res.json(await listOutbox(deps, userOf(req), req.query));
  });
  return router;
}
