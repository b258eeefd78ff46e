// An operator finds a case in the Temporal UI by its business key: the application's workflow and
// its children carry the application id, applicant, province, round and stage as search attributes
// (a visibility query finds them) and a memo saying the same in words; the stage follows the
// application. And the dev server registers the attributes on start, also on an SQLite file from
// an earlier start that lacks them. (The dev server's visibility is eventually consistent: polled.)
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Connection, type WorkflowExecutionInfo } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { resolveTool } from '../platform/tools';
import { isTemporalReachable, startDevServer } from '../platform/temporalServer';
import { APPLICANT, APPLICATION_ID, PROVINCE, ROUND, STAGE } from '../shared/searchAttributes';
import { applicationWorkflowId, expertReviewWorkflowId } from '../shared/definitions';
import { cityAnnex, enterpriseAnnex } from './support/fixtures';
import { ALL_APPROVE, decideRound, draft, provincialOfficers, recommend, statusBecomes, submit } from './support/flows';
import { freePort } from '../platform/freePort';
import { keepHistories } from './support/histories';
import { newApplicant, newRound, startHarness, waitFor, type Harness } from './support/harness';

let h: Harness;
let roundId: string;
let gd: Awaited<ReturnType<typeof provincialOfficers>>;

beforeAll(async () => {
  h = await startHarness();
  roundId = (await newRound(h)).id;
  gd = await provincialOfficers(h, 'GD');
});
afterAll(() => h.stop());

/** The workflows a visibility query finds, by id, once `ready` holds for what it found. */
async function found(query: string, ready: (byId: Map<string, WorkflowExecutionInfo>) => boolean) {
  return waitFor(`workflows matching ${query}`, async () => {
    const byId = new Map<string, WorkflowExecutionInfo>();
    for await (const wf of h.client.workflow.list({ query })) byId.set(wf.workflowId, wf);
    return ready(byId) ? byId : undefined;
  });
}

const attributes = (wf: WorkflowExecutionInfo) => ({
  applicationId: wf.typedSearchAttributes.get(APPLICATION_ID),
  applicant: wf.typedSearchAttributes.get(APPLICANT),
  province: wf.typedSearchAttributes.get(PROVINCE),
  round: wf.typedSearchAttributes.get(ROUND),
  stage: wf.typedSearchAttributes.get(STAGE),
});
const stageOf = (byId: Map<string, WorkflowExecutionInfo>, workflowId: string) =>
  byId.get(workflowId)?.typedSearchAttributes.get(STAGE);

test('when a city submits through the API, then a query by its application id finds its application workflow, in the provincial review it runs, tagged and with a readable memo', async () => {
  const applicant = await newApplicant(h, 'city', 'GD');
  const id = await draft(h, applicant.token, roundId, cityAnnex());
  expect((await submit(h, applicant.token, id)).status).toBe(200);

  const byId = await found(
    `PilotflowApplicationId = "${id}"`,
    (m) => stageOf(m, applicationWorkflowId(id)) === 'provincialReview',
  );
  expect([...byId.keys()]).toEqual([applicationWorkflowId(id)]);
  const expected = {
    applicationId: id,
    applicant: applicant.org.name,
    province: 'GD',
    round: roundId,
    stage: 'provincialReview',
  };
  expect(attributes(byId.get(applicationWorkflowId(id))!)).toEqual(expected);
  // the memo says it in words, in both languages (the application's was upserted with its stage)
  {
    const memo = (await byId.get(applicationWorkflowId(id))!.memo) as {
      zh: string;
      en: string;
      pilotflow: Record<string, unknown>;
    };
    expect(memo.zh).toBe(
      `申报 ${id}｜申报单位：${applicant.org.name}｜省份：广东省｜轮次：${roundId}｜当前阶段：省级联合审核`,
    );
    expect(memo.en).toBe(
      `Application ${id} | applicant: ${applicant.org.name} | province: Guangdong | round: ${roundId} | stage: provincial joint review`,
    );
    expect(memo.pilotflow).toEqual({
      applicationId: id,
      applicant: applicant.org.name,
      provinceCode: 'GD',
      roundId,
      stage: 'provincialReview',
    });
  }
  // the other keys find it too: by applicant, and by province and round together
  await found(
    `PilotflowApplicant = "${applicant.org.name}" AND PilotflowStage = "provincialReview"`,
    (m) => m.size === 1 && m.has(applicationWorkflowId(id)),
  );
  await found(
    `PilotflowProvince = "GD" AND PilotflowRound = "${roundId}" AND WorkflowType = "applicationWorkflow"`,
    (m) => m.has(applicationWorkflowId(id)),
  );

  // approved by its seven parties, it waits for its province's recommendation, and its stage says so
  await decideRound(h, gd, id, 1, ALL_APPROVE);
  const waiting = await found(`PilotflowApplicationId = "${id}" AND PilotflowStage = "recommendation"`, (m) =>
    m.has(applicationWorkflowId(id)),
  );
  expect([...waiting.keys()]).toEqual([applicationWorkflowId(id)]);
  // once the province recommends it to MOFCOM, the application's stage is expert review, and so is its new child's
  await recommend(h, roundId, 'GD', [id]);
  const later = await found(
    `PilotflowApplicationId = "${id}" AND PilotflowStage = "expertReview"`,
    (m) => m.has(applicationWorkflowId(id)) && m.has(expertReviewWorkflowId(id)),
  );
  expect([...later.keys()].sort()).toEqual([applicationWorkflowId(id), expertReviewWorkflowId(id)].sort());
  expect(attributes(later.get(expertReviewWorkflowId(id))!)).toEqual({ ...expected, stage: 'expertReview' });
  expect(((await later.get(applicationWorkflowId(id))!.memo) as { en: string }).en).toMatch(/\| stage: expert review$/);
  await keepHistories(h.client, 'search-attributes', [applicationWorkflowId(id), expertReviewWorkflowId(id)]);
});

