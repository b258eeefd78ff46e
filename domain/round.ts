// A programme round: its declaration deadline and the rules of every stage. The workflows read
// these from the round they run under, never from constants of their own.
import { STATE_COUNCIL_DEPARTMENTS } from './centralRoute';
import { DEFAULT_DEADLINES, type DeadlinesConfig } from './deadlines';
import type { DemonstrationRules } from './demonstration';
import { DEFAULT_REMOVAL } from './removal';

const DAY_MS = 24 * 60 * 60 * 1000;

/** A criterion of the expert rubric; weights of a rubric sum to 1. */
export interface RubricCriterion {
  code: string;
  zh: string;
  en: string;
  weight: number;
}

/**
 * How a round counts the days of its officers' deadlines: calendar days, or working days on China's
 * official calendar (domain/workingCalendar.ts) — review, revision, expert scoring, countersign,
 * public notice, self-assessment and grading. A pilot's quarters are calendar time either way.
 */
export type DayCount = 'calendar' | 'working';

/** All durations are in days; fractions are allowed (in calendar-day rounds) so a demo round can run on a compressed calendar. */
export interface RoundConfig {
  /** absent in rounds from before working days: calendar */
  dayCount?: DayCount;
  provincialReviewDays: number;
  revisionDays: number;
  expertReview: {
    /** experts on each panel (notice: "共同组织专家评审"; we default to 3) */
    panelSize: number;
    /** scores needed to close the review once its stage deadline has passed */
    quorum: number;
    /** time an expert has to score before being replaced */
    scoringDays: number;
    /** after this, the review closes as soon as a quorum has scored */
    stageDays: number;
    /** a score further than this from the panel's median is an outlier (see domain/expertReview.ts) */
    outlierPoints: number;
    /**
     * How panels are formed. 'onForward' (also when absent, as in rounds from before batches):
     * experts are chosen one by one as each application reaches MOFCOM. 'batch': the application
     * waits, and MOFCOM assigns every waiting application at once (domain/expertAssignment.ts).
     */
    assignment?: 'onForward' | 'batch';
    /** batch: open expert tasks an expert may hold, those already open included (default 10: DEFAULT_LOAD_CAP) */
    loadCap?: number;
    /** batch: experts on one panel recommended by the same body, at most (default: a minority of the panel, at least 1) */
    maxSameBody?: number;
  };
  rubric: RubricCriterion[];
  selection: {
    /** pilots to select per group: cities (FTZs count as cities) and enterprises (central ones among them) */
    quotas: { city: number; enterprise: number };
    minScore: number;
    countersignDays: number;
    /** 'provincialRank': between equal scores, the unit's recommendation decides (domain/selection.ts); absent: it does not */
    tieBreak?: 'provincialRank';
    /** at most this many of a group selected from one reporting unit; absent: no such quota */
    perUnitQuota?: { city?: number; enterprise?: number };
  };
  pilot: {
    quarters: number;
    quarterDays: number;
    reportGraceDays: number;
    compilationDays: number;
    /** the mid-term evaluation opens at the end of this quarter (month 12 = quarter 4) */
    midtermAfterQuarter: number;
  };
  evaluation: {
    selfAssessmentDays: number;
    gradingDays: number;
    /** the province's time for its opinion before the bodies grade (absent, as in rounds from before it: 10) */
    opinionDays?: number;
    /** the appointed third-party evaluator's time for its mid-term report (absent, as in rounds from before it: 20) */
    thirdPartyDays?: number;
    /**
     * 评价指标: present, each body scores every indicator 0–100 and its grade is the weighted total's band
     * (domain/indicators.ts); absent, as in rounds from before them: each body gives a grade.
     */
    indicators?: RubricCriterion[];
  };
  /**
   * The province's ranked recommendation (domain/recommendation.ts); absent in rounds from before
   * it: the defaults. Due by the round's declaration deadline, the date applications reach MOFCOM.
   */
  recommendation?: {
    /** how many of each list a unit may recommend; absent: no cap */
    cap?: { city?: number; enterprise?: number };
    /** the six other parties' time to countersign it */
    countersignDays: number;
    /**
     * the applicants' deadline in a unit whose commerce department sets none: this many working
     * days before the round's deadline, so the unit can review and recommend in time (absent: 10)
     */
    applicantLeadDays?: number;
  };
  /**
   * 中央企业由国务院有关部门推荐或直接申报: the State Council departments a central enterprise may
   * choose to recommend it (domain/centralRoute.ts), and their time to review; absent: the defaults.
   */
  centralRoute?: { departments: string[]; reviewDays: number };
  /**
   * 取消试点资格 (dynamic management): the eight bodies' time to countersign MOFCOM's proposal to remove
   * a pilot, and whether a mid-term "fail" proposes it by itself; absent, as in rounds from before: the defaults.
   */
  removal?: { countersignDays: number; proposeOnMidtermFail: boolean };
  /**
   * 示范创建 (domain/demonstration.ts): present, the round is a demonstration round — who may declare,
   * and the title awarded at once to the selected (认定), with no pilot period; absent: a pilot round.
   */
  demonstration?: DemonstrationRules;
  /** reminders and escalation chains, per stage (domain/deadlines.ts) */
  deadlines: DeadlinesConfig;
  /** the public notice (公示) of the signed list before it is final; absent: published at once */
  publicNotice?: PublicNoticeConfig;
  /** the version of Annex 1 and 2 its applicants fill in, 3 the 申报书 of a demonstration round (domain/annex.ts); absent, as in rounds from before versions: 1 */
  annexVersion?: 1 | 2 | 3;
}

