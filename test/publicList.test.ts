// The list the public can read (issue 19): the rounds whose list is in public notice (公示) or final,
// each listed applicant with nothing private, the notice window in China Standard Time, and how to
// object — all without logging in; an objection from a member of the public with its receipt by
// mail, resolved by MOFCOM as any other; throttling and bad input; the final list mailed to each
// reporting unit's commerce department (its own applicants only) and to the eight bodies.
// Working days are real days: Temporal's time-skipping server, the real API, database and SMTP.
//
// Applicants come only from HL, QD and XM: other suites, sharing the database, use other units.
import { NATIONAL_BODIES } from '../domain/bodies';
import { objectionEventKey } from '../domain/publicNotice';
import { addWorkingDays } from '../domain/workingCalendar';
import { departmentMailbox } from '../platform/seed';
import { loadWorkingCalendar } from '../platform/workingCalendar';
import { filePublicObjection } from '../usecases/publicObjection';
import { OBJECTION_LIMITS, TooManyObjections } from '../usecases/publicObjectionThrottle';
import { reached } from './support/flows';
import { http, login, startTimeSkippingHarness, waitFor } from './support/harness';
import { noticeRound, scored, toPublicNotice } from './support/publicRound';
import { delivered, inbox } from './support/mail';

const HOUR = 3_600_000;

let h: Awaited<ReturnType<typeof startTimeSkippingHarness>>;
beforeAll(async () => {
  h = await startTimeSkippingHarness(); // panels draw on the seeded demo experts
});
afterAll(() => h?.stop());

/** A call without any token. */
const anon = (method: string, path: string, body?: unknown) => http(h.baseUrl, method, path, { body });
const fields = (res: { body: { error: { fields: { field: string }[] } } }) =>
  res.body.error.fields.map((f) => f.field).sort();

test('when anyone reads the public rounds without logging in, then the 2018 round is there with its 公示 of 19 September 2018: five working days to 27 September (the Mid-Autumn holiday skipped), and the final list 商建函〔2018〕654号', async () => {
  const res = await anon('GET', '/api/public/rounds');
  expect(res.status).toBe(200);
  const r2018 = res.body.find((r: { id: string }) => r.id === 'pilot-2018');
  // 19 Sep 2018 (Wed) opens it; counted from the next day: 20, 21, [22–24 Mid-Autumn], 25, 26, 27 September
  expect(r2018).toMatchObject({
    kind: 'pilot',
    nameZh: '2018年供应链创新与应用试点',
    phase: 'final',
    notice: {
      workingDays: 5,
      startsOn: '2018-09-19',
      endsOn: '2018-09-27',
      startsAt: '2018-09-18T16:00:00.000Z',
      endsAt: '2018-09-27T16:00:00.000Z',
    },
    finalList: { document: '商建函〔2018〕654号', publishedOn: '2018-10-16' },
    objectionsOpen: false,
  });
  const list = await anon('GET', '/api/public/rounds/pilot-2018/list');
  expect(list.status).toBe(200);
  expect(list.body).toMatchObject({ listed: [], howToObject: { open: false, endpoint: null } });
  // a round with nothing public, and one that does not exist: 404
  expect((await anon('GET', '/api/public/rounds/demonstration-2021/list')).status).toBe(404);
  expect((await anon('GET', '/api/public/rounds/no-such-round/list')).status).toBe(404);
  // everything else still needs a token
  expect((await anon('GET', '/api/rounds/pilot-2018')).status).toBe(401);
  expect((await anon('GET', '/api/public/unknown')).status).toBe(401);
});

