// The whole life of two applications — a Guangdong city (province-led) and a central enterprise —
// from declaration through provincial review, expert review, selection, a two-year pilot with
// eight quarterly reports each, to the mid-term and final evaluations: two years of durable
// timers, on Temporal's time-skipping test server, through the real API and database.
import { NATIONAL_BODIES } from '../domain/bodies';
import { daysToMs, DEFAULT_ROUND_CONFIG, DEFAULT_RUBRIC } from '../domain/round';
import { countersignTaskId, gradingTaskId, opinionTaskId, quarterlyReportWorkflowId } from '../shared/definitions';
import { cityAnnex, enterpriseAnnex } from './support/fixtures';
import { approveAndRecommend, decide, draft, statusBecomes, submit } from './support/flows';
import { Worker } from '@temporalio/worker';
import { keepHistories } from './support/histories';
import { env, http, login, newApplicant, newRound, startTimeSkippingHarness, waitFor } from './support/harness';

let h: Awaited<ReturnType<typeof startTimeSkippingHarness>>;

beforeAll(async () => {
  h = await startTimeSkippingHarness(); // panels draw on the seeded demo experts
});
afterAll(() => h.stop());

const QUARTER = daysToMs(DEFAULT_ROUND_CONFIG.pilot.quarterDays);
const DAY = daysToMs(1);
const sheet = Object.fromEntries(DEFAULT_RUBRIC.map((c) => [c.code, 88]));

function report(tasks: string[], quarter: number) {
  return {
    progress: tasks.map((task) => ({ task, summary: `Quarter ${quarter}: progress on ${task}` })),
    indicators: [{ name: 'Inventory turnover days', value: 40 - quarter, unit: 'days' }],
    problems: quarter === 2 ? 'Cross-border data rules slow the platform roll-out' : '',
  };
}

async function gradeAll(
  applicationId: string,
  stage: 'midterm' | 'final',
  grades: Record<string, string>,
  province?: string,
) {
  // a province's pilot: its commerce department gives its opinion first, and the bodies grade after it
  if (province) {
    const taskId = opinionTaskId(applicationId, stage);
    await waitFor(`${stage} opinion task`, () => h.db.task.findUnique({ where: { id: taskId } }));
    const opined = await decide(h, await login(h, `${province.toLowerCase()}.commerce`), taskId, {
      decision: 'opine',
      reason: `${stage}: steady progress`,
    });
    expect(opined.status).toBe(200);
  }
  await waitFor(
    `${stage} grading tasks`,
    async () =>
      (await h.db.task.count({
        where: { applicationId, stage: 'evaluation', reviewRound: stage === 'midterm' ? 1 : 2 },
      })) === 8,
  );
  for (const body of NATIONAL_BODIES) {
    const res = await decide(
      h,
      await login(h, body.code.toLowerCase()),
      gradingTaskId(applicationId, stage, body.code),
      { decision: 'grade', grade: grades[body.code] ?? 'excellent' },
    );
    expect(res.status).toBe(200);
  }
}

