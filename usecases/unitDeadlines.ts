// A reporting unit's deadline for its applicants: read by everyone who submits or follows the
// unit, set by its commerce department (domain/unitDeadline.ts), every change on the record.
import crypto from 'node:crypto';
import { z } from 'zod';
import { DomainError } from '../domain/errors';
import { LEAD_PARTY, provincialDepartmentId } from '../domain/parties';
import { PROVINCE_CODES } from '../domain/provinces';
import type { RoundConfig } from '../domain/round';
import { unitDeadline, unitDeadlineRefusal, type UnitDeadline } from '../domain/unitDeadline';
import { appendAudit } from '../platform/audit';
import type { Db } from '../platform/db';
import { loadWorkingCalendar } from '../platform/workingCalendar';
import { actorOf } from './access';
import type { CurrentUser, UseCaseDeps } from './context';

export const unitDeadlineSchema = z.strictObject({
  /** ISO 8601 with its offset, e.g. 2018-05-20T23:59:59+08:00 */
  deadline: z.iso.datetime({ offset: true }),
  reason: z.string().trim().min(1).max(2000).optional(),
});

interface RoundFacts {
  id: string;
  declarationOpensAt: Date | null;
  declarationDeadline: Date;
  config: unknown;
}

/** The unit's deadline for its applicants in the round: its own, or the round's default — never after the round's. */
export async function applicantDeadlineOf(db: Db, round: RoundFacts, provinceCode: string): Promise<UnitDeadline> {
  return (await applicantDeadlinesOf(db, [round], provinceCode))[0];
}

/** The same for many rounds at once (one calendar, one query). */
export async function applicantDeadlinesOf(
  db: Db,
  rounds: readonly RoundFacts[],
  provinceCode: string,
): Promise<UnitDeadline[]> {
  const [set, calendar] = await Promise.all([
    db.unitDeadline.findMany({ where: { provinceCode, roundId: { in: rounds.map((r) => r.id) } } }),
    loadWorkingCalendar(db),
  ]);
  return rounds.map((round) => {
    const own = set.find((d) => d.roundId === round.id) ?? null;
    const found = unitDeadline({ ...round, config: round.config as Partial<RoundConfig> }, own, calendar);
    // MOFCOM may close the round early (close-declaration): then that is everyone's deadline
    return found.applicantDeadline.getTime() > round.declarationDeadline.getTime()
      ? { ...found, applicantDeadline: round.declarationDeadline }
      : found;
  });
}

export async function setUnitDeadline(
  deps: UseCaseDeps,
  user: CurrentUser,
  roundId: string,
  provinceCode: string,
  body: unknown,
) {
  if (!PROVINCE_CODES.includes(provinceCode)) throw new DomainError('not_found');
  // the unit's commerce department leads its review and its recommendation: it alone sets the date
  if (user.role !== 'provincial_officer' || user.departmentId !== provincialDepartmentId(provinceCode, LEAD_PARTY))
    throw new DomainError('forbidden');
  const parsed = unitDeadlineSchema.safeParse(body);
  if (!parsed.success)
    throw new DomainError(
      'invalid_input',
      parsed.error.issues.map((i) => ({
        field: i.path.join('.') || 'body',
        code: i.code,
        message: { zh: '格式有误：应为带时区的 ISO 8601 时间', en: `Invalid: ${i.message}` },
      })),
    );
  const round = await deps.db.round.findUnique({ where: { id: roundId } });
  if (!round) throw new DomainError('not_found');
  const deadline = new Date(parsed.data.deadline);
  const refusal = unitDeadlineRefusal(deadline, round);
  if (refusal) throw new DomainError('invalid_input', [refusal]);
  await deps.db.$transaction(async (tx) => {
    const previous = await tx.unitDeadline.findUnique({ where: { roundId_provinceCode: { roundId, provinceCode } } });
    const data = { deadline, reason: parsed.data.reason ?? null, setById: user.id, setAt: new Date() };
    await tx.unitDeadline.upsert({
      where: { roundId_provinceCode: { roundId, provinceCode } },
      create: { roundId, provinceCode, ...data },
      update: data,
    });
    await appendAudit(tx, {
      roundId,
      eventKey: `round-${roundId}/unit-deadline/${provinceCode}/${crypto.randomUUID()}`,
      action: 'unit_deadline_set',
      actor: actorOf(user),
      reason: parsed.data.reason,
      detail: { provinceCode, deadline: deadline.toISOString(), previous: previous?.deadline.toISOString() ?? null },
    });
  });
  return applicantDeadlineOf(deps.db, round, provinceCode);
}
