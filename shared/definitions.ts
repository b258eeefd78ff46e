// The messages officers and applicants send to the workflows, and the ids that tie workflows,
// tasks and database rows together. Shared by the workflows, the activities and the API.
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { ApplicantKind } from '../domain/applicants';
import type { DeskAction, Holding, Person } from '../domain/taskDesk';
import type { DeadlinesConfig, StageDeadlines } from '../domain/deadlines';
import { LEAD_BODY } from '../domain/bodies';
import type { PartyCode } from '../domain/parties';
import type { ReviewDecision, ReviewOutcome } from '../domain/provincialReview';
import type { PublicNoticeConfig, RoundConfig, RubricCriterion } from '../domain/round';
import type { NoticePhase, NoticeSnapshot, ObjectionOutcome, ObjectionStatus } from '../domain/publicNotice';
import type { Proposal } from '../domain/selection';
import type { Approved, Ranking, RecommendationCap } from '../domain/recommendation';
import type { RemovalGround } from '../domain/removal';
import type { TitleRevocationGround } from '../domain/titleReview';
import type { ApplicationStatus } from '../domain/status';

/** Who acts. Carried in every Update's arguments so the workflow history itself answers "who". */
export interface Actor {
  userId: string;
  username: string;
  role: string;
  departmentId?: string | null;
  /** an applicant's organisation, a provincial officer's province: what the workflows' own checks need */
  organizationId?: string | null;
  provinceCode?: string | null;
  /** the API's HMAC over the whole Update (shared/actorSignature.ts); every Update is refused without a valid one */
  signature?: ActorSignature;
}

/** Who vouches for an actor: key id, signing time (ISO) and hex HMAC-SHA256 (shared/actorSignature.ts). */
export interface ActorSignature {
  kid: string;
  at: string;
  mac: string;
}

/** Who acts when a stage's default rule decides a task nobody decided (domain/deadlines.ts). */
export const SYSTEM_ACTOR: Actor = { userId: 'system', username: 'system', role: 'system', departmentId: null };

export interface ApplicationInput {
  applicationId: string;
  roundId: string;
  kind: ApplicantKind;
  provinceCode: string | null;
  /** the applicant's organisation: only its users may submit (absent in workflows started before it was passed) */
  organizationId?: string;
  /** The round's rules as they were when the application was first submitted. */
  config: RoundConfig;
}

export interface SubmitInput {
  actor: Actor;
  /** a central enterprise's route: the State Council department that is to recommend it (domain/centralRoute.ts); absent: directly to MOFCOM */
  recommender?: string;
}

export interface ApplicationState {
  applicationId: string;
  status: ApplicationStatus;
  submissions: number;
  reviewRound: number;
  score?: number;
  reason?: string;
  /** what the review asked to fix: each provincial party's, or the recommending department's */
  fixes?: { party: string; reason: string }[];
  revisionDueAt?: string;
}

export interface ProvincialReviewInput {
  applicationId: string;
  reviewRound: number;
  provinceCode: string;
  reviewDays: number;
  /** 'working': reviewDays are working days on China's calendar; absent: calendar days */
  dayCount?: 'working';
  /** absent in workflows started before deadlines were configurable: the defaults apply */
  deadline?: StageDeadlines<'provincialReview'>;
}

/** A decision on a task, whatever its stage; each stage's workflow validates what it accepts. */
export interface DecideInput {
  taskId: string;
  decision: string;
  reason?: string;
  /** what the decision carries beyond its name: an expert's scores, a grade, a revised list */
  payload?: Record<string, unknown>;
  /** files the officer uploaded to the task and cites in this decision (their bytes stay in the database) */
  attachments?: AttachmentRef[];
  actor: Actor;
}

export interface AttachmentRef {
  id: string;
  name: string;
  sha256: string;
}

export interface DecideResult {
  taskId: string;
  decision: string;
  /** the task's fields as the decision wrote them (absent: read the task) */
  task?: {
    status: string;
    decision: string;
    reason: string | null;
    result: Record<string, unknown> | null;
    decidedById: string;
    decidedAt: string;
  };
}

