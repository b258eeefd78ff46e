// One application per applicant per round: a second draft is refused with 409 `already_declared`
// naming the first, two creates at once leave one (the unique index settles the race), another
// round is open to the same applicant, and the migration keeps a database's earlier duplicates.
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { createDb } from '../platform/db';
import { migrate } from '../platform/migrate';
import { cityAnnex } from './support/fixtures';
import { http, newApplicant, newRound, startHarness, type Harness } from './support/harness';
import { startScratchDb } from './support/scratchDb';

const MIGRATION = fs.readFileSync(
  path.join(__dirname, '..', 'prisma', 'migrations', '20261206150000_one_application_per_round', 'migration.sql'),
  'utf8',
);

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ worker: false });
});
afterAll(() => h?.stop());

const create = (token: string, roundId: string, annex: unknown, lang = 'en') =>
  http(h.baseUrl, 'POST', '/api/applications', {
    token,
    body: { roundId, annex },
    headers: { 'accept-language': lang },
  });

test('when an applicant creates a second application in the same round, then 409 already_declared names the round field and the first application, in both languages, and nothing is created', async () => {
  const applicant = await newApplicant(h, 'city', 'SC');
  const round = await newRound(h);
  const first = await create(applicant.token, round.id, cityAnnex({ cityName: '成都市' }));
  expect(first.status).toBe(201);

  const second = await create(applicant.token, round.id, cityAnnex({ cityName: '绵阳市' }));
  expect(second.status).toBe(409);
  expect(second.body).toEqual({
    error: {
      code: 'already_declared',
      message: 'Your organisation already has an application in this round: one application per applicant per round',
      applicationId: first.body.id,
      fields: [
        {
          field: 'roundId',
          code: 'already_declared',
          message: `Your organisation already has an application in this round: one application per applicant per round (the application: ${first.body.id})`,
        },
      ],
    },
  });
  // in Chinese too; and a draft whose fields are wrong is refused for the same reason, not for its fields
  const inChinese = await create(applicant.token, round.id, { cityName: 42 }, 'zh-CN');
  expect([inChinese.status, inChinese.body.error.code, inChinese.body.error.applicationId]).toEqual([
    409,
    'already_declared',
    first.body.id,
  ]);
  expect(inChinese.body.error.message).toBe('本单位在该轮次已有申报：每个申报单位每轮只能申报一次');
  expect(inChinese.body.error.fields[0].message).toContain(first.body.id);

  const stored = await h.db.application.findMany({ where: { organizationId: applicant.org.id } });
  expect(stored.map((a) => [a.id, (a.annex as { cityName: string }).cityName])).toEqual([[first.body.id, '成都市']]);
});

test('when two creates of one applicant in one round race, then exactly one is created (201) and the other gets 409 naming it; the index refuses a duplicate written past the API', async () => {
  const applicant = await newApplicant(h, 'enterprise', 'HB');
  const round = await newRound(h);
  const answers = await Promise.all([
    create(applicant.token, round.id, { legalName: '武汉甲供应链有限公司' }),
    create(applicant.token, round.id, { legalName: '武汉乙供应链有限公司' }),
  ]);
  expect(answers.map((a) => a.status).sort()).toEqual([201, 409]);
  const created = answers.find((a) => a.status === 201)!.body.id;
  const refused = answers.find((a) => a.status === 409)!.body.error;
  expect([refused.code, refused.applicationId]).toEqual(['already_declared', created]);
  const stored = await h.db.application.findMany({ where: { organizationId: applicant.org.id, roundId: round.id } });
  expect(stored.map((a) => a.id)).toEqual([created]);

  // the race's last word is the database's: a second row written straight into it is refused
  await expect(
    h.db.application.create({
      data: { roundId: round.id, organizationId: applicant.org.id, kind: 'enterprise', provinceCode: 'HB', annex: {} },
    }),
  ).rejects.toMatchObject({ code: 'P2002' });
});

