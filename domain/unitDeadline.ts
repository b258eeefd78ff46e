// The applicants' deadline in a reporting unit (notice §四(二): "于2018年5月31日前报送商务部" binds
// the unit's submission to MOFCOM, not the applicant's): the unit's commerce department sets its
// own, no later than the round's; unset, it falls the round's lead days of working days before it.
import type { FieldError } from './errors';
import { chinaTime, workingDaysBefore, type CalendarData } from './workingCalendar';

export const DEFAULT_APPLICANT_LEAD_DAYS = 10;

export interface UnitDeadline {
  /** when the unit's applicants must have submitted */
  applicantDeadline: Date;
  /** set by the unit's commerce department, or the round's default */
  source: 'unit' | 'default';
}

export function unitDeadline(
  round: { declarationDeadline: Date; config: { recommendation?: { applicantLeadDays?: number } } },
  set: { deadline: Date } | null,
  calendar: CalendarData,
): UnitDeadline {
  if (set) return { applicantDeadline: set.deadline, source: 'unit' };
  const lead = round.config.recommendation?.applicantLeadDays ?? DEFAULT_APPLICANT_LEAD_DAYS;
  return { applicantDeadline: workingDaysBefore(round.declarationDeadline, lead, calendar).dueAt, source: 'default' };
}

/** Why a unit may not set this deadline: after the round's own, or before declarations open. */
export function unitDeadlineRefusal(
  deadline: Date,
  round: { declarationOpensAt?: Date | null; declarationDeadline: Date },
): FieldError | undefined {
  if (deadline.getTime() > round.declarationDeadline.getTime())
    return {
      field: 'deadline',
      code: 'after_national_deadline',
      message: {
        zh: `不得晚于报送商务部的截止时间（${chinaTime(round.declarationDeadline)}）`,
        en: `Must not be later than the deadline for reaching MOFCOM (${chinaTime(round.declarationDeadline)} CST)`,
      },
    };
  if (round.declarationOpensAt && deadline.getTime() < round.declarationOpensAt.getTime())
    return {
      field: 'deadline',
      code: 'before_opening',
      message: { zh: '不得早于申报开始时间', en: 'Must not be before declarations open' },
    };
  return undefined;
}
