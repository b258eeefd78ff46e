// `npm run admin:create -- <username> [display name]`: the first administrator of a cluster, whose
// password is read from standard input (so it is in no shell history or process list); for
// example `read -rs P && printf %s "$P" | DATABASE_URL=… npm run admin:create -- ops.admin`.
// Refuses an existing username; stores only the bcrypt hash.
import bcrypt from 'bcryptjs';
import { createDb } from '../platform/db';

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}

async function main(): Promise<number> {
  const [username, displayName = username] = process.argv.slice(2);
  const url = process.env.DATABASE_URL;
  if (!url || !username) {
    console.error('usage: DATABASE_URL=… npm run admin:create -- <username> [display name]  (password on standard input)');
    return 2;
  }
  const password = await readStdin();
  if (password.length < 12) {
    console.error('The password must have at least 12 characters.');
    return 2;
  }
  const db = createDb(url, 1);
  try {
    if (await db.user.findUnique({ where: { username } })) {
      console.error(`${username} exists already.`);
      return 1;
    }
    await db.user.create({ data: { username, displayName, role: 'admin', passwordHash: await bcrypt.hash(password, 12) } });
    console.log(`administrator ${username} created`);
    return 0;
  } finally {
    await db.$disconnect();
  }
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(2);
  },
);
