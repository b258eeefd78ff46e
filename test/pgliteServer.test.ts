// The embedded database's wire server under concurrent clients: extended-protocol queries and
// transactions from many connections never interleave, a query's answer comes back in one write
// however its messages arrive, and a client that vanishes mid-transaction leaves nothing behind.
import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import net from 'node:net';
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

/** A client whose socket counts the chunks it receives. */
async function countingClient() {
  const socket = new net.Socket();
  let chunks = 0;
  socket.on('data', () => (chunks += 1));
  const client = new pg.Client({ connectionString: url, stream: () => socket });
  await client.connect();
  return { client, chunks: () => chunks };
}

/** A proxy to the server that passes on what clients send three bytes at a time, each in its own write. */
async function trickling(): Promise<{ url: string; close: () => void }> {
  const server = net.createServer((from) => {
    const to = net.connect(Number(new URL(url).port), '127.0.0.1');
    to.setNoDelay(true);
    to.pipe(from);
    let sending = Promise.resolve();
    from.on('data', (data: Buffer) => {
      sending = sending.then(async () => {
        for (let i = 0; i < data.length; i += 3)
          await new Promise((resolve) => to.write(data.subarray(i, i + 3), () => setImmediate(resolve)));
      });
    });
    from.on('close', () => to.destroy());
    to.on('close', () => from.destroy());
    from.on('error', () => undefined);
    to.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const proxied = new URL(url);
  proxied.port = String((server.address() as net.AddressInfo).port);
  return { url: proxied.toString(), close: () => server.close() };
}

test('when an answer is larger than what the server gathers before writing, then it arrives whole', async () => {
  const { rows } = await pool.query(
    'SELECT n, repeat(chr(65 + n % 26), 1000) AS text FROM generate_series(1, 500) AS n',
  );
  expect(rows).toHaveLength(500);
  rows.forEach((r, i) => expect(r).toEqual({ n: i + 1, text: String.fromCharCode(65 + ((i + 1) % 26)).repeat(1000) }));
});

test('when a client runs 50 parameterised queries one after another, then each answer arrives in one piece', async () => {
  const { client, chunks } = await countingClient();
  try {
    const before = chunks();
    for (let i = 0; i < 50; i++) await client.query('SELECT $1::int AS n', [i]);
    // a write per protocol message gave five pieces a query (ParseComplete … ReadyForQuery)
    expect(chunks() - before).toBeLessThanOrEqual(60);
  } finally {
    await client.end();
  }
});

test("when a client's messages arrive a few bytes at a time, then its queries and transactions are answered like any other", async () => {
  const proxy = await trickling();
  const client = new pg.Client({ connectionString: proxy.url });
  await client.connect();
  try {
    const before = (await pool.query('SELECT n FROM counter WHERE id = 1')).rows[0].n;
    const busy = Promise.all(Array.from({ length: 40 }, (_, i) => pool.query('SELECT $1::int + 1 AS m', [i])));
    for (let i = 0; i < 5; i++)
      expect((await client.query('SELECT $1::int * 3 AS n', [i])).rows[0]).toEqual({ n: i * 3 });
    await client.query('BEGIN');
    await client.query('UPDATE counter SET n = n + $1 WHERE id = 1', [7]);
    await client.query('ROLLBACK');
    expect((await pool.query('SELECT n FROM counter WHERE id = 1')).rows[0].n).toBe(before);
    (await busy).forEach((r, i) => expect(r.rows[0]).toEqual({ m: i + 1 }));
  } finally {
    await client.end();
    proxy.close();
  }
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
