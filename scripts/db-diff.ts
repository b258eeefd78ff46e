// Prints the SQL that takes a database from the state of prisma/migrations/*/migration.sql (applied
// in name order) to the state of prisma/schema.prisma: what `prisma migrate diff --from-migrations
// prisma/migrations --to-schema prisma/schema.prisma --script` prints. That CLI command needs
// Prisma's native schema engine, which cannot be downloaded on our machines, so this drives the
// WASM build of the same engine (@prisma/schema-engine-wasm, pinned to prisma's engines hash)
// through @prisma/adapter-pg, with in-memory PGlite instances on loopback as shadow databases.
//
//   npx tsx scripts/db-diff.ts [--check] [--schema <file>] [--migrations <dir>]
// Prints the SQL, or "-- This is an empty migration." when there is no difference. Exit code 0;
// with --check, 1 when there is a difference (drift check); 2 on error. DEBUG_DB_DIFF=1 logs.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { PGlite } from '@electric-sql/pglite';
import { servePglite } from '../platform/pgliteServer';
import { PrismaPg } from '@prisma/adapter-pg';
import { bindMigrationAwareSqlAdapterFactory, type SqlDriverAdapter } from '@prisma/driver-adapter-utils';

const arg = (name: string) => (process.argv.includes(name) ? process.argv[process.argv.indexOf(name) + 1] : undefined);
const root = path.join(__dirname, '..');
const schemaPath = path.resolve(arg('--schema') ?? path.join(root, 'prisma', 'schema.prisma'));
const migrationsDir = path.resolve(arg('--migrations') ?? path.join(root, 'prisma', 'migrations'));
const debug = (...a: unknown[]) => process.env.DEBUG_DB_DIFF && console.error(...a);

/* eslint-disable @typescript-eslint/no-explicit-any -- the engine's and pg's untyped plumbing */
// adapter-pg rejects result columns of type "char" (OID 18, e.g. pg_constraint.contype): report
// them as text (pg hands their values over as strings anyway).
const charAsText = (r: any) => {
  for (const f of r?.fields ?? []) if (f.dataTypeID === 18) f.dataTypeID = 25;
  return r;
};
class CharAsTextClient extends pg.Client {
  query(...args: any[]): any {
    const cb = args.length > 1 && typeof args[args.length - 1] === 'function' ? args.pop() : undefined;
    if (cb) return (super.query as any)(...args, (err: any, r: any) => cb(err, err ? r : charAsText(r)));
    const res = (super.query as any)(...args);
    return res instanceof Promise ? res.then(charAsText) : res;
  }
}

// Every connection the engine asks for is a fresh in-memory PGlite (PostgreSQL 18). Built here:
// PrismaPg's own connectToShadowDb() would CREATE/DROP a database through the main connection.
async function connectShadow(): Promise<SqlDriverAdapter> {
  const db = new PGlite();
  const password = crypto.randomBytes(18).toString('base64url'); // loopback is shared: even a scratch database has one
  const server = await servePglite(db, 0, password);
  const pool = new pg.Pool({
    connectionString: `postgresql://postgres:${password}@127.0.0.1:${server.port}/postgres`,
    max: 1,
    Client: CharAsTextClient,
  });
  const adapter: any = await new PrismaPg(pool).connect();
  // adapter-pg's executeScript splits on every ';' (breaks function bodies, strings): send the
  // migration whole, as one simple-protocol query, like the native engine does.
  adapter.executeScript = async (script: string) => {
    debug('-- executeScript\n' + script);
    try {
      await pool.query(script);
    } catch (e) {
      adapter.onError(e);
    }
  };
  // PostgreSQL 18 also stores NOT NULL as pg_constraint rows (contype 'n'), which the engine cannot
  // describe (prisma/orm#29635); nullability is read from pg_attribute anyway, so drop them.
  const queryRaw = adapter.queryRaw.bind(adapter);
  adapter.queryRaw = async (q: { sql: string }) => {
    const r = await queryRaw(q);
    const i = r.columnNames.indexOf('constraint_type');
    if (i >= 0) r.rows = r.rows.filter((row: unknown[]) => row[i] !== 'n');
    return r;
  };
  adapter.dispose = async () => {
    await pool.end();
    await server.close();
    await db.close();
  };
  return adapter;
}

function readMigrations(provider: string) {
  const read = (p: string) => (fs.existsSync(p) ? fs.readFileSync(p, 'utf8') : null);
  const dirs = fs.existsSync(migrationsDir)
    ? fs
        .readdirSync(migrationsDir, { withFileTypes: true })
        .filter((d) => d.isDirectory())
        .map((d) => d.name)
    : [];
  let lock = read(path.join(migrationsDir, 'migration_lock.toml'));
  if (lock === null) {
    // Without a lockfile the engine cannot tell the connector and silently reports "no difference".
    if (dirs.length)
      console.error(`warning: ${migrationsDir}/migration_lock.toml is missing (prisma migrate needs it)`);
    lock = `provider = "${provider}"\n`;
  }
  return {
    baseDir: migrationsDir,
    lockfile: { path: 'migration_lock.toml', content: lock },
    shadowDbInitScript: '',
    migrationDirectories: dirs
      .sort((a, b) => a.localeCompare(b))
      .map((name) => {
        const sql = read(path.join(migrationsDir, name, 'migration.sql'));
        return {
          path: name,
          migrationFile: {
            path: 'migration.sql',
            content:
              sql === null
                ? { tag: 'error' as const, value: `${name}/migration.sql not found` }
                : { tag: 'ok' as const, value: sql },
          },
        };
      }),
  };
}

async function loadEngine() {
  // The package's entry imports the .wasm as an ES module (bundler style): instantiate it by hand.
  const bgPath = require.resolve('@prisma/schema-engine-wasm/schema_engine_bg');
  const bg = await import('@prisma/schema-engine-wasm/schema_engine_bg');
  const { Module, Instance } = (globalThis as any).WebAssembly; // not in the project's TS libs
  const wasm = new Module(fs.readFileSync(path.join(path.dirname(bgPath), 'schema_engine_bg.wasm')));
  const instance = new Instance(wasm, { './schema_engine_bg.js': bg as any });
  bg.__wbg_set_wasm(instance.exports);
  (instance.exports as any).__wbindgen_start();
  return bg.SchemaEngine;
}

async function main() {
  const schema = fs.readFileSync(schemaPath, 'utf8');
  const provider = /datasource\s+\w+\s*{[^}]*provider\s*=\s*"(\w+)"/.exec(schema)?.[1] ?? 'postgresql';
  const factory = bindMigrationAwareSqlAdapterFactory({
    provider: 'postgres',
    adapterName: '@prisma/adapter-pg',
    connect: connectShadow, // the engine connects at start-up; no real database is involved
    connectToShadowDb: connectShadow,
  });
  const SchemaEngine = await loadEngine();
  const engine = await SchemaEngine.new({ datamodels: [[schemaPath, schema]] }, (log: string) => debug(log), factory);
  const result = await engine.diff({
    from: { tag: 'migrations', ...readMigrations(provider) },
    to: { tag: 'schemaDatamodel', files: [{ path: schemaPath, content: schema }] },
    script: true,
    exitCode: true, // exitCode 2 in the result when the diff is not empty
    filters: { externalTables: [], externalEnums: [] },
  });
  process.stdout.write(`${(result.stdout ?? '').trim()}\n`);
  // The engine never closes its connection pool: exit explicitly.
  process.exit(process.argv.includes('--check') && result.exitCode === 2 ? 1 : 0);
}

main().catch((e) => {
  console.error(e?.stack ?? e);
  process.exit(2);
});