export interface ProvincialReviewState {
  reviewRound: number;
  dueAt: string;
  decided: { party: PartyCode; decision: ReviewDecision }[];
  outcome: ReviewOutcome['kind'];
}

export interface ExpertReviewInput {
  applicationId: string;
  config: RoundConfig['expertReview'];
  rubric: RubricCriterion[];
  /** 'working': scoring and stage days are working days on China's calendar; absent: calendar days */
  dayCount?: 'working';
  deadline?: StageDeadlines<'expertReview'>;
}

export interface ExpertReviewResult {
  score: number;
  totals: number[];
  outliers: number[];
}

export interface ExpertReviewState {
  scored: number;
  scoring: number;
  missingExperts: number;
  stageEndsAt: string;
}

/** A batch assignment's panel for one application (usecases/expertAssignment.ts), from MOFCOM. */
export interface AssignPanelInput {
  /** the batch run it comes from, also in the round's audit trail */
  batchId: string;
  expertIds: string[];
  actor: Actor;
}

export interface AssignPanelResult {
  /** the seats opened: an expert who left the pool or became conflicted since the batch was solved is skipped */
  assigned: { taskId: string; expertId: string; userId: string }[];
}

/** Taken only by an expert review of a batch round that is still waiting for its panel. */
export const assignPanelUpdate = defineUpdate<AssignPanelResult, [AssignPanelInput]>('assignPanel');

/** An officer's action on a task other than deciding it: claim, transfer, delegate, withdraw… */
export interface TaskActionInput {
  taskId: string;
  action: DeskAction;
  target?: Person & { departmentId: string | null };
  reason?: string;
  actor: Actor;
}

export interface TaskActionResult {
  taskId: string;
  action: DeskAction;
  holding: Holding;
}

export const submitUpdate = defineUpdate<ApplicationState, [SubmitInput]>('submit');
export const applicationStateQuery = defineQuery<ApplicationState>('applicationState');
export const decideUpdate = defineUpdate<DecideResult, [DecideInput]>('decide');
export const taskActionUpdate = defineUpdate<TaskActionResult, [TaskActionInput]>('taskAction');
export const provincialReviewStateQuery = defineQuery<ProvincialReviewState>('provincialReviewState');

export interface SelectionInput {
  roundId: string;
  config: RoundConfig['selection'];
  openedBy: Actor;
  deadlines?: Pick<DeadlinesConfig, 'selectionCountersign' | 'selectionRevision'>;
  /** 'working': countersignDays are working days on China's calendar; absent (every earlier selection): calendar days */
  dayCount?: 'working';
  /** the public notice (公示) of the signed list; absent (every earlier selection): published at once */
  publicNotice?: PublicNoticeConfig;
}

export interface SelectionState {
  phase: 'countersign' | 'revision' | 'public_notice';
  countersignRound: number;
  proposal: Proposal;
  /** while the list is in public notice, and after */
  notice?: NoticeSnapshot & {
    phase: NoticePhase;
    objections: { id: string; applicationId: string; status: ObjectionStatus | 'resolving' }[];
  };
}

/** An objection (异议) to a listed applicant during the public notice; the API generates its id, which is also the Update's id. */
export interface FileObjectionInput {
  objectionId: string;
  applicationId: string;
  reason: string;
  actor: Actor;
}

/** MOFCOM's resolution of an objection. */
export interface ResolveObjectionInput {
  objectionId: string;
  outcome: ObjectionOutcome;
  reason: string;
  actor: Actor;
}

export interface ObjectionResult {
  objectionId: string;
  applicationId: string;
  status: ObjectionStatus;
  /** an upheld objection's applicant left the list; the candidate offered its place, if any */
  offered?: { applicationId: string; since: string; endsAt: string };
}

export const fileObjectionUpdate = defineUpdate<ObjectionResult, [FileObjectionInput]>('fileObjection');
export const resolveObjectionUpdate = defineUpdate<ObjectionResult, [ResolveObjectionInput]>('resolveObjection');

export const selectionStateQuery = defineQuery<SelectionState>('selectionState');

export function selectionWorkflowId(roundId: string): string {
  return `selection-${roundId}`;
}

export function countersignTaskId(roundId: string, countersignRound: number, body: string): string {
  return `${roundId}:sel${countersignRound}:${body}`;
}

