// `npm run admin:create -- <username> [display name]`: the first administrator of a cluster, whose
// password is read from standard input (so it is in no shell history or process list); for
// example `read -rs P && printf %s "$P" | DATABASE_URL=… npm run admin:create -- ops.admin`.
// Refuses an existing username and a password the policy refuses (usecases/passwordPolicy.ts);
// stores only the argon2id hash. After demo mode is turned off this is how a deployment gets its
// administrator back: the demo accounts, `admin` included, are disabled then.
import crypto from 'node:crypto';
import { appendAudit } from '../platform/audit';
import { createDb } from '../platform/db';
import { hashPassword } from '../platform/passwords';
import { passwordPolicyErrors } from '../usecases/passwordPolicy';

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

async function main(): Promise<number> {
  const [username, displayName = username] = process.argv.slice(2);
  const url = process.env.DATABASE_URL;
  if (!url || !username) {
    console.error(
      'usage: DATABASE_URL=… npm run admin:create -- <username> [display name]  (password on standard input)',
    );
    return 2;
  }
  if (!/^[a-z0-9._-]{3,64}$/.test(username)) {
    console.error('The username has 3 to 64 of a-z, 0-9, ".", "_" and "-".');
    return 2;
  }
  const password = await readStdin();
  const refused = await passwordPolicyErrors(password, username);
  if (refused.length) {
    console.error(refused.map((f) => `${f.message.en} (${f.message.zh})`).join('\n'));
    return 2;
  }
  const db = createDb(url, 1);
  try {
    if (await db.user.findUnique({ where: { username } })) {
      console.error(`${username} exists already.`);
      return 1;
    }
    const passwordHash = await hashPassword(password);
    await db.$transaction(async (tx) => {
      const row = await tx.user.create({ data: { username, displayName, role: 'admin', passwordHash } });
      await appendAudit(tx, {
        eventKey: `user/${row.id}/created/${crypto.randomUUID()}`,
        action: 'user_created',
        detail: { username, role: 'admin', via: 'npm run admin:create' },
      });
    });
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
