// The embedded database is reachable by every local user on loopback and keeps its files in the
// data folder: it must let in only clients that know its password (SCRAM-SHA-256), and no file of
// the data folder — database, lock, keys, Temporal's histories and log — may be open to group or others.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { createDb } from '../platform/db';
import { migrate } from '../platform/migrate';
import { embeddedDbPassword } from '../platform/secrets';
import { startDevServer } from '../platform/temporalServer';
import { freePort } from '../platform/freePort';

// URL-reserved characters and non-ASCII: the URL must encode it, both SCRAM sides normalise it alike
const PASSWORD = 'p@ss:w/rd?#%+ü 测试';

let dataDir: string;
let child: ChildProcess;
let port: number;

/** Every file and folder under `dir` whose mode lets group or others in, as "mode path". */
function openToOthers(dir: string): string[] {
  const found: string[] = [];
  const visit = (p: string) => {
    const st = fs.lstatSync(p);
    if (st.mode & 0o077) found.push(`${(st.mode & 0o777).toString(8)} ${path.relative(dataDir, p) || '.'}`);
    if (st.isDirectory()) for (const name of fs.readdirSync(p)) visit(path.join(p, name));
  };
  visit(dir);
  return found;
}

const connect = (opts: { user?: string; password?: string }) =>
  new pg.Client({
    host: '127.0.0.1',
    port,
    database: 'postgres',
    user: opts.user ?? 'postgres',
    password: opts.password,
    connectionTimeoutMillis: 10_000,
  });

async function tryConnect(opts: { user?: string; password?: string }): Promise<unknown> {
  const client = connect(opts);
  client.on('error', () => undefined);
  try {
    await client.connect();
  } catch (err) {
    return err;
  } finally {
    await client.end().catch(() => undefined);
  }
  return undefined;
}

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pilotflow-dbsec-'));
  child = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(__dirname, 'support', 'pgliteProcess.ts'), path.join(dataDir, 'pglite')],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, PGLITE_TEST_PASSWORD: PASSWORD },
    },
  );
  port = Number(
    await new Promise<string>((resolve, reject) => {
      let out = '';
      child.once('exit', (code) => reject(new Error(`the embedded database exited with ${code}`)));
      child.stdout!.on('data', (d) => {
        out += d;
        const m = out.match(/port=(\d+)/);
        if (m) resolve(m[1]);
      });
    }),
  );
});