export interface PublicNoticeConfig {
  /** always working days: "公示期为5个工作日" */
  workingDays: number;
  /** when an objection against a listed applicant is upheld, the next ranked of its group is offered the place */
  offerNextRanked: boolean;
}

/**
 * The rubric derived from the notice: the eligibility conditions of §四(一) (industrial base and
 * clusters, infrastructure and IT for cities; legal person, management, talent and platform for
 * enterprises, read together as "foundation"), the quality of the plan for the chosen tasks
 * (§四(二)), and the expected leading and demonstration effect (§一(三) 五个一批).
 */
export const DEFAULT_RUBRIC: RubricCriterion[] = [
  { code: 'FOUNDATION', zh: '申报基础与条件', en: 'Foundation and eligibility', weight: 0.3 },
  { code: 'PLAN', zh: '试点任务与方案质量', en: 'Chosen tasks and quality of the plan', weight: 0.3 },
  { code: 'MEASURES', zh: '目标与保障措施的可行性', en: 'Feasibility of targets and measures', weight: 0.2 },
  { code: 'DEMONSTRATION', zh: '示范带动作用', en: 'Leading and demonstration effect', weight: 0.2 },
];

/**
 * What the 2018 notice sets (a two-year pilot, quarterly reports, mid-term and final evaluation;
 * 55 cities and 266 enterprises selected) and what it leaves open, set as a ministry would.
 */
export const DEFAULT_ROUND_CONFIG: RoundConfig = {
  provincialReviewDays: 15,
  revisionDays: 10,
  expertReview: { panelSize: 3, quorum: 3, scoringDays: 10, stageDays: 30, outlierPoints: 20 },
  rubric: DEFAULT_RUBRIC,
  selection: { quotas: { city: 55, enterprise: 266 }, minScore: 60, countersignDays: 10 },
  pilot: { quarters: 8, quarterDays: 365.25 / 4, reportGraceDays: 15, compilationDays: 10, midtermAfterQuarter: 4 },
  evaluation: { selfAssessmentDays: 30, gradingDays: 30, opinionDays: 10, thirdPartyDays: 20 },
  recommendation: { countersignDays: 5, applicantLeadDays: 10 },
  centralRoute: { departments: [...STATE_COUNCIL_DEPARTMENTS], reviewDays: 15 },
  removal: DEFAULT_REMOVAL,
  deadlines: DEFAULT_DEADLINES,
  annexVersion: 2,
};

/** A round's deadlines; workflows started before rounds had them take the defaults. */
export function deadlinesOf(config: { deadlines?: DeadlinesConfig }): DeadlinesConfig {
  return config.deadlines ?? DEFAULT_DEADLINES;
}

/** `{dayCount: 'working'}` for a working-day round, else nothing: a child's input then stays as it was before rounds had a day count. */
export function workingDaysOf(config: { dayCount?: DayCount }): { dayCount?: 'working' } {
  return config.dayCount === 'working' ? { dayCount: 'working' } : {};
}

export type DeclarationPhase = 'not_yet_open' | 'open' | 'closed';

export function declarationPhase(
  round: { declarationOpensAt?: Date | null; declarationDeadline: Date },
  now: Date,
): DeclarationPhase {
  if (round.declarationOpensAt && now.getTime() < round.declarationOpensAt.getTime()) return 'not_yet_open';
  return now.getTime() <= round.declarationDeadline.getTime() ? 'open' : 'closed';
}

export function isDeclarationOpen(
  round: { declarationOpensAt?: Date | null; declarationDeadline: Date },
  now: Date,
): boolean {
  return declarationPhase(round, now) === 'open';
}

export function daysToMs(days: number): number {
  return Math.round(days * DAY_MS);
}
