// `npm run audit:anchor`: appends one line with the heads of every audit chain to the anchor file
// (AUDIT_ANCHOR_FILE), as the worker's Temporal Schedule does every AUDIT_ANCHOR_EVERY_MINUTES —
// for an operator who wants an anchor now, e.g. before and after maintenance on the database.
import { anchorAuditHeads } from '../platform/auditAnchor';
import { loadConfig, redactUrl } from '../platform/config';
import { createDb } from '../platform/db';
import { toolDatabase } from '../platform/toolDatabase';

async function main(): Promise<void> {
  const config = loadConfig();
  const store = await toolDatabase(config);
  const db = createDb(store.url, 1);
  try {
    const digest = await anchorAuditHeads(db, config.auditAnchorFile);
    console.log(
      `${redactUrl(store.url)}: the heads of ${digest.chains} chains anchored in ${config.auditAnchorFile} with key ${digest.keyId} (sha256 ${digest.sha256})`,
    );
  } finally {
    await db.$disconnect();
    await store.stop();
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(2);
  },
);
