// Activities are built by a factory that receives their dependencies, so the worker, the tests
// and the benchmarks wire the same code to their own database, logger and SMTP server.
import type { Mailer } from '../notifications/mailer';
import type { OutboxSettings } from '../notifications/outbox';
import type { Db } from '../platform/db';
import type { Logger } from '../platform/logger';
import { createArchiveActivities } from './archive';
import { createAuditAnchorActivities } from './auditAnchor';
import { createCalendarActivities } from './calendar';
import { createDeadlineActivities } from './deadlines';
import { createDeliveryActivities } from './delivery';
import { createDeskActivities } from './desk';
import { createEvaluatorActivities } from './evaluator';
import { createExpertReviewActivities } from './expertReview';
import { createPilotActivities } from './pilot';
import { createPublicNoticeActivities } from './publicNotice';
import { createReadModelActivities } from './readModel';
import { createRecommendationActivities } from './recommendation';
import { createRemovalActivities } from './removal';
import { createSelectionActivities } from './selection';
import { createTitleActivities } from './title';

export interface ActivityDeps {
  db: Db;
  logger: Logger;
  mailer: Mailer;
  outbox: OutboxSettings & { mailFrom: string };
}

export function createActivities(deps: ActivityDeps) {
  return {
    ...createReadModelActivities(deps),
    ...createExpertReviewActivities(deps),
    ...createSelectionActivities(deps),
    ...createRecommendationActivities(deps),
    ...createPilotActivities(deps),
    ...createEvaluatorActivities(deps),
    ...createRemovalActivities(deps),
    ...createTitleActivities(deps),
    ...createDeadlineActivities(deps),
    ...createDeliveryActivities(deps),
    ...createDeskActivities(deps),
    ...createArchiveActivities(deps),
    ...createAuditAnchorActivities(deps),
    ...createCalendarActivities(deps),
    ...createPublicNoticeActivities(deps),
  };
}

export type Activities = ReturnType<typeof createActivities>;
