// Declaration to score: each applicant drafts and submits; a provincial applicant's seven parties
// approve (in turn or at once), and its province recommends it with all it approved
// (./recommendation.ts); the one expert on its panel scores it. Scores run from 50 to 97
// with many ties, so the quotas and the tie-break both matter (as in test/roundSimulation.test.ts).
import { PARTY_CODES, provincialDepartmentId } from '../../domain/parties';
import { DEFAULT_RUBRIC } from '../../domain/round';
import { officerUsername } from '../../platform/seed';
import { createDraft, submitApplication } from '../../usecases/applications';
import { decideTask } from '../../usecases/tasks';
import { cityAnnex, enterpriseAnnex } from '../../test/support/fixtures';
import { reviewTaskId } from '../../shared/definitions';
import { eachParty } from '../parties';
import { pool } from '../pool';
import type { Applicant } from '../population';
import { waitFor } from '../wait';
import { recommendAll } from './recommendation';
import type { Actors } from './actors';
import type { RoundEnvironment } from './environment';

export async function declareAndReview(
  env: RoundEnvironment,
  as: Actors,
  roundId: string,
  applicants: Applicant[],
  concurrency: number,
  parties: 'in-turn' | 'together',
  done: () => void,
): Promise<void> {
  const { deps, db } = env;
  const submitted: { id: string; province: string | null; city: boolean }[] = [];
  await pool(applicants, concurrency, async (a) => {
    const applicant = await as(a.username);
    const city = a.kind === 'city' || a.kind === 'ftz';
    const { id } = await createDraft(deps, applicant, { roundId, annex: city ? cityAnnex() : enterpriseAnnex() });
    await submitApplication(deps, applicant, id);
    submitted.push({ id, province: a.provinceCode, city });
    if (!a.provinceCode) return;
    const province = a.provinceCode;
    await waitFor(
      'the review tasks',
      async () =>
        (await db.task.count({ where: { applicationId: id, stage: 'provincialReview' } })) === PARTY_CODES.length,
    );
    await eachParty(PARTY_CODES, parties, async (p) =>
      decideTask(deps, await as(officerUsername(provincialDepartmentId(province, p))), reviewTaskId(id, 1, p), {
        decision: 'approve',
      }),
    );
    await waitFor('its joint review approving it', async () => {
      const app = await db.application.findUniqueOrThrow({ where: { id }, select: { status: true } });
      return app.status === 'recommending';
    });
  });
  // every province recommends what its joint review approved: those then go on to the experts
  const approved = submitted.flatMap((s) => (s.province ? [{ ...s, province: s.province }] : []));
  await recommendAll(env, as, roundId, approved, concurrency, parties);
  await pool(submitted, concurrency, async ({ id }, n) => {
    const task = await waitFor('the expert task', () =>
      db.task.findFirst({
        where: { applicationId: id, stage: 'expertReview', status: 'open' },
        include: { assignee: true },
      }),
    );
    const score = 50 + ((n * 37) % 48);
    await decideTask(deps, await as(task.assignee!.username), task.id, {
      decision: 'score',
      scores: Object.fromEntries(DEFAULT_RUBRIC.map((c) => [c.code, score])),
      comments: 'bench',
    });
    done();
  });
  await waitFor(
    'every application scored',
    async () => (await db.application.count({ where: { roundId, status: 'scored' } })) === applicants.length,
  );
}
