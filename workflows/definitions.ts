// The messages officers and applicants send to the workflows, and the ids that tie workflows,
// tasks and database rows together. Shared by the workflows, the activities and the API.
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { ApplicantKind } from '../domain/applicants';
import type { DeskAction, Holding, Person } from '../domain/taskDesk';
import type { DeadlinesConfig, StageDeadlines } from '../domain/deadlines';
import { LEAD_BODY } from '../domain/bodies';
import type { PartyCode } from '../domain/parties';
import type { ReviewDecision, ReviewOutcome } from '../domain/provincialReview';
import type { RoundConfig, RubricCriterion } from '../domain/round';
import type { Proposal } from '../domain/selection';
import type { ApplicationStatus } from '../domain/status';

/** Who acts. Carried in every Update's arguments so the workflow history itself answers "who". */
export interface Actor {
  userId: string;
  username: string;
  role: string;
  departmentId?: string | null;
}

/** Who acts when a stage's default rule decides a task nobody decided (domain/deadlines.ts). */
export const SYSTEM_ACTOR: Actor = { userId: 'system', username: 'system', role: 'system', departmentId: null };

export interface ApplicationInput {
  applicationId: string;
  roundId: string;
  kind: ApplicantKind;
  provinceCode: string | null;
  /** The round's rules as they were when the application was first submitted. */
  config: RoundConfig;
}

export interface SubmitInput {
  actor: Actor;
}

export interface ApplicationState {
  applicationId: string;
  status: ApplicationStatus;
  submissions: number;
  reviewRound: number;
  score?: number;
  reason?: string;
  fixes?: { party: PartyCode; reason: string }[];
  revisionDueAt?: string;
}

export interface ProvincialReviewInput {
  applicationId: string;
  reviewRound: number;
  provinceCode: string;
  reviewDays: number;
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
}

export interface SelectionState {
  phase: 'countersign' | 'revision';
  countersignRound: number;
  proposal: Proposal;
}

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
  config: Pick<RoundConfig, 'pilot' | 'evaluation'> & { deadlines?: DeadlinesConfig };
}

export interface PilotResult {
  midterm: EvaluationResult;
  final: EvaluationResult;
  reports: { quarter: number; status: 'submitted' | 'missing'; late: boolean }[];
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
  deadline?: StageDeadlines<'evaluationGrading'>;
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
