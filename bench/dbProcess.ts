// The embedded database in its own process, so its CPU is measured apart from the bench's and its
// single WebAssembly thread never stalls the bench's clock. Prints `url=…` once it serves.
import { startEmbeddedDb } from '../platform/embeddedDb';

async function main() {
  const db = await startEmbeddedDb(process.argv[2], 0);
  console.log(`url=${db.url}`);
  process.once('SIGTERM', () => void db.stop().then(() => process.exit(0)));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
