// Password login to an opaque bearer token with an expiry; logout revokes it. Only the token's
// SHA-256 is stored, so a copy of the database holds no usable token. Every attempt is throttled
// per account and per client address before the password is checked (usecases/loginThrottle.ts);
// hashes are checked off the event loop (platform/passwords.ts), and a legacy bcrypt hash is
// replaced by argon2id at its owner's next successful login. Outside demo mode the published demo
// password logs nobody in, and a deactivated account neither logs in nor keeps its sessions.
import crypto from 'node:crypto';
import { DomainError } from '../domain/errors';
import { Prisma } from '../generated/prisma/client';
import { hashPassword, verifyPassword } from '../platform/passwords';
import { DEMO_PASSWORD } from '../platform/seed';
import type { CurrentUser, UseCaseDeps } from './context';
import { createMemoryLoginThrottle, type LoginThrottle } from './loginThrottle';

export const hashToken = (token: string) => crypto.createHash('sha256').update(token).digest('hex');

let processThrottle: LoginThrottle | undefined;
/** The deps' throttle, or (an app built without one) one in this process's memory. */
export const throttleOf = (deps: UseCaseDeps): LoginThrottle =>
  deps.loginThrottle ?? (processThrottle ??= createMemoryLoginThrottle());

/** Whether `password` may log in to an account whose stored hash is `stored` (null: no such account). */
export async function checkPassword(
  deps: UseCaseDeps,
  user: { id: string; passwordHash: string } | null,
  password: string,
): Promise<boolean> {
  const { ok, needsRehash } = await verifyPassword(user?.passwordHash, password);
  if (!ok || !user) return false;
  if (deps.demoMode !== true && password === DEMO_PASSWORD) return false;
  if (needsRehash) {
    // only if nobody changed it meanwhile; a failure here must not fail the login
    const upgraded = await hashPassword(password);
    await deps.db.user
      .updateMany({ where: { id: user.id, passwordHash: user.passwordHash }, data: { passwordHash: upgraded } })
      .catch((err) => deps.logger.warn({ err, userId: user.id }, 'password hash upgrade failed'));
  }
  return true;
}

export async function login(
  deps: UseCaseDeps,
  username: string,
  password: string,
  clientAddress?: string,
): Promise<{ token: string; expiresAt: Date; user: CurrentUser }> {
  const throttle = throttleOf(deps);
  await throttle.attempt(username, clientAddress);
  const user = await deps.db.user.findUnique({
    where: { username },
    include: { department: true, organization: true },
  });
  const ok = await checkPassword(deps, user, password);
  if (!user || !ok || user.deactivatedAt) throw new DomainError('bad_credentials');
  await throttle.succeeded(username, clientAddress);
  const token = crypto.randomBytes(32).toString('base64url');
  const now = deps.now?.() ?? new Date();
  const expiresAt = new Date(now.getTime() + deps.sessionTtlHours * 3600 * 1000);
  await deps.db.session.create({ data: { tokenHash: hashToken(token), userId: user.id, expiresAt } });
  return { token, expiresAt, user: toCurrentUser(user) };
}

export async function logout(deps: UseCaseDeps, token: string): Promise<void> {
  await deps.db.session.updateMany({
    where: { tokenHash: hashToken(token), revokedAt: null },
    data: { revokedAt: new Date() },
  });
}

/** A task as stored (the decision route reads it with the session). */
export type TaskRow = NonNullable<Awaited<ReturnType<UseCaseDeps['db']['task']['findUnique']>>>;

/**
 * Every API request runs this, so it is one query: Prisma's nested include would fetch the session,
 * the user and the department in three round trips (measured by `npm run bench`). With `taskId`
 * (a decision), the same query reads the task too: null when there is none.
 */
export async function authenticate(deps: UseCaseDeps, token: string): Promise<CurrentUser>;
export async function authenticate(
  deps: UseCaseDeps,
  token: string,
  taskId: string,
): Promise<{ user: CurrentUser; task: TaskRow | null }>;
export async function authenticate(deps: UseCaseDeps, token: string, taskId?: string) {
  const [row] = await deps.db.$queryRaw<
    {
      id: string;
      username: string;
      role: string;
      displayName: string;
      departmentId: string | null;
      organizationId: string | null;
      provinceCode: string | null;
      expiresAt: Date;
      revokedAt: Date | null;
      deactivatedAt: Date | null;
      task?: Record<string, unknown> | null;
    }[]
  >`
    SELECT u.id, u.username, u.role, u."displayName", u."departmentId", u."organizationId", COALESCE(d."provinceCode", o."provinceCode") AS "provinceCode", s."expiresAt", s."revokedAt", u."deactivatedAt"${taskId === undefined ? Prisma.empty : Prisma.sql`, to_jsonb(t) AS task`}
    FROM "Session" s JOIN "User" u ON u.id = s."userId" LEFT JOIN "Department" d ON d.id = u."departmentId" LEFT JOIN "Organization" o ON o.id = u."organizationId"
    ${taskId === undefined ? Prisma.empty : Prisma.sql`LEFT JOIN "Task" t ON t.id = ${taskId}`}
    WHERE s."tokenHash" = ${hashToken(token)}`;
  const now = deps.now?.() ?? new Date();
  if (!row || row.revokedAt || row.deactivatedAt || row.expiresAt <= now) throw new DomainError('unauthenticated');
  const user = toCurrentUser({ ...row, department: null, organization: null, provinceCode: row.provinceCode });
  return taskId === undefined ? user : { user, task: row.task ? taskOfJson(row.task) : null };
}

/** jsonb gives a timestamp(3) column as UTC without its zone. */
function taskOfJson(t: Record<string, unknown>): TaskRow {
  const date = (v: unknown) => (typeof v === 'string' ? new Date(`${v}Z`) : null);
  return { ...t, dueAt: date(t.dueAt)!, createdAt: date(t.createdAt)!, decidedAt: date(t.decidedAt) } as TaskRow;
}

function toCurrentUser(user: {
  id: string;
  username: string;
  role: string;
  displayName: string;
  departmentId: string | null;
  organizationId: string | null;
  department: { provinceCode: string | null } | null;
  organization?: { provinceCode: string | null } | null;
  /** already resolved (authenticate's query) */
  provinceCode?: string | null;
}): CurrentUser {
  return {
    id: user.id,
    username: user.username,
    role: user.role as CurrentUser['role'],
    displayName: user.displayName,
    departmentId: user.departmentId,
    organizationId: user.organizationId,
    // an officer's department's province, or an applicant's (its organisation's; null for a central enterprise)
    provinceCode: user.provinceCode ?? user.department?.provinceCode ?? user.organization?.provinceCode ?? null,
  };
}
