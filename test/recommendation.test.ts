// A unit's recommendation to MOFCOM (地方择优推荐), end to end through the API: the commerce
// department ranks what its joint review approved, within the round's cap; the six other parties
// countersign, returning it to be revised or rejecting it; once sent, each application is forwarded
// with its place, or ends not recommended.
import { PARTY_CODES } from '../domain/parties';
import {
  applicationWorkflowId,
  recommendationCountersignTaskId,
  recommendationWorkflowId,
  recommendTaskId,
} from '../shared/definitions';
import ExcelJS from 'exceljs';
import { mailAttachments } from '../documents/mailAttachments';
import { keepHistories } from './support/histories';
import { pdfText } from './support/pdfText';
import { cityAnnex, enterpriseAnnex } from './support/fixtures';
import {
  ALL_APPROVE,
  decide,
  decideRound,
  draft,
  getApp,
  provincialOfficers,
  reached,
  recommend,
  submit,
} from './support/flows';
import { http, login, newApplicant, newRound, startHarness, waitFor, type Harness } from './support/harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.stop());

const COSIGNERS = PARTY_CODES.filter((p) => p !== 'COMMERCE');

/** An application of the unit approved by its seven parties, waiting for the unit's recommendation. */
async function approved(roundId: string, kind: 'city' | 'enterprise', province: string, name: string) {
  const applicant = await newApplicant(h, kind, province, name);
  const id = await draft(h, applicant.token, roundId, kind === 'city' ? cityAnnex() : enterpriseAnnex());
  expect((await submit(h, applicant.token, id)).status).toBe(200);
  await decideRound(h, await provincialOfficers(h, province), id, 1, ALL_APPROVE);
  await reached(h, id, 'recommending');
  return { id, applicant };
}

/** The open drafting task of the unit's recommendation once it holds every id given. */
async function draftingTask(roundId: string, province: string, ids: string[]) {
  return waitFor('the drafting task', async () => {
    const task = await h.db.task.findFirst({
      where: { stage: 'recommendation', status: 'open', roundId, provinceCode: province },
    });
    const rec = task && (await h.db.recommendation.findUnique({ where: { id: task.id.split(':recommend:')[0] } }));
    return rec && ids.every((id) => rec.applications.includes(id)) ? { task, rec } : undefined;
  });
}

async function countersignOpen(recommendationId: string, version: number) {
  await waitFor('the countersign', async () => {
    const n = await h.db.task.count({
      where: { stage: 'recommendationCountersign', reviewRound: version, id: { startsWith: `${recommendationId}:` } },
    });
    return n === COSIGNERS.length;
  });
}