test('when the province returns an application, then its stage is declaration again until it is resubmitted', async () => {
  const applicant = await newApplicant(h, 'enterprise', 'GD');
  const id = await draft(h, applicant.token, roundId, enterpriseAnnex());
  expect((await submit(h, applicant.token, id)).status).toBe(200);
  await decideRound(h, gd, id, 1, { ...ALL_APPROVE, COMMERCE: { decision: 'return', reason: 'Targets need figures' } });
  await statusBecomes(h, id, 'returned');
  await found(`PilotflowApplicationId = "${id}" AND PilotflowStage = "declaration"`, (m) =>
    m.has(applicationWorkflowId(id)),
  );

  expect((await submit(h, applicant.token, id)).status).toBe(200);
  const byId = await found(`PilotflowApplicationId = "${id}" AND PilotflowStage = "provincialReview"`, (m) =>
    m.has(applicationWorkflowId(id)),
  );
  // both rounds run inside the application's workflow: it is the case's only workflow so far
  expect([...byId.keys()]).toEqual([applicationWorkflowId(id)]);
});

test('when a central enterprise submits, then it is found without a province, its memo saying it declares to MOFCOM directly', async () => {
  const applicant = await newApplicant(h, 'central_enterprise');
  const id = await draft(h, applicant.token, roundId, enterpriseAnnex());
  expect((await submit(h, applicant.token, id)).status).toBe(200);
  const byId = await found(`PilotflowApplicationId = "${id}" AND PilotflowStage = "expertReview"`, (m) =>
    m.has(applicationWorkflowId(id)),
  );
  const app = byId.get(applicationWorkflowId(id))!;
  expect(attributes(app)).toEqual({
    applicationId: id,
    applicant: applicant.org.name,
    province: undefined,
    round: roundId,
    stage: 'expertReview',
  });
  expect(((await app.memo) as { zh: string }).zh).toContain('中央企业（直接向商务部申报）');
});

test('when the dev server starts on an SQLite file from a start that did not register the attributes, then it starts and registers them, and starts again on it', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pilotflow-search-attributes-'));
  const port = await freePort();
  const dbFile = path.join(dir, 'temporal.sqlite');
  try {
    // an earlier version's start: the plain CLI, no attributes
    const earlier = spawn(
      resolveTool('temporal'),
      [
        'server',
        'start-dev',
        '--ip',
        '127.0.0.1',
        '--port',
        String(port),
        '--headless',
        '--db-filename',
        dbFile,
        '--log-level',
        'error',
      ],
      { stdio: 'ignore' },
    );
    await waitFor('the earlier dev server', () => isTemporalReachable(`127.0.0.1:${port}`, 1000), 60_000);
    earlier.kill('SIGTERM');
    await new Promise((r) => earlier.once('exit', r));

    for (const start of ['first', 'again']) {
      const server = await startDevServer({ port, namespace: 'default', dbFile });
      try {
        expect([start, server.started]).toEqual([start, true]);
        const connection = await Connection.connect({ address: server.address });
        try {
          const { customAttributes } = await connection.operatorService.listSearchAttributes({ namespace: 'default' });
          const ours = Object.fromEntries(
            Object.entries(customAttributes ?? {}).filter(([name]) => name.startsWith('Pilotflow')),
          );
          const KEYWORD = temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD;
          expect(ours).toEqual({
            PilotflowApplicationId: KEYWORD,
            PilotflowApplicant: KEYWORD,
            PilotflowProvince: KEYWORD,
            PilotflowRound: KEYWORD,
            PilotflowStage: KEYWORD,
          });
        } finally {
          await connection.close();
        }
      } finally {
        await server.stop();
      }
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}, 120_000);
