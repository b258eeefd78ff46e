// 激励与政策支持 (notice §四(五), §五(二)): a body records the support it granted a pilot — funds,
// priority in investment, policy measures, bond issuance, the performance index, guidance — so the
// pilot's page and the audit record say what each pilot received, from whom and when.
import { z } from 'zod';
import { DomainError, fieldErrorsFromZod } from '../domain/errors';
import { INCENTIVE_KIND_CODES, type IncentiveKind } from '../domain/incentives';
import { appendAudit, once } from '../platform/audit';
import { keyedId } from '../platform/keyedId';
import { actorOf } from './access';
import type { CurrentUser, UseCaseDeps } from './context';

/** A calendar day in China Standard Time, as officers write it. */
const day = z.iso.date();

export const incentiveSchema = z.strictObject({
  kind: z.enum(INCENTIVE_KIND_CODES as [IncentiveKind, ...IncentiveKind[]]),
  note: z.string().trim().min(1).max(5000),
  grantedOn: day,
});

/** The eight bodies record their own support; a province's departments, theirs to the province's pilots. */
function mayRecord(user: CurrentUser, pilot: { provinceCode: string | null }): boolean {
  if (!user.departmentId) return false;
  if (user.role === 'national_officer') return true;
  return user.role === 'provincial_officer' && pilot.provinceCode !== null && user.provinceCode === pilot.provinceCode;
}

const midnightCst = (d: string) => new Date(`${d}T00:00:00+08:00`);

export async function recordIncentive(
  deps: UseCaseDeps,
  user: CurrentUser,
  id: string,
  body: unknown,
  idempotencyKey?: string,
) {
  const pilot = await deps.db.pilot.findUnique({ where: { id }, select: { provinceCode: true, status: true } });
  if (!pilot) throw new DomainError('not_found');
  if (!mayRecord(user, pilot)) throw new DomainError('forbidden');
  const parsed = incentiveSchema.safeParse(body);
  if (!parsed.success) throw new DomainError('invalid_input', fieldErrorsFromZod(parsed.error.issues));
  const grantedOn = midnightCst(parsed.data.grantedOn);
  if (grantedOn.getTime() > Date.now())
    throw new DomainError('invalid_input', [
      {
        field: 'grantedOn',
        code: 'in_future',
        message: { zh: '授予日期不得晚于今天', en: 'The day it was granted cannot be after today' },
      },
    ]);
  if (pilot.status === 'removed') throw new DomainError('pilot_ended');
  const incentiveId = keyedId(['incentive', user.id, id], idempotencyKey);
  // a retry with the same key finds the first record (and so does a concurrent one)
  await once(deps.db, `incentive-${incentiveId}`, async (tx) => {
    const row = await tx.pilotIncentive.create({
      data: {
        id: incentiveId,
        pilotId: id,
        kind: parsed.data.kind,
        note: parsed.data.note,
        grantedOn,
        departmentId: user.departmentId!,
        recordedById: user.id,
      },
    });
    await appendAudit(tx, {
      applicationId: id,
      eventKey: `incentive-${incentiveId}`,
      action: 'incentive_granted',
      actor: actorOf(user),
      detail: { kind: row.kind, departmentId: row.departmentId, grantedOn: parsed.data.grantedOn, note: row.note },
    });
  });
  return deps.db.pilotIncentive.findUniqueOrThrow({ where: { id: incentiveId } });
}