describe('a unit recommends its approved applications to MOFCOM', () => {
  test('when the commerce department ranks two cities and leaves one out and the six parties approve, then the ranked two are forwarded with their places and the third ends not recommended', async () => {
    const round = await newRound(h);
    const first = await approved(round.id, 'city', 'GD', '广州市人民政府（推荐一）');
    const second = await approved(round.id, 'city', 'GD', '佛山市人民政府（推荐二）');
    const third = await approved(round.id, 'city', 'GD', '东莞市人民政府（推荐三）');
    const officers = await provincialOfficers(h, 'GD');
    const { task, rec } = await draftingTask(round.id, 'GD', [first.id, second.id, third.id]);

    // the pipeline shows the three as ready, by name
    const pipeline = await http(h.baseUrl, 'GET', `/api/rounds/${round.id}/units/GD/recommendation`, {
      token: officers.COMMERCE,
    });
    expect(pipeline.status).toBe(200);
    expect(pipeline.body.ready.map((r: { name: string }) => r.name).sort()).toEqual(
      ['东莞市人民政府（推荐三）', '佛山市人民政府（推荐二）', '广州市人民政府（推荐一）'].sort(),
    );

    const ranking = { city: [second.id, first.id], enterprise: [] };
    const sent = await decide(h, officers.COMMERCE, task.id, { decision: 'recommend', reason: '综合实力', ranking });
    expect(sent.status).toBe(200);
    await countersignOpen(rec.id, 1);
    await Promise.all(
      COSIGNERS.map(async (p) =>
        expect(
          (await decide(h, officers[p], recommendationCountersignTaskId(rec.id, 1, p), { decision: 'approve' })).status,
        ).toBe(200),
      ),
    );

    await reached(h, second.id, 'forwarded');
    await reached(h, first.id, 'forwarded');
    await reached(h, third.id, 'not_recommended');
    const mofcom = await login(h, 'mofcom');
    expect((await getApp(h, mofcom, second.id)).provincialRank).toBe(1);
    expect((await getApp(h, mofcom, first.id)).provincialRank).toBe(2);
    // the applicant does not see its place
    expect((await getApp(h, first.applicant.token, first.id)).provincialRank).toBeNull();
    const row = await h.db.recommendation.findUniqueOrThrow({ where: { id: rec.id } });
    expect(row.status).toBe('sent');
    expect(row.ranking).toEqual(ranking);
    // Annex 3: the two recommended, in the unit's order, as the bodies print and read it
    const annex = (ext: string) =>
      fetch(`${h.baseUrl}/api/recommendations/${encodeURIComponent(rec.id)}/annex3.${ext}`, {
        headers: { authorization: `Bearer ${mofcom}` },
      });
    const pdf = await annex('pdf');
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    const { text } = await pdfText(Buffer.from(await pdf.arrayBuffer()));
    expect(text.indexOf('佛山市人民政府（推荐二）')).toBeGreaterThan(-1);
    expect(text.indexOf('佛山市人民政府（推荐二）')).toBeLessThan(text.indexOf('广州市人民政府（推荐一）'));
    expect(text).not.toContain('东莞市人民政府（推荐三）');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.from(await (await annex('xlsx')).arrayBuffer()) as never);
    const names: string[] = [];
    book.worksheets[0].eachRow((row) => names.push(String(row.getCell(2).value)));
    expect(names.filter((n) => n.includes('（推荐'))).toEqual(['佛山市人民政府（推荐二）', '广州市人民政府（推荐一）']);
    // each of the eight bodies is mailed the recommendation, its copy carrying the Annex 3 PDF
    const mails = await waitFor('the recommendation mail', async () => {
      const rows = await h.db.notification.findMany({ where: { eventKey: `${rec.id}/sent`, status: 'sent' } });
      return rows.length === 8 ? rows : undefined;
    });
    expect(mails.map((m) => m.recipientId).sort()).toEqual(
      ['CBIRC', 'CFLP', 'MARA', 'MEE', 'MIIT', 'MOFCOM', 'PBOC', 'SAMR'].sort(),
    );
    const [attached] = await mailAttachments(h.db)({ ...mails[0], applicationId: null });
    expect(attached.contentType).toBe('application/pdf');
    expect((await pdfText(attached.content)).text).toContain('佛山市人民政府（推荐二）');
    // another unit's officer may not read it
    const ah = await provincialOfficers(h, 'AH');
    expect(
      (
        await fetch(`${h.baseUrl}/api/recommendations/${encodeURIComponent(rec.id)}/annex3.pdf`, {
          headers: { authorization: `Bearer ${ah.COMMERCE}` },
        })
      ).status,
    ).toBe(403);
    await keepHistories(h.client, 'recommendation-sent', [
      recommendationWorkflowId(round.id, 'GD'),
      applicationWorkflowId(first.id),
      applicationWorkflowId(third.id),
    ]);
  });

  test('when the round caps a unit at one city, then a ranking of two is refused naming the list, and one is taken', async () => {
    const round = await newRound(h, { recommendation: { countersignDays: 5, cap: { city: 1 } } });
    const a = await approved(round.id, 'city', 'GD', '珠海市人民政府（上限一）');
    const b = await approved(round.id, 'city', 'GD', '中山市人民政府（上限二）');
    const officers = await provincialOfficers(h, 'GD');
    const { task } = await draftingTask(round.id, 'GD', [a.id, b.id]);
    const over = await decide(h, officers.COMMERCE, task.id, {
      decision: 'recommend',
      reason: '两市均优',
      ranking: { city: [a.id, b.id], enterprise: [] },
    });
    expect(over.status).toBe(400);
    expect(over.body.error.fields).toEqual([expect.objectContaining({ field: 'ranking.city', code: 'over_cap' })]);
    // an enterprise list holding a city, and a stranger's id, are refused too
    const wrongList = await decide(h, officers.COMMERCE, task.id, {
      decision: 'recommend',
      reason: '错列',
      ranking: { city: [], enterprise: [a.id] },
    });
    expect(wrongList.body.error.fields).toEqual([
      expect.objectContaining({ field: 'ranking.enterprise.0', code: 'wrong_list' }),
    ]);
    const stranger = await decide(h, officers.COMMERCE, task.id, {
      decision: 'recommend',
      reason: '未审核',
      ranking: { city: ['not-an-application'], enterprise: [] },
    });
    expect(stranger.body.error.fields).toEqual([
      expect.objectContaining({ field: 'ranking.city.0', code: 'not_approved' }),
    ]);
    // only the commerce department drafts it
    const other = await decide(h, officers.AGRICULTURE, task.id, {
      decision: 'recommend',
      reason: '越权',
      ranking: { city: [a.id], enterprise: [] },
    });
    expect(other.status).toBe(403);
    const ok = await decide(h, officers.COMMERCE, task.id, {
      decision: 'recommend',
      reason: '择优',
      ranking: { city: [b.id], enterprise: [] },
    });
    expect(ok.status).toBe(200);
  });

  test('when a party returns the recommendation, then the commerce department revises it in a second version with the fixes, and a reject of that ends it with nobody recommended', async () => {
    const round = await newRound(h);
    const city = await approved(round.id, 'city', 'GD', '惠州市人民政府（退回）');
    const firm = await approved(round.id, 'enterprise', 'GD', '广东某供应链有限公司（退回）');
    const officers = await provincialOfficers(h, 'GD');
    const { task, rec } = await draftingTask(round.id, 'GD', [city.id, firm.id]);
    const ranking = { city: [city.id], enterprise: [firm.id] };
    expect(
      (await decide(h, officers.COMMERCE, task.id, { decision: 'recommend', reason: '均优', ranking })).status,
    ).toBe(200);
    await countersignOpen(rec.id, 1);
    const noReason = await decide(h, officers.PBOC_BRANCH, recommendationCountersignTaskId(rec.id, 1, 'PBOC_BRANCH'), {
      decision: 'return',
    });
    expect(noReason.status).toBe(400);
    expect(noReason.body.error.fields[0].field).toBe('reason');
    for (const p of COSIGNERS) {
      const body = p === 'PBOC_BRANCH' ? { decision: 'return', reason: '请补充融资情况说明' } : { decision: 'approve' };
      expect((await decide(h, officers[p], recommendationCountersignTaskId(rec.id, 1, p), body)).status).toBe(200);
    }
    const revision = await waitFor('the second version', () =>
      h.db.task.findFirst({ where: { id: recommendTaskId(rec.id, 2), status: 'open' } }),
    );
    const row = await h.db.recommendation.findUniqueOrThrow({ where: { id: rec.id } });
    expect(row.version).toBe(2);
    expect(row.fixes).toEqual([{ party: 'PBOC_BRANCH', reason: '请补充融资情况说明' }]);
    expect(
      (await decide(h, officers.COMMERCE, revision.id, { decision: 'recommend', reason: '已补充说明', ranking }))
        .status,
    ).toBe(200);
    await countersignOpen(rec.id, 2);
    const reject = await decide(h, officers.ENVIRONMENT, recommendationCountersignTaskId(rec.id, 2, 'ENVIRONMENT'), {
      decision: 'reject',
      reason: '环保评价不达标',
    });
    expect(reject.status).toBe(200);
    await reached(h, city.id, 'not_recommended');
    await reached(h, firm.id, 'not_recommended');
    expect((await h.db.recommendation.findUniqueOrThrow({ where: { id: rec.id } })).status).toBe('rejected');
    // the other parties' open tasks of that version are withdrawn
    const open = await h.db.task.count({ where: { id: { startsWith: `${rec.id}:` }, status: 'open' } });
    expect(open).toBe(0);
    await keepHistories(h.client, 'recommendation-returned-rejected', [
      recommendationWorkflowId(round.id, 'GD'),
      applicationWorkflowId(city.id),
    ]);
  });

  test('when Guangdong and Shenzhen (a separately planned city) recommend in one round, then each sends its own Annex 3 under its own name, Shenzhen’s applicant in Shenzhen’s', async () => {
    const round = await newRound(h);
    const [gd, sz] = await Promise.all([
      approved(round.id, 'city', 'GD', '汕头市人民政府（两单位）'),
      approved(round.id, 'enterprise', 'SZ', '深圳某供应链管理有限公司（两单位）'),
    ]);
    await Promise.all([recommend(h, round.id, 'GD', [gd.id]), recommend(h, round.id, 'SZ', [sz.id])]);
    const sent = await h.db.recommendation.findMany({ where: { roundId: round.id, status: 'sent' } });
    expect(sent.map((r) => r.provinceCode).sort()).toEqual(['GD', 'SZ']);
    const mofcom = await login(h, 'mofcom');
    const texts = Object.fromEntries(
      await Promise.all(
        sent.map(async (r) => {
          const res = await fetch(`${h.baseUrl}/api/recommendations/${encodeURIComponent(r.id)}/annex3.pdf`, {
            headers: { authorization: `Bearer ${mofcom}` },
          });
          return [r.provinceCode, (await pdfText(Buffer.from(await res.arrayBuffer()))).text] as const;
        }),
      ),
    );
    expect(texts.SZ).toContain('深圳市');
    expect(texts.SZ).toContain('深圳某供应链管理有限公司（两单位）');
    expect(texts.GD).toContain('广东省');
    expect(texts.GD).not.toContain('深圳某供应链管理有限公司（两单位）');
  });

  test("when another unit's officer asks for a unit's recommendation, then 403; an unknown unit is 404", async () => {
    const round = await newRound(h);
    const other = await provincialOfficers(h, 'AH');
    expect(
      (await http(h.baseUrl, 'GET', `/api/rounds/${round.id}/units/GD/recommendation`, { token: other.COMMERCE }))
        .status,
    ).toBe(403);
    const mofcom = await login(h, 'mofcom');
    expect(
      (await http(h.baseUrl, 'GET', `/api/rounds/${round.id}/units/ZZ/recommendation`, { token: mofcom })).status,
    ).toBe(404);
  });
});
