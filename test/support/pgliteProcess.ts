// Serves an embedded database (in memory, or on the folder given as the first argument) on a free
// port with the password in PGLITE_TEST_PASSWORD, and prints its port: PGlite's WebAssembly cannot
// load inside Jest's module sandbox, so tests of the wire server run it in its own process. SIGUSR2
// runs a maintenance pass now, answered by "maintained" (or "maintenance failed") on stdout.
import { startEmbeddedDb } from '../../platform/embeddedDb';

async function main() {
  const db = await startEmbeddedDb(process.argv[2] || undefined, 0, process.env.PGLITE_TEST_PASSWORD!);
  console.log(`port=${new URL(db.url).port}`);
  process.on('SIGUSR2', () =>
    db.maintain().then(
      () => console.log('maintained'),
      (err: Error) => console.log(`maintenance failed: ${err.message}`),
    ),
  );
  process.once('SIGTERM', async () => {
    await db.stop();
    process.exit(0);
  });
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