describe('a round in public notice, read and objected to by the public', () => {
  const tag = Date.now().toString(36);

  test('when the list is in notice, then anyone reads it without a token (nothing private), objects with a receipt mailed to the address given, MOFCOM resolves it, too many objections answer 429, and the final list is mailed to each unit (its own applicants) and to the eight bodies', async () => {
    const round = await noticeRound(h, { city: 2, enterprise: 1 });
    const hl = await scored(h, round.id, 'city', 'HL', 90, `哈尔滨市 ${tag}`);
    const qd = await scored(h, round.id, 'city', 'QD', 85, `青岛市 ${tag}`);
    const xmCity = await scored(h, round.id, 'city', 'XM', 70, `厦门市 ${tag}`); // third city: not on the list
    const xm = await scored(h, round.id, 'enterprise', 'XM', 88, `厦门供应链有限公司 ${tag}`);
    const objectBody = (applicationId: string, email: string) => ({
      applicationId,
      name: '张三',
      email,
      reason: '其物流枢纽数据存在重复统计',
    });
    const object = (body: unknown) => anon('POST', `/api/public/rounds/${round.id}/objections`, body);

    // Before any notice: nothing public; an objection is refused.
    expect((await anon('GET', `/api/public/rounds/${round.id}/list`)).status).toBe(404);
    expect((await anon('GET', '/api/public/rounds')).body.map((r: { id: string }) => r.id)).not.toContain(round.id);
    expect((await object(objectBody(qd.id, `early-${tag}@example.org`))).body.error.code).toBe('no_public_notice');

    // Selection; the eight bodies sign; the list goes to public notice.
    await toPublicNotice(h, round.id);
    const mofcom = await login(h, 'mofcom');
    // the officers' view of the notice (from the workflow's records) is the oracle of the window
    const officers = (await http(h.baseUrl, 'GET', `/api/rounds/${round.id}/selection`, { token: mofcom })).body.notice;
    const calendar = await loadWorkingCalendar(h.db);
    expect(officers.endsAt).toBe(addWorkingDays(new Date(officers.startedAt), 5, calendar).dueAt.toISOString());

    // The public rounds and the list, without a token.
    const rounds = await anon('GET', '/api/public/rounds');
    expect(rounds.status).toBe(200);
    expect(rounds.body.find((r: { id: string }) => r.id === round.id)).toMatchObject({
      phase: 'open',
      phaseLabel: { zh: '公示中' },
      objectionsOpen: true,
      notice: { workingDays: 5, startsAt: officers.startedAt, endsAt: officers.endsAt },
    });
    const list = await anon('GET', `/api/public/rounds/${round.id}/list`);
    expect(list.status).toBe(200);
    const window = {
      startsAt: officers.startedAt,
      endsAt: officers.endsAt,
      // the Beijing dates, by adding eight hours by hand; the last day is the one before 24:00
      startsOn: new Date(Date.parse(officers.startedAt) + 8 * HOUR).toISOString().slice(0, 10),
      endsOn: new Date(Date.parse(officers.endsAt) + 8 * HOUR - 1).toISOString().slice(0, 10),
    };
    expect(list.body.notice).toEqual({ workingDays: 5, ...window });
    expect(list.body.listed).toEqual([
      {
        applicationId: hl.id,
        name: hl.org.name,
        kind: 'city',
        kindLabel: { zh: '城市', en: 'City' },
        provinceCode: 'HL',
        province: { zh: '黑龙江省', en: 'Heilongjiang' },
        group: 'city',
        rank: 1,
        window,
        objectionsOpen: true,
        withdrawn: null,
      },
      {
        applicationId: qd.id,
        name: qd.org.name,
        kind: 'city',
        kindLabel: { zh: '城市', en: 'City' },
        provinceCode: 'QD',
        province: { zh: '青岛市', en: 'Qingdao' },
        group: 'city',
        rank: 2,
        window,
        objectionsOpen: true,
        withdrawn: null,
      },
      {
        applicationId: xm.id,
        name: xm.org.name,
        kind: 'enterprise',
        kindLabel: { zh: '企业', en: 'Enterprise' },
        provinceCode: 'XM',
        province: { zh: '厦门市', en: 'Xiamen' },
        group: 'enterprise',
        rank: 1,
        window,
        objectionsOpen: true,
        withdrawn: null,
      },
    ]);
    expect(list.body.howToObject).toMatchObject({
      open: true,
      endpoint: `/api/public/rounds/${round.id}/objections`,
      zh: expect.stringContaining('回执'),
      en: expect.stringContaining('receipt code'),
    });
    // nothing private: no score, no expert, no contact, no objection
    const text = JSON.stringify(list.body);
    for (const secret of ['score', '"objections":', hl.expert, hl.org.email, xm.org.email, xmCity.org.name])
      expect([secret, text.includes(secret)]).toEqual([secret, false]);

    // Bad input: 400 naming each field; an unknown field; an applicant not on the list.
    expect(fields(await object({}))).toEqual(['applicationId', 'email', 'name', 'reason']);
    expect(fields(await object({ ...objectBody(qd.id, 'not-an-address'), reason: '  ' }))).toEqual(['email', 'reason']);
    expect(fields(await object({ ...objectBody(qd.id, `x-${tag}@example.org`), phone: '1' }))).toEqual(['phone']);
    const notListed = await object(objectBody(xmCity.id, `x-${tag}@example.org`));
    expect({ status: notListed.status, fields: fields(notListed) }).toEqual({ status: 400, fields: ['applicationId'] });

    // An objection from the public: 201 with a receipt code, mailed to the address given only.
    const filer = `zhang.san.${tag}@example.org`;
    const filed = await object(objectBody(qd.id, filer));
    expect(filed.status).toBe(201);
    expect(filed.body).toMatchObject({ roundId: round.id, applicationId: qd.id, status: 'open' });
    expect(filed.body.receiptCode).toMatch(/^[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}$/);
    expect(
      await h.db.objection.findUniqueOrThrow({
        where: { id: filed.body.id },
        select: { filedById: true, filerName: true, filerContact: true, receiptCode: true, status: true },
      }),
    ).toEqual({
      filedById: `public:${filed.body.id}`,
      filerName: '张三',
      filerContact: filer,
      receiptCode: filed.body.receiptCode,
      status: 'open',
    });
    const receipt = await delivered(
      h,
      { eventKey: objectionEventKey(filed.body.id, 'filed'), event: 'objection_receipt' },
      1,
    );
    expect(receipt.map((m) => [m.event, m.email, m.recipientKind])).toEqual([['objection_receipt', filer, 'public']]);
    const [received] = await inbox(h, filer);
    expect(received.to).toEqual([filer]);
    expect(received.text).toContain(`回执编号：${filed.body.receiptCode}`);
    expect(received.text).toContain(qd.org.name);
    // the receipt code tells where the objection stands (any case), and nothing of the filer
    const status = await anon('GET', `/api/public/objections/${filed.body.receiptCode.toLowerCase()}`);
    expect(status.body).toEqual({
      receiptCode: filed.body.receiptCode,
      roundId: round.id,
      applicationId: qd.id,
      applicant: qd.org.name,
      status: 'open',
      statusLabel: { zh: '待处理', en: 'Open' },
      createdAt: expect.any(String),
      resolution: null,
      resolvedAt: null,
    });
    expect(fields(await anon('GET', '/api/public/objections/not-a-code'))).toEqual(['code']);
    expect((await anon('GET', '/api/public/objections/2222-2222-2222')).status).toBe(404);
    const [told] = await delivered(h, { eventKey: objectionEventKey(filed.body.id, 'filed') }, 1);
    expect(told).toMatchObject({ event: 'objection_filed', email: departmentMailbox('MOFCOM') });

    // MOFCOM sees who objected and how to reach them, and resolves it as any other.
    const seen = (await http(h.baseUrl, 'GET', `/api/rounds/${round.id}/objections`, { token: mofcom })).body;
    expect(seen).toEqual([
      expect.objectContaining({
        id: filed.body.id,
        applicationId: qd.id,
        filedBy: { id: `public:${filed.body.id}`, username: 'public', displayName: '张三' },
        publicFiler: { name: '张三', email: filer },
      }),
    ]);
    // another body's officer reads the objection, but not the filer's address
    const other = (
      await http(h.baseUrl, 'GET', `/api/rounds/${round.id}/objections`, { token: await login(h, 'miit') })
    ).body;
    expect(other[0].publicFiler).toEqual({ name: '张三', email: null });
    const resolved = await http(h.baseUrl, 'POST', `/api/objections/${filed.body.id}/resolve`, {
      token: mofcom,
      body: { outcome: 'dismiss', reason: '经核实数据无误' },
    });
    expect(resolved.body).toMatchObject({ status: 'dismissed', resolvedBy: { username: 'mofcom' } });
    expect((await anon('GET', `/api/public/objections/${filed.body.receiptCode}`)).body).toMatchObject({
      status: 'dismissed',
      resolution: '经核实数据无误',
      resolvedAt: expect.any(String),
    });
    const outcome = await delivered(h, { eventKey: objectionEventKey(filed.body.id, 'resolved') }, 2);
    expect(outcome.map((m) => m.email).sort()).toEqual([filer, qd.org.email].sort());

    // Throttling: the sixth attempt giving one address within the hour answers 429 with Retry-After.
    const flood = `flood-${tag}@example.org`;
    for (let i = 0; i < OBJECTION_LIMITS.perContact; i++)
      expect((await object(objectBody(xmCity.id, flood))).status).toBe(400); // counted, then refused: not listed
    const throttled = await object(objectBody(qd.id, flood));
    expect({ status: throttled.status, code: throttled.body.error.code }).toEqual({
      status: 429,
      code: 'too_many_attempts',
    });
    const retryAfter = Number(throttled.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(OBJECTION_LIMITS.windowSeconds);
    // … and one client address, whatever e-mail addresses it gives (a documentation address, by the use case)
    const from = `203.0.113.${Math.floor(Math.random() * 250) + 1}`;
    for (let i = 0; i < OBJECTION_LIMITS.perAddress; i++)
      await expect(
        filePublicObjection(h.deps, round.id, objectBody(xmCity.id, `a${i}-${tag}@example.org`), from),
      ).rejects.toMatchObject({ code: 'invalid_input' });
    await expect(
      filePublicObjection(h.deps, round.id, objectBody(qd.id, `late-${tag}@example.org`), from),
    ).rejects.toBeInstanceOf(TooManyObjections);
    expect(await h.db.objection.count({ where: { roundId: round.id } })).toBe(1);

    // The period ends with nothing open: the list is final and published.
    await h.skip(Date.parse(officers.endsAt) - Date.parse(officers.startedAt) + HOUR);
    await waitFor(
      'publication',
      async () => (await h.db.selection.findUnique({ where: { roundId: round.id } }))?.status === 'published',
    );
    for (const a of [hl, qd, xm]) await reached(h, a.id, 'selected');
    const final = await anon('GET', `/api/public/rounds/${round.id}/list`);
    expect(final.body).toMatchObject({ phase: 'final', objectionsOpen: false, howToObject: { open: false } });
    expect(final.body.publishedAt).toEqual(expect.any(String));
    expect(final.body.listed.map((e: { applicationId: string; rank: number }) => [e.applicationId, e.rank])).toEqual([
      [hl.id, 1],
      [qd.id, 2],
      [xm.id, 1],
    ]);
    expect((await object(objectBody(qd.id, `after-${tag}@example.org`))).body.error.code).toBe('no_public_notice');

    // The final list by mail: each unit's commerce department its own applicants only; the eight bodies all of them.
    const units = await delivered(h, { roundId: round.id, event: 'final_list' }, 3);
    expect(units.map((m) => m.recipientId).sort()).toEqual(['HL.COMMERCE', 'QD.COMMERCE', 'XM.COMMERCE']);
    const names = { HL: [hl.org.name], QD: [qd.org.name], XM: [xm.org.name] };
    const everyone = [hl.org.name, qd.org.name, xm.org.name, xmCity.org.name];
    for (const m of units) {
      const own = names[m.recipientId.split('.')[0] as keyof typeof names];
      expect(m.email).toBe(departmentMailbox(m.recipientId));
      expect([m.recipientId, everyone.filter((n) => m.text.includes(n))]).toEqual([m.recipientId, own]);
    }
    const bodies = await delivered(h, { roundId: round.id, event: 'selection_published' }, 8);
    expect(bodies.map((m) => m.recipientId).sort()).toEqual(NATIONAL_BODIES.map((b) => b.code).sort());
    for (const m of bodies)
      expect(everyone.filter((n) => m.text.includes(n))).toEqual([hl.org.name, qd.org.name, xm.org.name]);
  });
});
