// The deadline is the unit's (notice §四(二): "于2018年5月31日前报送商务部" binds the unit's
// submission to MOFCOM): each unit's commerce department sets its applicants' deadline, no later
// than the round's; unset, it falls working days before it. A resubmission after a return follows
// the return's due time, not the declaration deadline.
import { workingDaysBefore, type CalendarData } from '../domain/workingCalendar';
import { cityAnnex } from './support/fixtures';
import { decideRound, draft, provincialOfficers, reached, submit } from './support/flows';
import { http, newApplicant, newRound, startHarness, type Harness } from './support/harness';

describe('working days before a date', () => {
  const weekendsOnly: CalendarData = { days: new Map(), coveredYears: new Set([2018]) };
  test('when the 2018 deadline (Thursday 31 May) is counted back ten working days, then it is the end of Thursday 17 May, Beijing time', () => {
    const due = workingDaysBefore(new Date('2018-05-31T23:59:59+08:00'), 10, weekendsOnly);
    expect(due.dueAt.toISOString()).toBe('2018-05-17T16:00:00.000Z');
  });
  test('when the count crosses the 2018 Labour Day holiday and its Saturday workday, then the holiday is skipped and the Saturday counts', () => {
    const calendar: CalendarData = {
      days: new Map([
        ['2018-04-28', 'workday'],
        ['2018-04-30', 'holiday'],
        ['2018-05-01', 'holiday'],
      ]),
      coveredYears: new Set([2018]),
    };
    // back from Fri 4 May: 3 May, 2 May, (1 May, 30 Apr off, 29 Apr Sunday), Sat 28 Apr, 27 Apr, 26 Apr
    expect(workingDaysBefore(new Date('2018-05-04T12:00:00+08:00'), 5, calendar).dueAt.toISOString()).toBe(
      '2018-04-26T16:00:00.000Z',
    );
  });
});

describe("a unit's deadline for its applicants", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.stop());

  const setDeadline = async (token: string, roundId: string, unit: string, body: unknown) =>
    http(h.baseUrl, 'PUT', `/api/rounds/${roundId}/units/${unit}/deadline`, { token, body });

  test("when Guangdong's commerce department closes its applicants' deadline, then a Guangdong draft is refused with the date and an Anhui one, under the round's default, is taken", async () => {
    const round = await newRound(h);
    const gd = await provincialOfficers(h, 'GD');
    const gdApplicant = await newApplicant(h, 'city', 'GD', '韶关市人民政府（截止）');
    const gdDraft = await draft(h, gdApplicant.token, round.id, cityAnnex());
    const past = new Date(Date.now() - 60_000);
    const set = await setDeadline(gd.COMMERCE, round.id, 'GD', { deadline: past.toISOString(), reason: '提前汇总' });
    expect(set.status).toBe(200);
    expect(set.body).toEqual({ applicantDeadline: past.toISOString(), source: 'unit' });

    const refused = await submit(h, gdApplicant.token, gdDraft);
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('deadline_passed');
    // the message names the deadline in China Standard Time (UTC+8)
    const cst = new Date(past.getTime() + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');
    expect(refused.body.error.message).toContain(`(${cst} China Standard Time)`);

    // the round is no longer offered to Guangdong's applicants: closed as their unit's deadline says
    const listed = async (token: string) =>
      (await http(h.baseUrl, 'GET', '/api/rounds', { token })).body.find((r: { id: string }) => r.id === round.id);
    expect(await listed(gdApplicant.token)).toMatchObject({ open: false, applicantDeadline: past.toISOString() });

    const ahApplicant = await newApplicant(h, 'city', 'AH', '芜湖市人民政府（默认截止）');
    expect((await listed(ahApplicant.token)).open).toBe(true);
    const ahDraft = await draft(h, ahApplicant.token, round.id, cityAnnex());
    expect((await submit(h, ahApplicant.token, ahDraft)).status).toBe(200);

    // the unit's view says which deadline holds: Anhui's is the round's default, ten working days before the round's
    const ah = await provincialOfficers(h, 'AH');
    const view = await http(h.baseUrl, 'GET', `/api/rounds/${round.id}/units/AH/recommendation`, {
      token: ah.COMMERCE,
    });
    expect(view.body.applicantDeadlineSource).toBe('default');
    const days = (round.declarationDeadline.getTime() - new Date(view.body.applicantDeadline).getTime()) / 86_400_000;
    // ten working days span at least twelve calendar days (two weekends) and, with holidays, not thirty
    expect(days).toBeGreaterThanOrEqual(12);
    expect(days).toBeLessThan(30);
  });

  test('when a returned application is resubmitted after its unit closed first submissions, then it is taken: the return has its own due time', async () => {
    const round = await newRound(h);
    const gd = await provincialOfficers(h, 'GD');
    const applicant = await newApplicant(h, 'city', 'GD', '河源市人民政府（补正）');
    const id = await draft(h, applicant.token, round.id, cityAnnex());
    expect((await submit(h, applicant.token, id)).status).toBe(200);
    await decideRound(h, gd, id, 1, {
      COMMERCE: { decision: 'return', reason: '请补充指标' },
      INDUSTRY_IT: { decision: 'approve' },
      ENVIRONMENT: { decision: 'approve' },
      AGRICULTURE: { decision: 'approve' },
      PBOC_BRANCH: { decision: 'approve' },
      MARKET_REGULATION: { decision: 'approve' },
      BANKING_REGULATOR: { decision: 'approve' },
    });
    await reached(h, id, 'returned');
    const past = new Date(Date.now() - 60_000).toISOString();
    expect((await setDeadline(gd.COMMERCE, round.id, 'GD', { deadline: past })).status).toBe(200);
    expect((await submit(h, applicant.token, id)).status).toBe(200);
    await reached(h, id, 'provincial_review');
  });

  test("when the deadline is later than the round's, or set by another party or unit, then it is refused and nothing is recorded", async () => {
    const round = await newRound(h);
    const gd = await provincialOfficers(h, 'GD');
    const ah = await provincialOfficers(h, 'AH');
    const late = new Date(round.declarationDeadline.getTime() + 86_400_000).toISOString();
    const after = await setDeadline(gd.COMMERCE, round.id, 'GD', { deadline: late });
    expect(after.status).toBe(400);
    expect(after.body.error.fields).toEqual([
      expect.objectContaining({ field: 'deadline', code: 'after_national_deadline' }),
    ]);
    const soon = new Date(Date.now() + 86_400_000).toISOString();
    expect((await setDeadline(gd.AGRICULTURE, round.id, 'GD', { deadline: soon })).status).toBe(403);
    expect((await setDeadline(ah.COMMERCE, round.id, 'GD', { deadline: soon })).status).toBe(403);
    expect((await setDeadline(gd.COMMERCE, round.id, 'GD', { deadline: 'tomorrow' })).status).toBe(400);
    expect(await h.db.unitDeadline.count({ where: { roundId: round.id } })).toBe(0);
  });
});