afterAll(async () => {
  if (child.exitCode === null) {
    await new Promise((resolve) => {
      child.once('exit', resolve);
      child.kill('SIGTERM');
    });
  }
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('authentication', () => {
  test('when a client gives a wrong password, then it is refused with 28P01', async () => {
    expect(await tryConnect({ password: 'postgres' })).toMatchObject({
      code: '28P01',
      message: 'password authentication failed for user "postgres"',
    });
  });

  test('when a client gives the right password for another user, then it is refused with 28P01', async () => {
    expect(await tryConnect({ user: 'admin', password: PASSWORD })).toMatchObject({
      code: '28P01',
      message: 'password authentication failed for user "admin"',
    });
  });

  test('when a client gives no password, then it is refused', async () => {
    // node-postgres cannot answer the SCRAM challenge without one and gives up
    expect(await tryConnect({})).toBeInstanceOf(Error);
  });

  test('when a client skips authentication and sends a query, then nothing reaches the database', async () => {
    const replies = await new Promise<Buffer>((resolve, reject) => {
      const socket = net.connect(port, '127.0.0.1');
      const chunks: Buffer[] = [];
      socket.on('data', (d) => chunks.push(d));
      socket.on('close', () => resolve(Buffer.concat(chunks)));
      socket.on('error', reject);
      const params = Buffer.from('user\0postgres\0database\0postgres\0\0');
      const startup = Buffer.alloc(8);
      startup.writeInt32BE(8 + params.length, 0);
      startup.writeInt32BE(196608, 4); // protocol 3.0
      const sql = Buffer.from('SELECT 42\0');
      const query = Buffer.alloc(5);
      query.write('Q', 0);
      query.writeInt32BE(4 + sql.length, 1);
      socket.write(Buffer.concat([startup, params, query, sql]));
    });
    // Split the replies into messages: type byte, int32 length.
    const messages: { type: string; body: Buffer }[] = [];
    for (let i = 0; i < replies.length;) {
      const length = replies.readInt32BE(i + 1);
      messages.push({ type: String.fromCharCode(replies[i]), body: replies.subarray(i + 5, i + 1 + length) });
      i += 1 + length;
    }
    expect(messages.map((m) => m.type)).toEqual(['R', 'E']);
    expect(messages[0].body.readInt32BE(0)).toBe(10); // AuthenticationSASL
    expect(messages[0].body.subarray(4).toString()).toBe('SCRAM-SHA-256\0\0');
    expect(messages[1].body.toString()).toContain('C08P01\0');
  });

  test('when a client gives the right password, then it is served; Prisma too, through the encoded URL', async () => {
    const client = connect({ password: PASSWORD });
    await client.connect();
    try {
      expect((await client.query('SELECT current_user AS u, 6 * 7 AS answer')).rows).toEqual([
        { u: 'postgres', answer: 42 },
      ]);
    } finally {
      await client.end();
    }
    const url = `postgresql://postgres:${encodeURIComponent(PASSWORD)}@127.0.0.1:${port}/postgres?sslmode=disable`;
    await migrate(url);
    const db = createDb(url, 2);
    try {
      await db.department.create({
        data: {
          id: 'TEST.DBSEC',
          level: 'provincial',
          provinceCode: 'GD',
          nameZh: '测试部门',
          nameEn: 'Test department',
          email: 'dbsec@example.org',
        },
      });
      expect(await db.department.findMany({ select: { id: true } })).toEqual([{ id: 'TEST.DBSEC' }]);
    } finally {
      await db.$disconnect();
    }
  });
});

describe('file modes', () => {
  test('when the embedded database has been written to, then no file or folder in the data folder is open to group or others, running or stopped', async () => {
    const client = connect({ password: PASSWORD });
    await client.connect();
    await client.query(
      "CREATE TABLE IF NOT EXISTS filler (id serial PRIMARY KEY, body text); INSERT INTO filler (body) SELECT repeat('x', 500) FROM generate_series(1, 2000)",
    );
    await client.end();
    expect(fs.existsSync(path.join(dataDir, 'pglite.lock'))).toBe(true);
    expect(fs.readdirSync(path.join(dataDir, 'pglite')).length).toBeGreaterThan(10); // PGlite's files are there
    // While running, the folders are owner-only: whatever PostgreSQL rewrites inside stays out of reach.
    expect(openToOthers(dataDir)).toEqual([]);
    await new Promise((resolve) => {
      child.once('exit', resolve);
      child.kill('SIGTERM');
    });
    expect(openToOthers(dataDir)).toEqual([]);
  });

  test('when the demo keys are generated, then secrets.json and its folder are owner-only', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pilotflow-secrets-'));
    try {
      const dataDir = path.join(dir, 'data');
      embeddedDbPassword({ demoMode: true, dataDir, embeddedDbPassword: undefined });
      expect((fs.statSync(dataDir).mode & 0o777).toString(8)).toBe('700');
      expect((fs.statSync(path.join(dataDir, 'secrets.json')).mode & 0o777).toString(8)).toBe('600');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test("when Temporal's dev server keeps its data in the folder, then its SQLite files and log are owner-only, even a log left open to others", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pilotflow-temporal-'));
    const logFile = path.join(dir, 'temporal.log');
    fs.writeFileSync(logFile, 'from an earlier start\n', { mode: 0o644 });
    fs.chmodSync(logFile, 0o644);
    const server = await startDevServer({
      port: await freePort(),
      namespace: 'default',
      dbFile: path.join(dir, 'temporal.sqlite'),
      logFile,
    });
    try {
      // SQLite's -journal comes and goes while the server writes: a file gone between the listing
      // and its stat has no mode to check
      const modes = Object.fromEntries(
        fs.readdirSync(dir).flatMap((name) => {
          const stat = fs.statSync(path.join(dir, name), { throwIfNoEntry: false });
          return stat ? [[name, (stat.mode & 0o777).toString(8)]] : [];
        }),
      );
      expect(modes).toMatchObject({ 'temporal.sqlite': '600', 'temporal.log': '600' });
      expect(Object.values(modes).filter((m) => m !== '600')).toEqual([]); // -wal, -shm too
    } finally {
      await server.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
