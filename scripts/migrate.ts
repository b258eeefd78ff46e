// `npm run migrate`: apply the committed migrations to DATABASE_URL (npm start does this itself).
import { migrate } from '../platform/migrate';

const url = process.env.DATABASE_URL;
if (!url) {
  console.error('Set DATABASE_URL to the PostgreSQL database to migrate.');
  process.exit(2);
}
migrate(url).then(
  (r) => console.log(`applied ${r.applied.length} migration(s): ${r.applied.join(', ') || '-'}; ${r.alreadyApplied} already applied`),
  (err) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
