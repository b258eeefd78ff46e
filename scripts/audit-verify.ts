// `npm run audit:verify`: checks every hash chain of the audit trail (platform/auditChain.ts) and
// names the first broken record of each broken chain. Exit code 0 when all hold, 1 otherwise.
import pg from 'pg';
import { verifyAuditChains } from '../platform/auditChain';
import { loadConfig, redactUrl } from '../platform/config';
import { toolDatabase } from '../platform/toolDatabase';

async function main(): Promise<number> {
  const store = await toolDatabase(loadConfig());
  const client = new pg.Client({ connectionString: store.url });
  await client.connect();
  try {
    const started = Date.now();
    const report = await verifyAuditChains(client);
    const took = ((Date.now() - started) / 1000).toFixed(2);
    console.log(`${redactUrl(store.url)}: ${report.records} records in ${report.chains} chains checked in ${took} s`);
    for (const b of report.broken) console.log(`BROKEN ${b.chainKey} at record ${b.id} (seq ${b.seq ?? '-'}): ${b.problem}`);
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