export function revisionTaskId(roundId: string, countersignRound: number): string {
  return `${roundId}:rev${countersignRound}:${LEAD_BODY}`;
}

/** An expert's scoring task; every task of one panel shares the prefix. */
export function expertTaskId(applicationId: string, expertId: string): string {
  return `${expertTaskPrefix(applicationId)}${expertId}`;
}

export function expertTaskPrefix(applicationId: string): string {
  return `${applicationId}:er:`;
}

export interface PilotInput {
  applicationId: string;
  roundId: string;
  kind: ApplicantKind;
  provinceCode: string | null;
  startsAt: string;
  config: Pick<RoundConfig, 'pilot' | 'evaluation' | 'dayCount' | 'removal'> & { deadlines?: DeadlinesConfig };
}

export interface PilotResult {
  /** absent when the pilot was removed before its evaluation ended */
  midterm?: EvaluationResult;
  final?: EvaluationResult;
  reports: { quarter: number; status: 'submitted' | 'missing'; late: boolean }[];
  /** 取消试点资格: the countersigned removal that ended the pilot early */
  removed?: { removalId: string; grounds: RemovalGround[]; reason: string };
}

/** MOFCOM's proposal to remove a pilot (POST /api/pilots/:id/removal), or the system's after a mid-term fail. */
export interface ProposeRemovalInput {
  grounds: RemovalGround[];
  reason: string;
  actor: Actor;
}

export interface RemovalInput {
  applicationId: string;
  roundId: string;
  provinceCode: string | null;
  /** what is removed: a pilot's status (absent, as before titles), or a demonstration title (撤销示范称号) */
  subject?: 'title';
  /** the pilot's n-th proposal (or the title's n-th review): its tasks' and records' ids carry it */
  n: number;
  proposal: ProposeRemovalInput | ProposeTitleRevocationInput;
  countersignDays: number;
  dayCount?: 'working';
  deadlines?: Partial<
    Pick<
      DeadlinesConfig,
      'removalCountersign' | 'removalRevision' | 'titleRevocationCountersign' | 'titleRevocationRevision'
    >
  >;
}

export interface RemovalResult {
  removed: boolean;
  grounds: RemovalGround[] | TitleRevocationGround[];
  /** the reason as last maintained (or why it was dropped) */
  reason: string;
}

export const proposeRemovalUpdate = defineUpdate<{ removalId: string }, [ProposeRemovalInput]>('proposeRemoval');

export function removalId(applicationId: string, n: number): string {
  return `${applicationId}:removal${n}`;
}

export function removalWorkflowId(applicationId: string, n: number): string {
  return `removal-${applicationId}-${n}`;
}

export function removalCountersignTaskId(applicationId: string, n: number, round: number, body: string): string {
  return `${removalId(applicationId, n)}:cs${round}:${body}`;
}

export function removalRevisionTaskId(applicationId: string, n: number, round: number): string {
  return `${removalId(applicationId, n)}:rev${round}:${LEAD_BODY}`;
}

/** A demonstration title's life after 认定 (workflows/title.ts): its periodic reviews and any revocation. */
export interface TitleInput {
  applicationId: string;
  roundId: string;
  provinceCode: string | null;
  awardedAt: string;
  /** reviews held before this run (a title continued as new carries them) */
  reviews?: number;
  /** when the next periodic review is due, if one is scheduled */
  nextReviewAt?: string;
  config: Pick<RoundConfig, 'demonstration' | 'removal' | 'dayCount'> & { deadlines?: DeadlinesConfig };
}

export interface TitleResult {
  revoked?: { reviewId: string; grounds: TitleRevocationGround[]; reason: string };
}

/** MOFCOM's proposal to revoke a title (POST /api/applications/:id/title/revocation), or its periodic review's "revoke". */
export interface ProposeTitleRevocationInput {
  grounds: TitleRevocationGround[];
  reason: string;
  actor: Actor;
}

export const proposeTitleRevocationUpdate = defineUpdate<{ reviewId: string }, [ProposeTitleRevocationInput]>(
  'proposeTitleRevocation',
);

export function titleWorkflowId(applicationId: string): string {
  return `title-${applicationId}`;
}

