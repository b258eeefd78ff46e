// The embedded database's wire server under concurrent clients: extended-protocol queries and
// transactions from many connections never interleave, and a client that vanishes mid-transaction
// leaves nothing behind.
import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import path from 'node:path';
import pg from 'pg';

let child: ChildProcess;
let url: string;
let pool: pg.Pool;

beforeAll(async () => {
  const password = crypto.randomBytes(18).toString('base64url');
  child = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, 'support', 'pgliteProcess.ts')], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, PGLITE_TEST_PASSWORD: password },
  });
  const port = await new Promise<string>((resolve) => {
    let out = '';
    child.stdout!.on('data', (d) => {
      out += d;
      const m = out.match(/port=(\d+)/);
      if (m) resolve(m[1]);
    });
  });
  url = `postgresql://postgres:${password}@127.0.0.1:${port}/postgres`;
  pool = new pg.Pool({ connectionString: url, max: 10 });
  await pool.query('CREATE TABLE counter (id int PRIMARY KEY, n int NOT NULL)');
  await pool.query('INSERT INTO counter VALUES (1, 0)');
});
afterAll(async () => {
  await pool.end();
  await new Promise((resolve) => {
    child.once('exit', resolve);
    child.kill('SIGTERM');
  });
});

test('when 10 connections run 300 parameterised queries at once, then each gets its own answer', async () => {
  const answers = await Promise.all(
    Array.from({ length: 300 }, (_, i) => pool.query('SELECT $1::int * 2 AS doubled, $2::text AS tag', [i, `q${i}`])),
  );
  answers.forEach((r, i) => expect(r.rows[0]).toEqual({ doubled: i * 2, tag: `q${i}` }));
});

test('when 50 read-modify-write transactions run concurrently, then no update is lost', async () => {
  await Promise.all(
    Array.from({ length: 50 }, async () => {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const { rows } = await client.query('SELECT n FROM counter WHERE id = $1', [1]);
        await new Promise((r) => setTimeout(r, 1));
        await client.query('UPDATE counter SET n = $1 WHERE id = $2', [rows[0].n + 1, 1]);
        await client.query('COMMIT');
      } finally {
        client.release();
      }
    }),
  );
  expect((await pool.query('SELECT n FROM counter WHERE id = 1')).rows[0].n).toBe(50);
});

test('when a client disconnects inside a transaction, then its work is rolled back and others carry on', async () => {
  const before = (await pool.query('SELECT n FROM counter WHERE id = 1')).rows[0].n;
  const lone = new pg.Client({ connectionString: url });
  lone.on('error', () => undefined); // the disconnect below is deliberate
  await lone.connect();
  await lone.query('BEGIN');
  await lone.query('UPDATE counter SET n = n + 1000 WHERE id = 1');
  const waiting = pool.query('UPDATE counter SET n = n + 1 WHERE id = 1');
  (lone as unknown as { connection: { stream: { destroy(): void } } }).connection.stream.destroy();
  await waiting;
  expect((await pool.query('SELECT n FROM counter WHERE id = 1')).rows[0].n).toBe(before + 1);
});