test('when a city and a central enterprise go from declaration to final evaluation, then two years of reports and both evaluations run in seconds', async () => {
  const round = await newRound(h, {
    expertReview: { panelSize: 1, quorum: 1 },
    selection: { quotas: { city: 1, enterprise: 1 }, minScore: 60, countersignDays: 10 },
  });
  const city = await newApplicant(h, 'city', 'GD');
  const central = await newApplicant(h, 'central_enterprise');
  const cityId = await draft(h, city.token, round.id, cityAnnex());
  const centralId = await draft(h, central.token, round.id, enterpriseAnnex());

  // Declaration, provincial joint review (the city only), expert review.
  expect((await submit(h, city.token, cityId)).status).toBe(200);
  expect((await submit(h, central.token, centralId)).status).toBe(200);
  await approveAndRecommend(h, round.id, 'GD', cityId);
  for (const id of [cityId, centralId]) {
    const task = await waitFor('the expert task', () =>
      h.db.task.findFirst({
        where: { applicationId: id, stage: 'expertReview', status: 'open' },
        include: { assignee: true },
      }),
    );
    expect(
      (
        await decide(h, await login(h, task.assignee!.username), task.id, {
          decision: 'score',
          scores: sheet,
          comments: 'Convincing plan',
        })
      ).status,
    ).toBe(200);
    await statusBecomes(h, id, 'scored');
  }

  // Selection: MOFCOM opens it after the deadline; the eight bodies sign; both are selected.
  await h.db.round.update({ where: { id: round.id }, data: { declarationDeadline: new Date(0) } });
  expect(
    (await http(h.baseUrl, 'POST', `/api/rounds/${round.id}/selection`, { token: await login(h, 'mofcom') })).status,
  ).toBe(201);
  await waitFor(
    'countersign tasks',
    async () => (await h.db.task.count({ where: { roundId: round.id, stage: 'selectionCountersign' } })) === 8,
  );
  for (const body of NATIONAL_BODIES)
    expect(
      (
        await decide(h, await login(h, body.code.toLowerCase()), countersignTaskId(round.id, 1, body.code), {
          decision: 'approve',
        })
      ).status,
    ).toBe(200);
  for (const id of [cityId, centralId]) await statusBecomes(h, id, 'pilot');
  await waitFor(
    'both pilots',
    async () => (await h.db.pilot.count({ where: { id: { in: [cityId, centralId] } } })) === 2,
  );

  const send = async (applicant: { token: string }, id: string, tasks: string[], quarter: number) => {
    const res = await http(h.baseUrl, 'POST', `/api/pilots/${id}/reports/${quarter}`, {
      token: applicant.token,
      body: report(tasks, quarter),
    });
    expect(res.status).toBe(200);
    return res.body as { late: boolean };
  };
  const quarterOpen = (quarter: number) =>
    waitFor(`quarter ${quarter} open for both pilots`, async () => {
      const started = await Promise.all(
        [cityId, centralId].map((id) =>
          h.client.workflow
            .getHandle(quarterlyReportWorkflowId(id, quarter))
            .describe()
            .then(
              () => true,
              () => false,
            ),
        ),
      );
      return started.every(Boolean);
    });
  let majorReportId = '';
  const cityTasks = cityAnnex().chosenTasks;
  const centralTasks = enterpriseAnnex().chosenTasks;

  for (let quarter = 1; quarter <= 8; quarter++) {
    if (quarter > 1) await h.skip(QUARTER);
    await quarterOpen(quarter);
    if (quarter === 1) {
      // Each quarter's row is written by its own workflow: quarters 2–8 have none yet, and nothing takes their report.
      expect(
        await h.db.quarterlyReport.count({ where: { pilotId: { in: [cityId, centralId] }, quarter: { gte: 2 } } }),
      ).toBe(0);
      const early = await http(h.baseUrl, 'POST', `/api/pilots/${cityId}/reports/2`, {
        token: city.token,
        body: report(cityTasks, 2),
      });
      expect([early.status, early.body.error.code]).toEqual([409, 'report_not_open']);
      // a quarter the pilot does not have, or no pilot at all: not found
      for (const path of [`/api/pilots/${cityId}/reports/9`, `/api/pilots/${cityId}-none/reports/1`]) {
        expect((await http(h.baseUrl, 'POST', path, { token: city.token, body: report(cityTasks, 1) })).status).toBe(
          404,
        );
      }
      // …but the page has every quarter of the pilot, due as recorded when it started.
      for (const [applicant, id] of [
        [city, cityId],
        [central, centralId],
      ] as const) {
        const started = await h.db.auditEvent.findUniqueOrThrow({ where: { eventKey: `pilot-${id}/started` } });
        const { schedule } = (await http(h.baseUrl, 'GET', `/api/pilots/${id}`, { token: applicant.token })).body;
        expect(schedule).toHaveLength(8);
        expect(schedule).toEqual((started.detail as { quarters: unknown[] }).quarters);
        // the application's answer leads to its pilot
        expect((await http(h.baseUrl, 'GET', `/api/applications/${id}`, { token: applicant.token })).body.pilotId).toBe(
          id,
        );
      }
      // Content is checked against the pilot's own chosen tasks.
      const bad = await http(h.baseUrl, 'POST', `/api/pilots/${cityId}/reports/1`, {
        token: city.token,
        body: { ...report(['PLATFORMS'], 1), indicators: [{ name: 'x' }] },
      });
      expect(bad.status).toBe(400);
      expect(bad.body.error.fields.map((f: { field: string }) => f.field)).toEqual(
        expect.arrayContaining(['progress.0.task', 'indicators.0.value', 'indicators.0.unit']),
      );
      expect(
        (
          await http(h.baseUrl, 'POST', `/api/pilots/${cityId}/reports/1`, {
            token: central.token,
            body: report(cityTasks, 1),
          })
        ).status,
      ).toBe(403);
    }
    await send(central, centralId, centralTasks, quarter);
    if (quarter !== 3) expect((await send(city, cityId, cityTasks, quarter)).late).toBe(false);
    if (quarter === 1) {
      // The provincial commerce department compiles quarter 1 for MOFCOM; the central enterprise's went directly.
      const gdCommerce = await login(h, 'gd.commerce');
      const compilation = await waitFor('the Q1 compilation task', () =>
        h.db.task.findFirst({ where: { roundId: round.id, stage: 'quarterlyCompilation', reviewRound: 1 } }),
      );
      expect((await decide(h, gdCommerce, compilation.id, { decision: 'compile', note: 'Guangdong, Q1' })).status).toBe(
        200,
      );
      expect((await h.db.quarterlyReport.findUniqueOrThrow({ where: { id: `${cityId}:q1` } })).compilationId).toBe(
        compilation.id,
      );
      expect(
        (await h.db.quarterlyReport.findUniqueOrThrow({ where: { id: `${centralId}:q1` } })).compiledAt,
      ).not.toBeNull();
    }
    if (quarter === 4) {
      // The city's quarter-3 report comes 20 days after its due time: taken, marked late.
      await h.skip(20 * DAY);
      expect((await send(city, cityId, cityTasks, 3)).late).toBe(true);
      await h.skip(QUARTER - 20 * DAY);
      // Month 12: the mid-term evaluation.
      await waitFor(
        'both mid-term evaluations',
        async () =>
          (await h.db.evaluation.count({ where: { id: { in: [`${cityId}:midterm`, `${centralId}:midterm`] } } })) === 2,
      );
      const assessment = {
        summary: 'Year one',
        achievements: 'Platform live',
        replicablePractice: 'Shared warehousing',
        proposedGrade: 'excellent',
      };
      expect(
        (
          await http(h.baseUrl, 'POST', `/api/pilots/${cityId}/evaluations/midterm/self-assessment`, {
            token: city.token,
            body: assessment,
          })
        ).status,
      ).toBe(200);
      expect(
        (
          await http(h.baseUrl, 'POST', `/api/pilots/${centralId}/evaluations/midterm/self-assessment`, {
            token: central.token,
            body: assessment,
          })
        ).status,
      ).toBe(200);
      await gradeAll(cityId, 'midterm', { MIIT: 'good', MEE: 'good', PBOC: 'good' }, 'GD'); // 5 × excellent, 3 × good → excellent
      await gradeAll(centralId, 'midterm', { MIIT: 'good', MEE: 'good', PBOC: 'good', SAMR: 'good' }); // 4 and 4 → the lower: good
      // Now in quarter 5: its reports, then on to quarter 6.
      await quarterOpen(5);
      await send(central, centralId, centralTasks, 5);
      expect((await send(city, cityId, cityTasks, 5)).late).toBe(false);
      quarter = 5;
    }
    if (quarter === 6) {
      const major = await http(h.baseUrl, 'POST', `/api/pilots/${cityId}/major-reports`, {
        token: city.token,
        body: { kind: 'major_problem', summary: 'Port closure', details: 'Typhoon closed Nansha port for a week' },
      });
      expect(major.status).toBe(201);
      majorReportId = major.body.id;
      await waitFor(
        'the major report at MOFCOM',
        async () => (await h.db.majorReport.findUnique({ where: { id: major.body.id } }))?.deliveredAt,
      );
    }
  }

  // Quarter 1 was compiled by hand; the compilations nobody did went to MOFCOM by the default rule.
  const q2 = await h.db.task.findFirstOrThrow({
    where: { roundId: round.id, stage: 'quarterlyCompilation', reviewRound: 2 },
  });
  expect(q2).toMatchObject({ status: 'decided', decidedById: 'system', overdue: true });
  expect((await h.db.quarterlyReport.findUniqueOrThrow({ where: { id: `${cityId}:q2` } })).compilationId).toBe(q2.id);

  // Month 24: the final evaluation.
  await h.skip(QUARTER);
  for (const [applicant, id] of [
    [city, cityId],
    [central, centralId],
  ] as const) {
    await waitFor('the final evaluation', () => h.db.evaluation.findUnique({ where: { id: `${id}:final` } }));
    const res = await http(h.baseUrl, 'POST', `/api/pilots/${id}/evaluations/final/self-assessment`, {
      token: applicant.token,
      body: {
        summary: 'Two years',
        achievements: 'Costs down 12%',
        replicablePractice: `Practice of ${id}`,
        proposedGrade: 'excellent',
      },
    });
    expect(res.status).toBe(200);
  }
  await gradeAll(cityId, 'final', {}, 'GD');
  await gradeAll(centralId, 'final', { MOFCOM: 'pass', MIIT: 'pass', MEE: 'pass', MARA: 'pass', PBOC: 'pass' });
  for (const id of [cityId, centralId]) await statusBecomes(h, id, 'completed');

  const cityPilot = (await http(h.baseUrl, 'GET', `/api/pilots/${cityId}`, { token: city.token })).body;
  expect(cityPilot).toMatchObject({
    status: 'completed',
    midtermGrade: 'excellent',
    incentiveEligible: true,
    finalGrade: 'excellent',
    title: '全国供应链创新与应用示范城市',
    replicablePractice: `Practice of ${cityId}`,
  });
  expect(cityPilot.reports.map((r: { status: string; late: boolean }) => [r.status, r.late])).toEqual(
    [1, 2, 3, 4, 5, 6, 7, 8].map((q) => ['submitted', q === 3]),
  );
  expect(cityPilot.majorReports).toHaveLength(1);
  // the rows the quarters wrote are due when the schedule said
  expect(cityPilot.schedule).toEqual(
    cityPilot.reports.map((r: { quarter: number; dueAt: string }) => ({ quarter: r.quarter, dueAt: r.dueAt })),
  );
  const centralPilot = (await http(h.baseUrl, 'GET', `/api/pilots/${centralId}`, { token: central.token })).body;
  expect(centralPilot).toMatchObject({
    midtermGrade: 'good',
    incentiveEligible: false,
    finalGrade: 'pass',
    title: null,
  });

  // Every history stays small over the two years (the README states the worst case per workflow),
  // and the current workflow code replays every one of them without nondeterminism.
  const ids = [
    ...[cityId, centralId].flatMap((id) => [
      `application-${id}`,
      `expert-review-${id}`,
      `pilot-${id}`,
      ...[1, 2, 3, 4, 5, 6, 7, 8].map((q) => quarterlyReportWorkflowId(id, q)),
      `evaluation-${id}-midterm`,
      `evaluation-${id}-final`,
    ]),
    `selection-${round.id}`,
    `compilation-${round.id}-GD-q1`,
  ];
  const histories = await Promise.all(
    ids.map(async (workflowId) => ({
      workflowId,
      history: await h.client.workflow.getHandle(workflowId).fetchHistory(),
    })),
  );
  const lengths = Object.fromEntries(
    histories
      .filter((x) => x.workflowId.includes(cityId) || !x.workflowId.includes(centralId))
      .map((x) => [x.workflowId.replace(cityId, '<app>').replace(round.id, '<round>'), x.history.events!.length]),
  );
  console.log('history events per workflow:', lengths);
  for (const n of Object.values(lengths)) expect(n).toBeLessThan(300);
  await keepHistories(h.client, 'lifecycle', [...ids, `major-report-${majorReportId}`]);
  const replayed = [];
  for await (const result of Worker.runReplayHistories(
    { workflowBundle: { codePath: env.bundlePath() }, replayName: 'lifecycle' },
    histories,
  ))
    replayed.push(result);
  expect(replayed.filter((r) => r.error)).toEqual([]);
  expect(replayed).toHaveLength(ids.length);
});