/** The title's n-th review: a periodic one, or a proposal to revoke it. */
export function titleReviewId(applicationId: string, n: number): string {
  return `${applicationId}:title${n}`;
}

export function titleReviewTaskId(applicationId: string, n: number): string {
  return `${titleReviewId(applicationId, n)}:review:${LEAD_BODY}`;
}

export function titleRevocationWorkflowId(applicationId: string, n: number): string {
  return `title-revocation-${applicationId}-${n}`;
}

export function titleRevocationCountersignTaskId(
  applicationId: string,
  n: number,
  round: number,
  body: string,
): string {
  return `${titleReviewId(applicationId, n)}:cs${round}:${body}`;
}

export function titleRevocationRevisionTaskId(applicationId: string, n: number, round: number): string {
  return `${titleReviewId(applicationId, n)}:rev${round}:${LEAD_BODY}`;
}

export interface QuarterlyReportInput {
  applicationId: string;
  roundId: string;
  provinceCode: string | null;
  quarter: number;
  dueAt: string;
  /** how long after the due time a late report is still taken before it counts as missing */
  lateWindowDays: number;
  compilationDueAt: string;
  deadline?: StageDeadlines<'quarterlyReport'>;
  compilationDeadline?: StageDeadlines<'quarterlyCompilation'>;
}

export interface SubmitReportInput {
  content: Record<string, unknown>;
  actor: Actor;
}

export interface CompilationInput {
  roundId: string;
  provinceCode: string;
  quarter: number;
  dueAt: string;
  deadline?: StageDeadlines<'quarterlyCompilation'>;
}

export interface EvaluationInput {
  applicationId: string;
  stage: 'midterm' | 'final';
  kind: ApplicantKind;
  config: RoundConfig['evaluation'];
  /** 'working': the days are working days on China's calendar; absent: calendar days */
  dayCount?: 'working';
  deadline?: StageDeadlines<'evaluation'>;
  /** the province's opinion's chain (EVALUATION_OPINION); absent: the stage's default */
  opinionDeadline?: StageDeadlines<'evaluationOpinion'>;
  /** the third-party evaluator's chain (THIRD_PARTY_EVALUATION); absent: the stage's default */
  thirdPartyDeadline?: StageDeadlines<'evaluationThirdParty'>;
}

export interface EvaluationResult {
  grade: 'excellent' | 'good' | 'pass' | 'fail';
  incentiveEligible: boolean;
  title: { zh: string; en: string } | null;
}

export const submitReportUpdate = defineUpdate<{ quarter: number; late: boolean }, [SubmitReportInput]>('submitReport');
export const reportReceivedSignal = defineSignal<[{ applicationId: string; reportId: string }]>('reportReceived');
export const selfAssessmentUpdate = defineUpdate<{ stage: string }, [SubmitReportInput]>('submitSelfAssessment');

export function pilotWorkflowId(applicationId: string): string {
  return `pilot-${applicationId}`;
}

export function quarterlyReportWorkflowId(applicationId: string, quarter: number): string {
  return `quarterly-report-${applicationId}-q${quarter}`;
}

export function compilationWorkflowId(roundId: string, provinceCode: string, quarter: number): string {
  return `compilation-${roundId}-${provinceCode}-q${quarter}`;
}

export function evaluationWorkflowId(applicationId: string, stage: 'midterm' | 'final'): string {
  return `evaluation-${applicationId}-${stage}`;
}

export function gradingTaskId(applicationId: string, stage: string, body: string): string {
  return `${applicationId}:${stage}:${body}`;
}

/** The province's opinion on a pilot's evaluation (stage evaluationOpinion). */
export function opinionTaskId(applicationId: string, stage: string): string {
  return `${applicationId}:${stage}:opinion`;
}

/** The appointed third-party evaluator's report on a pilot's evaluation (stage evaluationThirdParty). */
export function thirdPartyTaskId(applicationId: string, stage: string): string {
  return `${applicationId}:${stage}:third-party`;
}

/** The published selection's verdict on one application. */
export interface SelectionOutcome {
  selected: boolean;
  group: 'city' | 'enterprise';
  rank: number | null;
}

