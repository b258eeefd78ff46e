// Password login (bcrypt hashes) to an opaque bearer token with an expiry; logout revokes it.
// Only the token's SHA-256 is stored, so a copy of the database holds no usable token.
import crypto from 'node:crypto';
import bcrypt from 'bcryptjs';
import { DomainError } from '../domain/errors';
import type { CurrentUser, UseCaseDeps } from './context';

// Compared against when the username is unknown, so both failures take the same time.
const NO_USER_HASH = bcrypt.hashSync('no such user', 10);

const hashToken = (token: string) => crypto.createHash('sha256').update(token).digest('hex');

export async function login(deps: UseCaseDeps, username: string, password: string): Promise<{ token: string; expiresAt: Date; user: CurrentUser }> {
  const user = await deps.db.user.findUnique({ where: { username }, include: { department: true } });
  const ok = await bcrypt.compare(password, user?.passwordHash ?? NO_USER_HASH);
  if (!user || !ok) throw new DomainError('bad_credentials');
  const token = crypto.randomBytes(32).toString('base64url');
  const now = deps.now?.() ?? new Date();
  const expiresAt = new Date(now.getTime() + deps.sessionTtlHours * 3600 * 1000);
  await deps.db.session.create({ data: { tokenHash: hashToken(token), userId: user.id, expiresAt } });
  return { token, expiresAt, user: toCurrentUser(user) };
}

export async function logout(deps: UseCaseDeps, token: string): Promise<void> {
  await deps.db.session.updateMany({ where: { tokenHash: hashToken(token), revokedAt: null }, data: { revokedAt: new Date() } });
}

/**
 * Every API request runs this, so it is one query: Prisma's nested include would fetch the session,
 * the user and the department in three round trips (measured by `npm run bench`).
 */
export async function authenticate(deps: UseCaseDeps, token: string): Promise<CurrentUser> {
  const [row] = await deps.db.$queryRaw<{ id: string; username: string; role: string; displayName: string; departmentId: string | null; organizationId: string | null; provinceCode: string | null; expiresAt: Date; revokedAt: Date | null }[]>`
    SELECT u.id, u.username, u.role, u."displayName", u."departmentId", u."organizationId", d."provinceCode", s."expiresAt", s."revokedAt"
    FROM "Session" s JOIN "User" u ON u.id = s."userId" LEFT JOIN "Department" d ON d.id = u."departmentId"
    WHERE s."tokenHash" = ${hashToken(token)}`;
  const now = deps.now?.() ?? new Date();
  if (!row || row.revokedAt || row.expiresAt <= now) throw new DomainError('unauthenticated');
  return toCurrentUser({ ...row, department: row.departmentId ? { provinceCode: row.provinceCode } : null });
}

function toCurrentUser(user: {
  id: string;
  username: string;
  role: string;
  displayName: string;
  departmentId: string | null;
  organizationId: string | null;
  department: { provinceCode: string | null } | null;
}): CurrentUser {
  return {
    id: user.id,
    username: user.username,
    role: user.role as CurrentUser['role'],
    displayName: user.displayName,
    departmentId: user.departmentId,
    organizationId: user.organizationId,
    provinceCode: user.department?.provinceCode ?? null,
  };
}
