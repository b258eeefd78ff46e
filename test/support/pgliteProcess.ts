// Serves an in-memory PGlite on a free port and prints the port: PGlite's WebAssembly cannot
// load inside Jest's module sandbox, so tests of the wire server run it in its own process.
import { PGlite } from '@electric-sql/pglite';
import { servePglite } from '../../platform/pgliteServer';

async function main() {
  const db = new PGlite();
  const server = await servePglite(db, 0);
  console.log(`port=${server.port}`);
  process.once('SIGTERM', async () => {
    await server.close();
    await db.close();
    process.exit(0);
  });
}

void main();
