// The administrator's accounts: officers of a department (a national body or a province's party),
// auditors, administrators, and applicants with their organisation. Experts join through the pool
// (usecases/experts.ts). Passwords meet the policy (usecases/passwordPolicy.ts) and are stored as
// argon2id hashes only. Users change their own password; the administrator lists accounts, resets a
// password, deactivates and reactivates an account — each revokes the sessions it must, at once, and
// every change is audited.
import crypto from 'node:crypto';
import { z } from 'zod';
import { appendAudit } from '../platform/audit';
import { APPLICANT_KINDS } from '../domain/applicants';
import { DomainError, fieldErrorsFromZod, type FieldError } from '../domain/errors';
import { PROVINCE_CODES } from '../domain/provinces';
import type { Prisma } from '../generated/prisma/client';
import { hashPassword, verifyPassword } from '../platform/passwords';
import { personalMailbox } from '../platform/seed';
import { actorOf } from './access';
import { hashToken, throttleOf } from './auth';
import type { CurrentUser, UseCaseDeps } from './context';
import { MAX_PASSWORD_CHARS, MIN_PASSWORD_CHARS, passwordPolicyErrors } from './passwordPolicy';

/** A new password as the schema documents it (zod counts characters, not bytes or UTF-16 units); the policy checks the rest. */
const newPassword = z
  .string()
  .min(MIN_PASSWORD_CHARS)
  .max(MAX_PASSWORD_CHARS)
  .describe(
    `At least ${MIN_PASSWORD_CHARS} and at most ${MAX_PASSWORD_CHARS} characters; not a common password, not the demo password, not containing the username`,
  );

const account = {
  username: z
    .string()
    .trim()
    .regex(/^[a-z0-9._-]{3,64}$/),
  password: newPassword,
  displayName: z.string().trim().min(1).max(100),
  email: z.email().max(200).optional(),
};

export const newUserSchema = z.discriminatedUnion('role', [
  z.strictObject({
    ...account,
    role: z.enum(['national_officer', 'provincial_officer']),
    departmentId: z.string().min(1).max(64),
  }),
  z.strictObject({ ...account, role: z.enum(['auditor', 'admin']) }),
  // 第三方评估机构: an evaluating organisation's account, named by the organisation (its mail: the account's)
  z.strictObject({ ...account, role: z.literal('evaluator'), organizationName: z.string().trim().min(1).max(200) }),
  z.strictObject({
    ...account,
    role: z.literal('applicant'),
    organization: z.strictObject({
      name: z.string().trim().min(1).max(200),
      kind: z.enum(APPLICANT_KINDS),
      provinceCode: z.enum(PROVINCE_CODES as [string, ...string[]]).nullable(),
      email: z.email().max(200).optional(),
    }),
  }),
]);

const fieldError = (field: string, zh: string, en: string): FieldError => ({
  field,
  code: 'invalid_value',
  message: { zh, en },
});

export async function createUser(deps: UseCaseDeps, user: CurrentUser, body: unknown) {
  if (user.role !== 'admin') throw new DomainError('forbidden');
  const parsed = newUserSchema.safeParse(body);
  const raw = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  const zodErrors = parsed.success ? [] : fieldErrorsFromZod(parsed.error.issues);
  // the policy's refusal is named with the other fields' (unless the schema already refused the password)
  const policyErrors =
    typeof raw.password === 'string' && !zodErrors.some((f) => f.field === 'password')
      ? await passwordPolicyErrors(raw.password, typeof raw.username === 'string' ? raw.username.trim() : '')
      : [];
  if (!parsed.success || policyErrors.length) throw new DomainError('invalid_input', [...zodErrors, ...policyErrors]);
  const u = parsed.data;
  if ('departmentId' in u) {
    const dept = await deps.db.department.findUnique({ where: { id: u.departmentId } });
    const level = u.role === 'national_officer' ? 'national' : 'provincial';
    if (!dept || dept.level !== level)
      throw new DomainError('invalid_input', [
        fieldError(
          'departmentId',
          `须为${level === 'national' ? '国家部门' : '省级部门'}编号`,
          `Must be the id of a ${level} department`,
        ),
      ]);
  }
  if (
    'organization' in u &&
    (u.organization.kind === 'central_enterprise') !== (u.organization.provinceCode === null)
  ) {
    throw new DomainError('invalid_input', [
      fieldError(
        'organization.provinceCode',
        '中央企业不属于省份，其他申报单位须填写省份',
        'A central enterprise has no province; every other applicant has one',
      ),
    ]);
  }
  const passwordHash = await hashPassword(u.password);
  try {
    const created = await deps.db.$transaction(async (tx) => {
      const organizationId =
        'organization' in u
          ? (
              await tx.organization.create({
                data: { ...u.organization, email: u.organization.email ?? personalMailbox(`org-${u.username}`) },
              })
            ).id
          : undefined;
      const row = await tx.user.create({
        data: {
          username: u.username,
          passwordHash,
          role: u.role,
          displayName: u.displayName,
          email: u.email ?? null,
          departmentId: 'departmentId' in u ? u.departmentId : null,
          organizationId,
          organizationName: 'organizationName' in u ? u.organizationName : null,
        },
      });
      await appendAudit(tx, {
        eventKey: `user/${row.id}/created/${crypto.randomUUID()}`,
        action: 'user_created',
        actor: actorOf(user),
        detail: { username: row.username, role: row.role, departmentId: row.departmentId, organizationId },
      });
      return row;
    });
    return accountView(created);
  } catch (err) {
    if ((err as { code?: string }).code === 'P2002')
      throw new DomainError('invalid_input', [fieldError('username', '用户名已被使用', 'This username is taken')]);
    throw err;
  }
}

