// Applies the committed Prisma migrations (prisma/migrations/<name>/migration.sql) in order and
// records them in `_prisma_migrations` exactly as `prisma migrate deploy` does, so the two can
// take turns on one database. Needs no Prisma engine, so it runs wherever Node runs.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import type { ChainBreak } from './auditChain';
import { sealAuditChains } from './auditSeal';
import { repoPath } from './paths';
import { processSecrets, type KeyRing } from './secrets';

const MIGRATIONS_DIR = repoPath('prisma', 'migrations');

// The table definition Prisma's schema engine creates.
const MIGRATIONS_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`;

export interface MigrationResult {
  applied: string[];
  alreadyApplied: number;
  /** audit records written before the hash chain existed, chained now with the audit key */
  sealed: number;
  /** records of plain SHA-256 chains re-sealed with the audit key (the one-time upgrade) */
  resealed: number;
  /** legacy chains that did not verify at the upgrade, left unkeyed: audit:verify reports them */
  leftUnkeyed: ChainBreak[];
}

export function listMigrations(dir = MIGRATIONS_DIR): { name: string; sql: string; checksum: string }[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && fs.existsSync(path.join(dir, e.name, 'migration.sql')))
    .map((e) => e.name)
    .sort()
    .map((name) => {
      const sql = fs.readFileSync(path.join(dir, name, 'migration.sql'), 'utf8');
      return { name, sql, checksum: crypto.createHash('sha256').update(sql).digest('hex') };
    });
}

/**
 * `auditKeys`: the ring the one-time upgrade of the audit trail seals with (platform/auditSeal.ts);
 * by default this process's AUDIT_CHAIN_KEYS.
 */
export async function migrate(databaseUrl: string, opts: { auditKeys?: KeyRing } = {}): Promise<MigrationResult> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    // Several processes may start at once against one PostgreSQL: one migrates, the others wait.
    await client.query('SELECT pg_advisory_lock(72707369)');
    await client.query(MIGRATIONS_TABLE);
    const done = await client.query<{ migration_name: string; checksum: string; finished_at: Date | null }>(
      'SELECT migration_name, checksum, finished_at FROM "_prisma_migrations" WHERE rolled_back_at IS NULL',
    );
    const applied: string[] = [];
    let alreadyApplied = 0;
    for (const m of listMigrations()) {
      const row = done.rows.find((r) => r.migration_name === m.name);
      if (row?.finished_at) {
        if (row.checksum !== m.checksum)
          throw new Error(
            `Migration ${m.name} was changed after it was applied (checksum differs). Add a new migration instead.`,
          );
        alreadyApplied++;
        continue;
      }
      if (row) throw new Error(`Migration ${m.name} failed earlier and needs attention (see _prisma_migrations.logs).`);
      const id = crypto.randomUUID();
      await client.query('BEGIN');
      try {
        await client.query(m.sql);
        await client.query(
          'INSERT INTO "_prisma_migrations" (id, checksum, migration_name, finished_at, applied_steps_count) VALUES ($1, $2, $3, now(), 1)',
          [id, m.checksum, m.name],
        );
        await client.query('COMMIT');
      } catch (err) {
        await client.query('ROLLBACK');
        throw new Error(`Migration ${m.name} failed: ${(err as Error).message}`);
      }
      applied.push(m.name);
    }
    // still under the lock: one process upgrades the audit trail, the others find it done
    return {
      applied,
      alreadyApplied,
      ...(await sealAuditChains(client, opts.auditKeys ?? processSecrets().auditKeys)),
    };
  } finally {
    await client.query('SELECT pg_advisory_unlock(72707369)').catch(() => undefined);
    await client.end();
  }
}
