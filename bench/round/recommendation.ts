// Each province's recommendation (择优推荐): its commerce department ranks every application its
// joint review approved, in the order they were submitted, and the six other parties countersign
// (in turn or at once); every one of them is then forwarded to MOFCOM.
import { LEAD_PARTY, PARTY_CODES, provincialDepartmentId, type PartyCode } from '../../domain/parties';
import { officerUsername } from '../../platform/seed';
import { decideTask } from '../../usecases/tasks';
import { recommendationCountersignTaskId } from '../../shared/definitions';
import { eachParty } from '../parties';
import { pool } from '../pool';
import { waitFor } from '../wait';
import type { Actors } from './actors';
import type { RoundEnvironment } from './environment';

const COSIGNERS = PARTY_CODES.filter((p) => p !== LEAD_PARTY);

export async function recommendAll(
  env: RoundEnvironment,
  as: Actors,
  roundId: string,
  approved: { id: string; province: string; city: boolean }[],
  concurrency: number,
  parties: 'in-turn' | 'together',
): Promise<void> {
  const { deps, db } = env;
  const provinces = [...new Set(approved.map((a) => a.province))];
  await pool(provinces, concurrency, async (province) => {
    const mine = approved.filter((a) => a.province === province);
    const officer = (party: PartyCode) => as(officerUsername(provincialDepartmentId(province, party)));
    // the drafting task, once its recommendation holds every application approved
    const taskId = await waitFor(`${province}'s recommendation`, async () => {
      const task = await db.task.findFirst({
        where: { stage: 'recommendation', status: 'open', roundId, provinceCode: province },
      });
      const rec = task && (await db.recommendation.findUnique({ where: { id: task.id.split(':recommend:')[0] } }));
      return rec && mine.every((a) => rec.applications.includes(a.id)) ? task.id : undefined;
    });
    const ranking = {
      city: mine.filter((a) => a.city).map((a) => a.id),
      enterprise: mine.filter((a) => !a.city).map((a) => a.id),
    };
    await decideTask(deps, await officer(LEAD_PARTY), taskId, { decision: 'recommend', reason: 'bench', ranking });
    const [recommendationId, version] = [taskId.split(':recommend:')[0], Number(taskId.split(':recommend:v')[1])];
    const cosign = (party: PartyCode) => recommendationCountersignTaskId(recommendationId, version, party);
    await waitFor(
      `${province}'s countersign`,
      async () => (await db.task.count({ where: { id: { in: COSIGNERS.map(cosign) } } })) === COSIGNERS.length,
    );
    await eachParty(COSIGNERS, parties, async (p) =>
      decideTask(deps, await officer(p), cosign(p), { decision: 'approve' }),
    );
  });
}
