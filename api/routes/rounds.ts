// Rounds and reference data: rounds and their selection, task lists, departments.
import { Router } from 'express';
import { CITY_TASKS, ENTERPRISE_TASKS } from '../../domain/annex';
import { APPLICANT_KIND_LABELS } from '../../domain/applicants';
import { NATIONAL_BODIES } from '../../domain/bodies';
import { PROVINCIAL_PARTIES } from '../../domain/parties';
import { EVALUATION_STAGE_LABELS, GRADE_LABELS } from '../../domain/evaluation';
import { PROVINCES } from '../../domain/provinces';
import { SELECTION_GROUP_LABELS } from '../../domain/selection';
import { APPLICATION_STATUSES } from '../../domain/status';
import { isDeclarationOpen } from '../../domain/round';
import type { UseCaseDeps } from '../../usecases/context';
import { closeDeclaration } from '../../usecases/rounds';
import { getSelection, openSelection } from '../../usecases/selection';
import { userOf } from '../http';

export function roundRoutes(deps: UseCaseDeps) {
  const router = Router();
  router.get('/rounds', async (_req, res) => {
    const rounds = await deps.db.round.findMany({ orderBy: { declarationDeadline: 'asc' } });
    const now = deps.now?.() ?? new Date();
    res.json(rounds.map((r) => ({ ...r, open: isDeclarationOpen(r, now) })));
  });
  router.post('/rounds/:id/close-declaration', async (req, res) => {
    res.json(await closeDeclaration(deps, userOf(req), req.params.id));
  });
  router.post('/rounds/:id/selection', async (req, res) => {
    res.status(201).json(await openSelection(deps, userOf(req), req.params.id));
  });
  router.get('/rounds/:id/selection', async (req, res) => {
    res.json(await getSelection(deps, userOf(req), req.params.id));
  });
  router.get('/reference', (_req, res) => {
    res.json({
      applicantKinds: APPLICANT_KIND_LABELS,
      statuses: APPLICATION_STATUSES,
      cityTasks: CITY_TASKS,
      enterpriseTasks: ENTERPRISE_TASKS,
      bodies: NATIONAL_BODIES,
      provincialParties: PROVINCIAL_PARTIES,
      provinces: PROVINCES,
      selectionGroups: SELECTION_GROUP_LABELS,
      grades: GRADE_LABELS,
      evaluationStages: EVALUATION_STAGE_LABELS,
    });
  });
  return router;
}
