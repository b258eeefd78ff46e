// The administrator's accounts: officers of a department (a national body or a province's party),
// auditors, administrators, and applicants with their organisation. Experts join through the pool
// (usecases/experts.ts). Passwords are stored as bcrypt hashes only; every account is audited.
import crypto from 'node:crypto';
import bcrypt from 'bcryptjs';
import { z } from 'zod';
import { appendAudit } from '../activities/audit';
import { APPLICANT_KINDS } from '../domain/applicants';
import { DomainError, fieldErrorsFromZod, type FieldError } from '../domain/errors';
import { PROVINCE_CODES } from '../domain/provinces';
import { personalMailbox } from '../platform/seed';
import { actorOf } from './access';
import type { CurrentUser, UseCaseDeps } from './context';

const account = {
  username: z.string().trim().regex(/^[a-z0-9._-]{3,64}$/),
  password: z.string().min(12).max(200),
  displayName: z.string().trim().min(1).max(100),
  email: z.email().max(200).optional(),
};

export const newUserSchema = z.discriminatedUnion('role', [
  z.strictObject({ ...account, role: z.enum(['national_officer', 'provincial_officer']), departmentId: z.string().min(1).max(64) }),
  z.strictObject({ ...account, role: z.enum(['auditor', 'admin']) }),
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

const fieldError = (field: string, zh: string, en: string): FieldError => ({ field, code: 'invalid_value', message: { zh, en } });

export async function createUser(deps: UseCaseDeps, user: CurrentUser, body: unknown) {
  if (user.role !== 'admin') throw new DomainError('forbidden');
  const parsed = newUserSchema.safeParse(body);
  if (!parsed.success) throw new DomainError('invalid_input', fieldErrorsFromZod(parsed.error.issues));
  const u = parsed.data;
  if ('departmentId' in u) {
    const dept = await deps.db.department.findUnique({ where: { id: u.departmentId } });
    const level = u.role === 'national_officer' ? 'national' : 'provincial';
    if (!dept || dept.level !== level) throw new DomainError('invalid_input', [fieldError('departmentId', `须为${level === 'national' ? '国家部门' : '省级部门'}编号`, `Must be the id of a ${level} department`)]);
  }
  if ('organization' in u && (u.organization.kind === 'central_enterprise') !== (u.organization.provinceCode === null)) {
    throw new DomainError('invalid_input', [fieldError('organization.provinceCode', '中央企业不属于省份，其他申报单位须填写省份', 'A central enterprise has no province; every other applicant has one')]);
  }
  const passwordHash = await bcrypt.hash(u.password, 12);
  try {
    const created = await deps.db.$transaction(async (tx) => {
      const organizationId =
        'organization' in u
          ? (await tx.organization.create({ data: { ...u.organization, email: u.organization.email ?? personalMailbox(`org-${u.username}`) } })).id
          : undefined;
      const row = await tx.user.create({
        data: { username: u.username, passwordHash, role: u.role, displayName: u.displayName, email: u.email ?? null, departmentId: 'departmentId' in u ? u.departmentId : null, organizationId },
      });
      await appendAudit(tx, { eventKey: `user/${row.id}/created/${crypto.randomUUID()}`, action: 'user_created', actor: actorOf(user), detail: { username: row.username, role: row.role, departmentId: row.departmentId, organizationId } });
      return row;
    });
    return { id: created.id, username: created.username, role: created.role, displayName: created.displayName, departmentId: created.departmentId, organizationId: created.organizationId };
  } catch (err) {
    if ((err as { code?: string }).code === 'P2002') throw new DomainError('invalid_input', [fieldError('username', '用户名已被使用', 'This username is taken')]);
    throw err;
  }
}
