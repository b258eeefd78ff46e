// `npm run audit:verify`: checks every chain of the audit trail with the audit keys
// (platform/auditChain.ts) and every line of the anchor file against the chains
// (platform/auditAnchor.ts), and names the first broken record of each broken chain. Exit code 0
// when all hold, 1 otherwise. The keys come from AUDIT_CHAIN_KEYS (in demo mode, DATA_DIR/secrets.json),
// the anchors from AUDIT_ANCHOR_FILE.
import pg from 'pg';
import { verifyAuditChains } from '../platform/auditChain';
import { loadConfig, redactUrl } from '../platform/config';
import { processSecrets } from '../platform/secrets';
import { toolDatabase } from '../platform/toolDatabase';

async function main(): Promise<number> {
  const config = loadConfig();
  const keys = processSecrets().auditKeys;
  const store = await toolDatabase(config);
  const client = new pg.Client({ connectionString: store.url });
  await client.connect();
  try {
    const started = Date.now();
    const report = await verifyAuditChains(client, { keys, anchorFile: config.auditAnchorFile });
    const took = ((Date.now() - started) / 1000).toFixed(2);
    console.log(
      `${redactUrl(store.url)}: ${report.records} records in ${report.chains} chains checked with keys ${[...keys.byId.keys()].join(', ')} in ${took} s`,
    );
    const anchors = report.anchors!;
    console.log(
      anchors.missing
        ? `no anchor file at ${anchors.file}: the chains' heads were never anchored outside the database (AUDIT_ANCHOR_EVERY_MINUTES, npm run audit:anchor)`
        : `${anchors.file}: ${anchors.lines} anchor line(s), ${anchors.anchored} anchored record(s) checked`,
    );
    for (const b of report.broken)
      console.log(`BROKEN ${b.chainKey} at record ${b.id} (seq ${b.seq ?? '-'}): ${b.problem}`);
    console.log(report.broken.length ? `${report.broken.length} broken chain(s)` : 'every chain holds');
    return report.broken.length ? 1 : 0;
  } finally {
    await client.end();
    await store.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(2);
  },
);