/** What an administrator sees of an account: never its hash. */
const ACCOUNT_FIELDS = {
  id: true,
  username: true,
  role: true,
  displayName: true,
  email: true,
  departmentId: true,
  organizationId: true,
  organizationName: true,
  createdAt: true,
  deactivatedAt: true,
  passwordChangedAt: true,
} as const;
type AccountRow = Prisma.UserGetPayload<{ select: typeof ACCOUNT_FIELDS }>;
function accountView(
  u: Pick<AccountRow, 'id' | 'username' | 'role' | 'displayName' | 'departmentId' | 'organizationId'> &
    Partial<AccountRow>,
) {
  return {
    id: u.id,
    username: u.username,
    role: u.role,
    displayName: u.displayName,
    email: u.email ?? null,
    departmentId: u.departmentId,
    organizationId: u.organizationId,
    organizationName: u.organizationName ?? null,
    createdAt: u.createdAt ?? null,
    deactivatedAt: u.deactivatedAt ?? null,
    passwordChangedAt: u.passwordChangedAt ?? null,
  };
}

const ROLES = [
  'applicant',
  'provincial_officer',
  'national_officer',
  'expert',
  'evaluator',
  'auditor',
  'admin',
] as const;

export const userListQuery = z.strictObject({
  /** part of the username or the display name */
  q: z.string().trim().min(1).max(100).optional(),
  role: z.enum(ROLES).optional(),
  status: z.enum(['active', 'deactivated', 'all']).default('all'),
  departmentId: z.string().min(1).max(64).optional(),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});

const requireAdmin = (user: CurrentUser) => {
  if (user.role !== 'admin') throw new DomainError('forbidden');
};

/** The accounts, by username, a page at a time. */
export async function listUsers(deps: UseCaseDeps, user: CurrentUser, query: unknown) {
  requireAdmin(user);
  const parsed = userListQuery.safeParse(query ?? {});
  if (!parsed.success) throw new DomainError('invalid_input', fieldErrorsFromZod(parsed.error.issues));
  const q = parsed.data;
  const where: Prisma.UserWhereInput = {
    ...(q.q
      ? {
          OR: [
            { username: { contains: q.q, mode: 'insensitive' } },
            { displayName: { contains: q.q, mode: 'insensitive' } },
          ],
        }
      : {}),
    ...(q.role ? { role: q.role } : {}),
    ...(q.departmentId ? { departmentId: q.departmentId } : {}),
    ...(q.status === 'active'
      ? { deactivatedAt: null }
      : q.status === 'deactivated'
        ? { deactivatedAt: { not: null } }
        : {}),
  };
  const [rows, total] = await Promise.all([
    deps.db.user.findMany({
      where,
      select: ACCOUNT_FIELDS,
      orderBy: { username: 'asc' },
      skip: (q.page - 1) * q.pageSize,
      take: q.pageSize,
    }),
    deps.db.user.count({ where }),
  ]);
  return { items: rows.map(accountView), page: q.page, pageSize: q.pageSize, total };
}

export const changePasswordSchema = z.strictObject({ currentPassword: z.string().min(1).max(4096), newPassword });
export const resetPasswordSchema = z.strictObject({ newPassword });
export const deactivateSchema = z.strictObject({ reason: z.string().trim().min(1).max(500) });
export const reactivateSchema = z.strictObject({ reason: z.string().trim().min(1).max(500).optional() });

function parse<T extends z.ZodType>(schema: T, body: unknown): z.infer<T> {
  const parsed = schema.safeParse(body ?? {});
  if (!parsed.success) throw new DomainError('invalid_input', fieldErrorsFromZod(parsed.error.issues));
  return parsed.data;
}

async function checkPolicy(password: string, username: string, field: string) {
  const refused = await passwordPolicyErrors(password, username, field);
  if (refused.length) throw new DomainError('invalid_input', refused);
}

const fieldRefusal = (field: string, code: string, zh: string, en: string) =>
  new DomainError('invalid_input', [{ field, code, message: { zh, en } }]);

/**
 * A user sets a new password, proving the current one (a guess counts against the login throttle);
 * every other session of theirs is revoked, the one they asked with lives on.
 */
