// The embedded SMTP sink in its own process: every message the worker sends is parsed and stored
// there, work that must not run on the bench's event loop. Prints `url=…` once it listens.
import { createDb } from '../platform/db';
import { createLogger } from '../platform/logger';
import { startMailSink } from '../notifications/sink';

async function main() {
  const db = createDb(process.env.DATABASE_URL!, 4);
  const sink = await startMailSink({ db, logger: createLogger('warn', 'bench-sink') });
  console.log(`url=${sink.url}`);
  process.once(
    'SIGTERM',
    () =>
      void sink
        .stop()
        .then(() => db.$disconnect())
        .then(() => process.exit(0)),
  );
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
