// `npm run migrate`: apply the committed migrations to DATABASE_URL and seed the reference data a
// cluster needs — the departments of the eight bodies and 31 × 7 provincial parties, and the
// seeded rounds — without any demo account (npm start does all this itself).
import { createDb } from '../platform/db';
import { migrate } from '../platform/migrate';
import { seed } from '../platform/seed';

const url = process.env.DATABASE_URL;
if (!url) {
  console.error('Set DATABASE_URL to the PostgreSQL database to migrate.');
  process.exit(2);
}

async function main(databaseUrl: string) {
  const r = await migrate(databaseUrl);
  console.log(
    `applied ${r.applied.length} migration(s): ${r.applied.join(', ') || '-'}; ${r.alreadyApplied} already applied`,
  );
  if (r.sealed || r.resealed)
    console.log(`audit trail sealed with the audit key: ${r.resealed} record(s) re-sealed, ${r.sealed} chained`);
  for (const b of r.leftUnkeyed)
    console.log(
      `audit chain ${b.chainKey} left unkeyed: it did not verify at record ${b.id} (seq ${b.seq ?? '-'}); npm run audit:verify reports it`,
    );
  const db = createDb(databaseUrl, 2);
  try {
    const seeded = await seed(db, { demoMode: false });
    console.log(`reference data in place: ${seeded.departments} departments and the seeded rounds`);
  } finally {
    await db.$disconnect();
  }
}

main(url).then(
  () => process.exit(0),
  (err) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
