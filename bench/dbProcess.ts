// The embedded database in its own process, so its CPU is measured apart from the bench's and its
// single WebAssembly thread never stalls the bench's clock. Prints `url=…` once it serves.
import crypto from 'node:crypto';
import { startEmbeddedDb } from '../platform/embeddedDb';

async function main() {
  const db = await startEmbeddedDb(process.argv[2], 0, crypto.randomBytes(18).toString('base64url')); // the URL carries it
  console.log(`url=${db.url}`);
  process.once('SIGTERM', () => void db.stop().then(() => process.exit(0)));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
