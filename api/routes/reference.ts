// Reference data an applicant or officer needs to fill and read forms: rounds, task lists,
// departments. Read-only for every logged-in user.
import { Router } from 'express';
import { CITY_TASKS, ENTERPRISE_TASKS } from '../../domain/annex';
import { APPLICANT_KIND_LABELS } from '../../domain/applicants';
import { NATIONAL_BODIES } from '../../domain/bodies';
import { PROVINCIAL_PARTIES } from '../../domain/parties';
import { PROVINCES } from '../../domain/provinces';
import { isDeclarationOpen } from '../../domain/round';
import type { UseCaseDeps } from '../../usecases/context';

export function referenceRoutes(deps: UseCaseDeps) {
  const router = Router();
  router.get('/rounds', async (_req, res) => {
    const rounds = await deps.db.round.findMany({ orderBy: { declarationDeadline: 'asc' } });
    const now = deps.now?.() ?? new Date();
    res.json(rounds.map((r) => ({ ...r, open: isDeclarationOpen(r, now) })));
  });
  router.get('/reference', (_req, res) => {
    res.json({ applicantKinds: APPLICANT_KIND_LABELS, cityTasks: CITY_TASKS, enterpriseTasks: ENTERPRISE_TASKS, bodies: NATIONAL_BODIES, provincialParties: PROVINCIAL_PARTIES, provinces: PROVINCES });
  });
  return router;
}
