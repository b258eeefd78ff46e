// Rounds and reference data: rounds, their rules and selection, the working-day calendar, task lists, departments.
import { Router } from 'express';
import { INCENTIVE_KINDS } from '../../domain/incentives';
import { REMOVAL_GROUNDS, REMOVAL_STATUSES } from '../../domain/removal';
import { TITLE_REVIEW_STATUSES, TITLE_REVOCATION_GROUNDS } from '../../domain/titleReview';
import { CITY_TASKS, DECLARATION_SECTIONS, ENTERPRISE_TASKS } from '../../domain/annex';
import { DEFAULT_DEMONSTRATION } from '../../domain/demonstration';
import { DEMONSTRATION_INDICATORS } from '../../domain/indicators';
import { APPLICANT_KIND_LABELS } from '../../domain/applicants';
import { NATIONAL_BODIES } from '../../domain/bodies';
import { PROVINCIAL_PARTIES } from '../../domain/parties';
import { EVALUATION_STAGE_LABELS, GRADE_LABELS } from '../../domain/evaluation';
import { PROVINCES } from '../../domain/provinces';
import { SELECTION_GROUP_LABELS } from '../../domain/selection';
import { APPLICATION_STATUSES } from '../../domain/status';
import type { UseCaseDeps } from '../../usecases/context';
import { getCalendarYear, setCalendarYear } from '../../usecases/calendar';
import { changeRoundConfig, closeDeclaration, createRound, getRound, listRounds } from '../../usecases/rounds';
import { getSelection, openSelection } from '../../usecases/selection';
import { unitRecommendation } from '../../usecases/recommendations';
import { setUnitDeadline } from '../../usecases/unitDeadlines';
import { userOf } from '../http';

export function roundRoutes(deps: UseCaseDeps) {
  const router = Router();
  router.get('/rounds', async (req, res) => {
    res.json(await listRounds(deps, userOf(req)));
  });
  router.post('/rounds', async (req, res) => {
    res.status(201).json(await createRound(deps, userOf(req), req.body));
  });
  router.get('/rounds/:id', async (req, res) => {
    res.json(await getRound(deps, req.params.id));
  });
  router.put('/rounds/:id/config', async (req, res) => {
    res.json(await changeRoundConfig(deps, userOf(req), req.params.id, req.body));
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
  router.get('/rounds/:id/units/:unit/recommendation', async (req, res) => {
    res.json(await unitRecommendation(deps, userOf(req), req.params.id, req.params.unit));
  });
  router.put('/rounds/:id/units/:unit/deadline', async (req, res) => {
    res.json(await setUnitDeadline(deps, userOf(req), req.params.id, req.params.unit, req.body));
  });
  router.get('/calendar/:year', async (req, res) => {
    res.json(await getCalendarYear(deps, req.params.year));
  });
  router.put('/calendar/:year', async (req, res) => {
    res.json(await setCalendarYear(deps, userOf(req), req.params.year, req.body));
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
      removalGrounds: REMOVAL_GROUNDS,
      removalStatuses: REMOVAL_STATUSES,
      titleRevocationGrounds: TITLE_REVOCATION_GROUNDS,
      titleReviewStatuses: TITLE_REVIEW_STATUSES,
      incentiveKinds: INCENTIVE_KINDS,
      // a new demonstration round's rules unless it sets its own (usecases/rounds.ts), and its 申报书's 正文
      demonstrationDefaults: {
        demonstration: DEFAULT_DEMONSTRATION,
        rubric: DEMONSTRATION_INDICATORS,
        annexVersion: 3,
      },
      declarationSections: DECLARATION_SECTIONS,
    });
  });
  return router;
}