export async function changeOwnPassword(
  deps: UseCaseDeps,
  user: CurrentUser,
  body: unknown,
  currentToken: string,
  clientAddress?: string,
) {
  const b = parse(changePasswordSchema, body);
  const throttle = throttleOf(deps);
  await throttle.attempt(user.username, clientAddress);
  const row = await deps.db.user.findUniqueOrThrow({ where: { id: user.id }, select: { passwordHash: true } });
  if (!(await verifyPassword(row.passwordHash, b.currentPassword)).ok)
    throw fieldRefusal('currentPassword', 'wrong_password', '当前密码不正确', 'The current password is wrong');
  await throttle.succeeded(user.username, clientAddress);
  await checkPolicy(b.newPassword, user.username, 'newPassword');
  if (b.newPassword === b.currentPassword)
    throw fieldRefusal(
      'newPassword',
      'unchanged',
      '新密码不能与当前密码相同',
      'The new password must differ from the current one',
    );
  const passwordHash = await hashPassword(b.newPassword);
  const now = deps.now?.() ?? new Date();
  await deps.db.$transaction(async (tx) => {
    await tx.user.update({ where: { id: user.id }, data: { passwordHash, passwordChangedAt: now } });
    const revoked = await tx.session.updateMany({
      where: { userId: user.id, revokedAt: null, tokenHash: { not: hashToken(currentToken) } },
      data: { revokedAt: now },
    });
    await appendAudit(tx, {
      eventKey: `user/${user.id}/password-changed/${crypto.randomUUID()}`,
      action: 'password_changed',
      actor: actorOf(user),
      detail: { userId: user.id, username: user.username, revokedSessions: revoked.count },
    });
  });
}

async function targetOf(deps: UseCaseDeps, id: string) {
  const target = await deps.db.user.findUnique({ where: { id }, select: ACCOUNT_FIELDS });
  if (!target) throw new DomainError('not_found');
  return target;
}

/** The administrator sets an account's password: all its sessions end at once, and its login blocks are lifted. */
export async function resetPassword(deps: UseCaseDeps, user: CurrentUser, id: string, body: unknown) {
  requireAdmin(user);
  const b = parse(resetPasswordSchema, body);
  const target = await targetOf(deps, id);
  await checkPolicy(b.newPassword, target.username, 'newPassword');
  const passwordHash = await hashPassword(b.newPassword);
  const now = deps.now?.() ?? new Date();
  await deps.db.$transaction(async (tx) => {
    await tx.user.update({ where: { id }, data: { passwordHash, passwordChangedAt: now } });
    const revoked = await tx.session.updateMany({ where: { userId: id, revokedAt: null }, data: { revokedAt: now } });
    await appendAudit(tx, {
      eventKey: `user/${id}/password-reset/${crypto.randomUUID()}`,
      action: 'password_reset',
      actor: actorOf(user),
      detail: { userId: id, username: target.username, revokedSessions: revoked.count },
    });
  });
  await throttleOf(deps).reset(target.username);
}

/** The administrator deactivates an account: it cannot log in, and its sessions end at once. */
export async function deactivateUser(deps: UseCaseDeps, user: CurrentUser, id: string, body: unknown) {
  requireAdmin(user);
  const b = parse(deactivateSchema, body);
  if (id === user.id) throw new DomainError('cannot_deactivate_self');
  await targetOf(deps, id);
  const now = deps.now?.() ?? new Date();
  const updated = await deps.db.$transaction(async (tx) => {
    // the row lock orders a concurrent deactivation: the second finds it done
    const [row] = await tx.$queryRaw<
      { username: string; deactivatedAt: Date | null }[]
    >`SELECT username, "deactivatedAt" FROM "User" WHERE id = ${id} FOR UPDATE`;
    if (row.deactivatedAt) throw new DomainError('already_deactivated');
    const u = await tx.user.update({ where: { id }, data: { deactivatedAt: now }, select: ACCOUNT_FIELDS });
    const revoked = await tx.session.updateMany({ where: { userId: id, revokedAt: null }, data: { revokedAt: now } });
    await appendAudit(tx, {
      eventKey: `user/${id}/deactivated/${crypto.randomUUID()}`,
      action: 'user_deactivated',
      actor: actorOf(user),
      reason: b.reason,
      detail: { userId: id, username: row.username, revokedSessions: revoked.count },
    });
    return u;
  });
  return accountView(updated);
}

/** The administrator lets a deactivated account log in again (its old sessions stay revoked). */
export async function reactivateUser(deps: UseCaseDeps, user: CurrentUser, id: string, body: unknown) {
  requireAdmin(user);
  const b = parse(reactivateSchema, body);
  await targetOf(deps, id);
  const updated = await deps.db.$transaction(async (tx) => {
    const [row] = await tx.$queryRaw<
      { username: string; deactivatedAt: Date | null }[]
    >`SELECT username, "deactivatedAt" FROM "User" WHERE id = ${id} FOR UPDATE`;
    if (!row.deactivatedAt) throw new DomainError('not_deactivated');
    const u = await tx.user.update({ where: { id }, data: { deactivatedAt: null }, select: ACCOUNT_FIELDS });
    await appendAudit(tx, {
      eventKey: `user/${id}/reactivated/${crypto.randomUUID()}`,
      action: 'user_reactivated',
      actor: actorOf(user),
      reason: b.reason,
      detail: { userId: id, username: row.username, deactivatedAt: row.deactivatedAt.toISOString() },
    });
    return u;
  });
  return accountView(updated);
}
