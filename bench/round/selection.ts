// Selection: the declaration deadline passes, MOFCOM opens the selection, the eight bodies
// countersign the ranked list, and every scored application receives its verdict.
import { NATIONAL_BODIES } from '../../domain/bodies';
import { officerUsername } from '../../platform/seed';
import { openSelection } from '../../usecases/selection';
import { decideTask } from '../../usecases/tasks';
import { countersignTaskId } from '../../shared/definitions';
import { waitFor } from '../wait';
import type { Actors } from './actors';
import type { RoundEnvironment } from './environment';

/** Returns the selected applications' ids. */
export async function select(
  env: RoundEnvironment,
  as: Actors,
  roundId: string,
  applications: number,
): Promise<string[]> {
  const { deps, db } = env;
  await db.round.update({ where: { id: roundId }, data: { declarationDeadline: new Date(0) } });
  await openSelection(deps, await as(officerUsername('MOFCOM')), roundId);
  await waitFor(
    'the countersign tasks',
    async () => (await db.task.count({ where: { roundId, stage: 'selectionCountersign' } })) === NATIONAL_BODIES.length,
  );
  for (const body of NATIONAL_BODIES)
    await decideTask(deps, await as(officerUsername(body.code)), countersignTaskId(roundId, 1, body.code), {
      decision: 'approve',
    });
  const verdicts = await waitFor('every verdict', async () => {
    const events = await db.auditEvent.findMany({
      where: { application: { roundId }, toStatus: { in: ['selected', 'not_selected'] } },
      select: { applicationId: true, toStatus: true },
    });
    return events.length === applications ? events : undefined;
  });
  return verdicts.filter((v) => v.toStatus === 'selected').map((v) => v.applicationId!);
}
