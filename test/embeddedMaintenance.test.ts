// The embedded database's own maintenance (PGlite has no autovacuum): a pass gives the planner the
// tables' real sizes and spreads, and it never runs inside a client's transaction.
import pg from 'pg';
import { startPgliteProcess } from './support/scratchDb';

let store: Awaited<ReturnType<typeof startPgliteProcess>>;
let pool: pg.Pool;

// 20,000 rows, a quarter of them kind 'city': what the planner should come to expect
const ROWS = 20_000;
const CITIES = ROWS / 4;

beforeAll(async () => {
  store = await startPgliteProcess();
  pool = new pg.Pool({ connectionString: store.url, max: 3 });
  await pool.query('CREATE TABLE applicant (id int PRIMARY KEY, kind text NOT NULL)');
  await pool.query(
    `INSERT INTO applicant SELECT g, CASE WHEN g % 4 = 0 THEN 'city' ELSE 'enterprise' END FROM generate_series(1, ${ROWS}) g`,
  );
});
afterAll(async () => {
  await pool.end();
  await store.stop();
});

const plannedCities = async () => {
  const { rows } = await pool.query(`EXPLAIN SELECT * FROM applicant WHERE kind = 'city'`);
  return Number(/rows=(\d+)/.exec(rows[0]['QUERY PLAN'])![1]);
};

test('when rows were written and no pass has run, then the planner guesses; after a pass, it expects the real count', async () => {
  expect(Math.abs((await plannedCities()) - CITIES)).toBeGreaterThan(CITIES / 2); // a guess, far off
  await store.maintain();
  expect(Math.abs((await plannedCities()) - CITIES)).toBeLessThan(CITIES / 10);
  const { rows } = await pool.query(
    `SELECT last_vacuum IS NOT NULL AS vacuumed, last_analyze IS NOT NULL AS analyzed FROM pg_stat_user_tables WHERE relname = 'applicant'`,
  );
  expect(rows[0]).toEqual({ vacuumed: true, analyzed: true });
});

test('when a client holds a transaction open, then the pass waits for it and the client commits as usual', async () => {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query(`INSERT INTO applicant VALUES (${ROWS + 1}, 'city')`);
    let done = false;
    const pass = store.maintain().then(() => (done = true));
    // the pass is queued behind the open transaction (VACUUM inside it would fail)
    await client.query(`SELECT 1`);
    expect(done).toBe(false);
    await client.query('COMMIT');
    await pass;
  } finally {
    client.release();
  }
  expect((await pool.query(`SELECT count(*)::int AS n FROM applicant WHERE kind = 'city'`)).rows[0].n).toBe(CITIES + 1);
});