test('when an applicant has declared in one round, then it may still declare in another, and another applicant in the same round', async () => {
  const applicant = await newApplicant(h, 'city', 'YN');
  const neighbour = await newApplicant(h, 'city', 'YN');
  const [roundA, roundB] = [await newRound(h), await newRound(h)];
  expect((await create(applicant.token, roundA.id, cityAnnex({ cityName: '昆明市' }))).status).toBe(201);
  expect((await create(applicant.token, roundB.id, cityAnnex({ cityName: '昆明市' }))).status).toBe(201);
  expect((await create(neighbour.token, roundA.id, cityAnnex({ cityName: '曲靖市' }))).status).toBe(201);
  const rounds = await h.db.application.findMany({
    where: { organizationId: applicant.org.id },
    select: { roundId: true },
  });
  expect(rounds.map((r) => r.roundId).sort()).toEqual([roundA.id, roundB.id].sort());
});

test('when the migration meets duplicates made before the rule, then it deletes nothing, keeps the first of each applicant and round under the index, names the later ones, and refuses a new duplicate', async () => {
  const scratch = await startScratchDb();
  const db = createDb(scratch.url, 1);
  const client = new pg.Client({ connectionString: scratch.url });
  try {
    await migrate(scratch.url);
    await client.connect();
    // the database as it was before this migration
    await client.query('DROP INDEX "Application_organizationId_roundId_key"');
    const round = await newRoundIn(db);
    const org = await db.organization.create({
      data: { kind: 'city', name: '旧申报单位', provinceCode: 'GD', email: 'legacy@pilotflow.example.org' },
    });
    const other = await db.organization.create({
      data: { kind: 'city', name: '另一单位', provinceCode: 'GD', email: 'other@pilotflow.example.org' },
    });
    const legacy = (id: string, organizationId: string, createdAt: string) =>
      db.application.create({
        data: {
          id,
          roundId: round,
          organizationId,
          kind: 'city',
          provinceCode: 'GD',
          annex: {},
          createdAt: new Date(createdAt),
        },
      });
    await legacy('legacy-b', org.id, '2026-01-02T00:00:00Z');
    await legacy('legacy-a', org.id, '2026-01-01T00:00:00Z'); // the first, though written second
    await legacy('legacy-c', org.id, '2026-01-03T00:00:00Z');
    await legacy('legacy-other', other.id, '2026-01-02T00:00:00Z');

    const warnings: string[] = [];
    client.on('notice', (n) => warnings.push(n.message ?? ''));
    await client.query(MIGRATION);

    expect((await db.application.findMany({ orderBy: { id: 'asc' } })).map((a) => a.id)).toEqual([
      'legacy-a',
      'legacy-b',
      'legacy-c',
      'legacy-other',
    ]);
    expect(warnings).toEqual([expect.stringContaining('2 later application(s)')]);
    expect(warnings[0]).toContain('legacy-b, legacy-c');
    const { rows } = await client.query(
      `SELECT indexdef FROM pg_indexes WHERE indexname = 'Application_organizationId_roundId_key'`,
    );
    expect(rows[0].indexdef).toMatch(/^CREATE UNIQUE INDEX .* WHERE/);
    // the first is under the index: another application of the applicant in the round is refused
    await expect(legacy('new-one', org.id, '2026-12-06T00:00:00Z')).rejects.toMatchObject({ code: 'P2002' });
    await expect(legacy('new-other', other.id, '2026-12-06T00:00:00Z')).rejects.toMatchObject({ code: 'P2002' });
  } finally {
    await client.end().catch(() => undefined);
    await db.$disconnect();
    await scratch.stop();
  }
}, 120_000);

test('when the database had no duplicates, then the index is the plain unique index schema.prisma declares', async () => {
  const rows = await h.db.$queryRaw<{ indexdef: string }[]>`
    SELECT indexdef FROM pg_indexes WHERE indexname = 'Application_organizationId_roundId_key'`;
  expect(rows.map((r) => r.indexdef)).toEqual([
    'CREATE UNIQUE INDEX "Application_organizationId_roundId_key" ON public."Application" USING btree ("organizationId", "roundId")',
  ]);
});

async function newRoundIn(db: ReturnType<typeof createDb>) {
  const round = await db.round.create({
    data: {
      id: 'legacy-round',
      kind: 'pilot',
      nameZh: '旧轮次',
      nameEn: 'Old round',
      declarationDeadline: new Date('2026-12-31T00:00:00Z'),
      config: {},
    },
  });
  return round.id;
}
