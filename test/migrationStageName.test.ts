// The migration that gives the grading stage its one name (prisma/migrations/…_evaluation_stage_name):
// a round stored with the old key reads, after it, as one written today.
import fs from 'node:fs';
import path from 'node:path';
import { asJson, createDb, type Db } from '../platform/db';
import { roundConfigSchema } from '../domain/roundSchema';
import { DEFAULT_ROUND_CONFIG } from '../domain/round';
import { env } from './support/harness';

const SQL = fs.readFileSync(
  path.join(__dirname, '..', 'prisma', 'migrations', '20261206120000_evaluation_stage_name', 'migration.sql'),
  'utf8',
);

let db: Db;
beforeAll(() => {
  db = createDb(env.databaseUrl(), 2);
});
afterAll(() => db.$disconnect());

test('when a round stored its grading chain as evaluationGrading, then after the migration it is `evaluation`, the same chain, and the round’s rules parse', async () => {
  const { evaluation, ...others } = DEFAULT_ROUND_CONFIG.deadlines;
  const legacyChain = { ...evaluation, defaultAfterDays: 12, defaultRule: 'none' };
  const id = `legacy-${Date.now().toString(36)}`;
  const legacy = { ...DEFAULT_ROUND_CONFIG, deadlines: { ...others, evaluationGrading: legacyChain } };
  expect(roundConfigSchema.safeParse(legacy).success).toBe(false); // today's schema knows one name only
  await db.round.create({
    data: {
      id,
      kind: 'pilot',
      nameZh: '旧轮次',
      nameEn: 'Old round',
      declarationDeadline: new Date(),
      config: asJson(legacy),
    },
  });
  try {
    await db.$transaction(async (tx) => {
      // the migration, confined to this test's row (other files' rounds are theirs)
      await tx.$executeRawUnsafe(SQL.replace(/;\s*$/, ` AND id = '${id}';`));
    });
    const config = (await db.round.findUniqueOrThrow({ where: { id } })).config as unknown as typeof legacy;
    expect(config.deadlines).not.toHaveProperty('evaluationGrading');
    expect((config.deadlines as Record<string, unknown>).evaluation).toEqual(legacyChain);
    expect(roundConfigSchema.parse(config).deadlines.evaluation).toEqual(legacyChain);
  } finally {
    await db.round.delete({ where: { id } });
  }
});
