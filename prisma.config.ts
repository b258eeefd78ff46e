// Prisma CLI configuration: `prisma generate` (run on install) and, where Prisma's native
// schema engine can be fetched, `prisma migrate deploy` against DATABASE_URL. pilotflow itself
// applies the same committed migrations with scripts/migrate.ts, which needs no engine.
import path from 'node:path';
import { defineConfig } from 'prisma/config';

export default defineConfig({
  schema: path.join('prisma', 'schema.prisma'),
  migrations: { path: path.join('prisma', 'migrations') },
  datasource: { url: process.env.DATABASE_URL ?? '' },
});
