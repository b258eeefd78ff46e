// The Prisma client over a pg pool: the same code for the embedded PGlite and for PostgreSQL.
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient, type Prisma } from '../generated/prisma/client';

export type Db = PrismaClient;

export function createDb(databaseUrl: string, poolSize = 10): Db {
  return new PrismaClient({
    adapter: new PrismaPg({ connectionString: databaseUrl, max: poolSize }),
    // A transaction waits up to 10 s for its connection (Prisma's default: 2 s). The embedded database
    // takes one transaction at a time, and on a busy machine its queue passed 2 s: that is a wait, not a failure.
    transactionOptions: { maxWait: 10_000 },
  });
}

/** Prisma's code for a unique-constraint violation. */
export function isUniqueViolation(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: string }).code === 'P2002';
}

/** A plain object (already validated by its domain schema) as a JSON column value. */
export function asJson(value: object): Prisma.InputJsonObject {
  return value as Prisma.InputJsonObject;
}