export const selectionOutcomeSignal = defineSignal<[SelectionOutcome]>('selectionOutcome');
export const expertReviewStateQuery = defineQuery<ExpertReviewState>('expertReviewState');
/** Sent by MOFCOM's expert-pool changes to panels waiting for eligible experts. */
/** Sent when the pool changes; carries who changed it so the history alone names them (older histories: no argument). */
export const expertPoolChangedSignal = defineSignal<[{ actor: Actor }?]>('expertPoolChanged');

export function expertReviewWorkflowId(applicationId: string): string {
  return `expert-review-${applicationId}`;
}

export function applicationWorkflowId(applicationId: string): string {
  return `application-${applicationId}`;
}

export function provincialReviewWorkflowId(applicationId: string, reviewRound: number): string {
  return `provincial-review-${applicationId}-r${reviewRound}`;
}

export function reviewTaskId(applicationId: string, reviewRound: number, party: PartyCode): string {
  return `${applicationId}:pr${reviewRound}:${party}`;
}

/** A province's recommendation of one round (domain/recommendation.ts): one run per recommendation sent. */
export interface RecommendationInput {
  roundId: string;
  provinceCode: string;
  /** ISO: when the recommendation must reach MOFCOM (the round's declaration deadline) */
  dueAt: string;
  countersignDays: number;
  dayCount?: 'working';
  cap?: RecommendationCap;
  deadlines?: Pick<DeadlinesConfig, 'recommendation' | 'recommendationCountersign'>;
}

export interface RecommendationOutcome {
  recommended: boolean;
  group: 'city' | 'enterprise';
  rank: number | null;
  /** the recommendation's id (Recommendation row), or why none was sent */
  recommendationId: string;
  reason?: string;
}

export interface RecommendationState {
  recommendationId: string;
  phase: 'drafting' | 'countersign' | 'sent' | 'rejected';
  version: number;
  approved: Approved[];
  ranking?: Ranking;
}

/** An application the unit's joint review approved, joining (or starting) its province's recommendation. */
export const approvedForRecommendationSignal = defineSignal<[Approved]>('approvedForRecommendation');
export const recommendationOutcomeSignal = defineSignal<[RecommendationOutcome]>('recommendationOutcome');
export const recommendationStateQuery = defineQuery<RecommendationState>('recommendationState');

export function recommendationWorkflowId(roundId: string, provinceCode: string): string {
  return `recommendation-${roundId}-${provinceCode}`;
}

/** The n-th recommendation of a run of the province's workflow: the first, then each supplementary one. */
export function recommendationId(roundId: string, provinceCode: string, runId: string, n: number): string {
  return `${roundId}:${provinceCode}:${runId.slice(0, 8)}:${n}`;
}

/** The event of a recommendation sent: its audit record and the eight bodies' mail (which carries its Annex 3). */
export function recommendationSentKey(recommendation: string): string {
  return `${recommendation}/sent`;
}

/** The recommendation a `recommendationSentKey` is of. */
export function recommendationOfSentKey(eventKey: string): string {
  return eventKey.replace(/\/sent$/, '');
}

export function recommendTaskId(recommendation: string, version: number): string {
  return `${recommendation}:recommend:v${version}`;
}

export function recommendationCountersignTaskId(recommendation: string, version: number, party: PartyCode): string {
  return `${recommendation}:countersign:v${version}:${party}`;
}

/** A central enterprise's review by the State Council department it chose (domain/centralRoute.ts). */
export interface MinistryReviewInput {
  applicationId: string;
  reviewRound: number;
  department: string;
  reviewDays: number;
  dayCount?: 'working';
  deadline?: StageDeadlines<'ministryReview'>;
}

export type MinistryReviewResult =
  | { kind: 'approved' }
  | { kind: 'rejected'; party: string; reason: string }
  | { kind: 'returned'; fixes: { party: string; reason: string }[] };

export function ministryReviewWorkflowId(applicationId: string, reviewRound: number): string {
  return `ministry-review-${applicationId}-r${reviewRound}`;
}

export function ministryReviewTaskId(applicationId: string, reviewRound: number): string {
  return `${applicationId}:mr${reviewRound}`;
}
