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

export async function authenticate(deps: UseCaseDeps, token: string): Promise<CurrentUser> {
  const session = await deps.db.session.findUnique({ where: { tokenHash: hashToken(token) }, include: { user: { include: { department: true } } } });
  const now = deps.now?.() ?? new Date();
  if (!session || session.revokedAt || session.expiresAt <= now) throw new DomainError('unauthenticated');
  return toCurrentUser(session.user);
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
