// The two-year pilots on the time-skipping server: each quarter the clock jumps a quarter ahead,
// every pilot files its report, each province's commerce department compiles them; after the
// mid-term quarter and the last one, each pilot assesses itself and the eight bodies grade it.
import { NATIONAL_BODIES } from '../../domain/bodies';
import { LEAD_PARTY, provincialDepartmentId } from '../../domain/parties';
import { daysToMs, DEFAULT_ROUND_CONFIG } from '../../domain/round';
import { officerUsername } from '../../platform/seed';
import { submitQuarterlyReport, submitSelfAssessment } from '../../usecases/pilots';
import { decideTask } from '../../usecases/tasks';
import { gradingTaskId, opinionTaskId, quarterlyReportWorkflowId } from '../../shared/definitions';
import { pool } from '../pool';
import { waitFor } from '../wait';
import type { Actors } from './actors';
import type { RoundEnvironment } from './environment';

const { quarters, quarterDays, midtermAfterQuarter } = DEFAULT_ROUND_CONFIG.pilot;
const GRADES = ['excellent', 'good', 'pass'] as const;

interface Pilot {
  id: string;
  applicant: string;
  provinceCode: string | null;
  tasks: string[];
}

export async function runPilots(
  env: RoundEnvironment,
  as: Actors,
  roundId: string,
  ids: string[],
  concurrency: number,
  progress: (line: string) => void,
): Promise<void> {
  const { db, client } = env;
  await waitFor(
    'every pilot started',
    async () => (await db.pilot.count({ where: { id: { in: ids } } })) === ids.length,
  );
  const pilots: Pilot[] = (
    await db.application.findMany({
      where: { id: { in: ids } },
      include: { organization: { include: { users: { select: { username: true } } } } },
    })
  ).map((a) => ({
    id: a.id,
    applicant: a.organization.users[0].username,
    provinceCode: a.provinceCode,
    tasks: (a.annex as { chosenTasks: string[] }).chosenTasks,
  }));
  const each = (work: (p: Pilot, i: number) => Promise<void>) => pool(pilots, concurrency, work);
  const workflowOf = (p: Pilot, quarter: number) => client.workflow.getHandle(quarterlyReportWorkflowId(p.id, quarter));

  for (let quarter = 1; quarter <= quarters; quarter++) {
    if (quarter > 1) await env.skip(daysToMs(quarterDays));
    if (quarter === midtermAfterQuarter + 1) await evaluate(env, as, pilots, 'midterm', concurrency);
    await each(async (p) => {
      await waitFor(`the quarter ${quarter} report of ${p.id}`, () =>
        workflowOf(p, quarter)
          .describe()
          .then(
            () => true,
            () => false,
          ),
      );
      const report = {
        progress: p.tasks.map((task) => ({ task, summary: `Quarter ${quarter}: progress on ${task}` })),
        indicators: [{ name: 'Inventory turnover days', value: 40 - quarter, unit: 'days' }],
        problems: '',
      };
      await submitQuarterlyReport(env.deps, await as(p.applicant), p.id, quarter, report);
    });
    // Every report has gone on (to its province's compilation, or straight to MOFCOM) before the provinces compile.
    await each(
      async (p) =>
        void (await waitFor(
          `the quarter ${quarter} report of ${p.id} delivered`,
          async () => (await workflowOf(p, quarter).describe()).status.name === 'COMPLETED',
        )),
    );
    const compilations = await db.task.findMany({
      where: { roundId, stage: 'quarterlyCompilation', reviewRound: quarter, status: 'open' },
    });
    for (const task of compilations)
      await decideTask(
        env.deps,
        await as(officerUsername(provincialDepartmentId(task.provinceCode!, LEAD_PARTY))),
        task.id,
        { decision: 'compile', note: `Quarter ${quarter}` },
      );
    progress(`quarter ${quarter}: ${pilots.length} reports, ${compilations.length} provincial compilations`);
  }
  await env.skip(daysToMs(quarterDays));
  await evaluate(env, as, pilots, 'final', concurrency);
  await waitFor(
    'every pilot completed',
    async () => (await db.application.count({ where: { id: { in: ids }, status: 'completed' } })) === ids.length,
  );
}

/** The pilot's self-assessment, then the eight bodies' grades (all one grade per pilot, varying between pilots). */
async function evaluate(
  env: RoundEnvironment,
  as: Actors,
  pilots: Pilot[],
  stage: 'midterm' | 'final',
  concurrency: number,
): Promise<void> {
  const { db, deps } = env;
  await pool(pilots, concurrency, async (p, i) => {
    await waitFor(`the ${stage} evaluation of ${p.id}`, () =>
      db.evaluation.findUnique({ where: { id: `${p.id}:${stage}` } }),
    );
    const assessment = {
      summary: `${stage} self-assessment`,
      achievements: 'Costs down',
      replicablePractice: `Practice of ${p.id}`,
      proposedGrade: 'excellent',
    };
    await submitSelfAssessment(deps, await as(p.applicant), p.id, stage, assessment);
    // the province's opinion comes before the bodies grade (a central enterprise has none)
    if (p.provinceCode) {
      const opinion = opinionTaskId(p.id, stage);
      await waitFor(`the ${stage} opinion on ${p.id}`, () => db.task.findUnique({ where: { id: opinion } }));
      await decideTask(deps, await as(officerUsername(provincialDepartmentId(p.provinceCode, LEAD_PARTY))), opinion, {
        decision: 'opine',
        reason: '试点工作推进有序，同意报送评估',
      });
    }
    await waitFor(
      `the ${stage} grading tasks of ${p.id}`,
      async () =>
        (await db.task.count({
          where: { applicationId: p.id, stage: 'evaluation', reviewRound: stage === 'midterm' ? 1 : 2 },
        })) === NATIONAL_BODIES.length,
    );
    const grade = GRADES[i % GRADES.length];
    await Promise.all(
      NATIONAL_BODIES.map(async (b) =>
        decideTask(deps, await as(officerUsername(b.code)), gradingTaskId(p.id, stage, b.code), {
          decision: 'grade',
          grade,
        }),
      ),
    );
  });
}
