// Activities are built by a factory that receives their dependencies, so the worker, the tests
// and the benchmarks wire the same code to their own database and logger.
import type { Db } from '../platform/db';
import type { Logger } from '../platform/logger';
import { createExpertReviewActivities } from './expertReview';
import { createPilotActivities } from './pilot';
import { createReadModelActivities } from './readModel';
import { createSelectionActivities } from './selection';

export interface ActivityDeps {
  db: Db;
  logger: Logger;
}

export function createActivities(deps: ActivityDeps) {
  return { ...createReadModelActivities(deps), ...createExpertReviewActivities(deps), ...createSelectionActivities(deps), ...createPilotActivities(deps) };
}

export type Activities = ReturnType<typeof createActivities>;
