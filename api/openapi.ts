// The OpenAPI 3.1 document of the API, served at /openapi.json. Request bodies and queries are the
// very zod schemas the use cases validate with, converted to JSON Schema; test/openapi.test.ts
// checks that the operations listed here are exactly the routes Express serves.
import { z } from 'zod';
import {
  CITY_TASKS,
  ENTERPRISE_TASKS,
  annex1Schema,
  annex1V2Schema,
  annex2Schema,
  annex2V2Schema,
  declarationOpenApiSchema,
} from '../domain/annex';
import { majorReportSchema, quarterlyReportSchema, selfAssessmentSchema } from '../domain/quarterlyReportSchema';
import { DECISION_SCHEMAS } from '../usecases/decisionSchemas';
import { conflictSchema, newExpertSchema } from '../usecases/experts';
import { inboxQuerySchema } from '../usecases/inbox';
import { batchDecisionSchema } from '../usecases/batchDecision';
import { copiedQuerySchema } from '../usecases/copiedToMe';
import { directoryQuery, mailboxSchema, notificationQuery, outboxQuery } from '../usecases/mail';
import { applicationListQuery, submitSchema } from '../usecases/applications';
import { ATTACHMENT_TYPES } from '../usecases/attachments';
import { calendarYearSchema } from '../usecases/calendar';
import { newRoundSchema, roundConfigChangeSchema } from '../usecases/rounds';
import {
  changePasswordSchema,
  deactivateSchema,
  newUserSchema,
  reactivateSchema,
  resetPasswordSchema,
  userListQuery,
} from '../usecases/users';
import { appointmentSchema } from '../usecases/evaluator';
import { timelineQuery } from './timelineRoute';
import { handOverSchema, noteSchema, withdrawSchema } from '../usecases/desk';
import { fileObjectionSchema, resolveObjectionSchema } from '../usecases/objections';
import { unitDeadlineSchema } from '../usecases/unitDeadlines';
import { publicObjectionSchema } from '../usecases/publicObjection';
import { removalProposalSchema } from '../usecases/removal';
import { titleRevocationSchema } from '../usecases/titles';
import { incentiveSchema } from '../usecases/incentives';
import { practiceListQuery, practiceReviewSchema } from '../usecases/practices';

type Method = 'get' | 'post' | 'put';

export interface Operation {
  method: Method;
  /** the Express path */
  path: string;
  summary: string;
  /** who may call it (checked on the server) */
  who: string;
  body?: z.ZodType;
  query?: z.ZodObject;
  /** no bearer token needed */
  open?: boolean;
  created?: boolean;
  /** the body is a file (its bytes), not JSON */
  upload?: boolean;
  /** what a 422 answer means, where the route has one */
  unprocessable?: string;
  /** the body may be left out (every field of its schema is optional) */
  bodyOptional?: boolean;
  /** answers 204 without a body */
  noContent?: boolean;
  /** what a 200 answer is, where it is not (only) JSON: media type → description */
  produces?: Record<string, string>;
  /** what a 503 answer means, where the route answers one of its own */
  unavailable?: string;
  /** may answer 429 with Retry-After (login throttling) */
  throttled?: boolean;
}

/** ?format=json (default) or ?format=csv */
const TIMELINE_MEDIA = { 'application/json': 'The timeline', 'text/csv': 'The audit records (?format=csv)' };
const loginSchema = z.strictObject({ username: z.string().min(1), password: z.string().min(1) });
const annex = z
  .union([
    annex1Schema.partial(),
    annex2Schema.partial(),
    annex1V2Schema.partial(),
    annex2V2Schema.partial(),
    declarationOpenApiSchema,
  ])
  .describe(
    "Annex 1 (cities, FTZs) or Annex 2 (enterprises), in the version of the round's rules (annexVersion: absent 1), or a demonstration round's 申报书 (annexVersion 3); a draft may be partial, a submission must be complete",
  );

export const OPERATIONS: Operation[] = [
  {
    method: 'get',
    path: '/health',
    summary: 'Health: 200 when the database and Temporal answer, else 503',
    who: 'anyone',
    open: true,
    unavailable: 'The database or Temporal does not answer',
  },
  { method: 'get', path: '/openapi.json', summary: 'This document', who: 'anyone', open: true },
  {
    method: 'post',
    path: '/api/auth/login',
    summary:
      'Log in → {token, expiresAt, user}; 401 bad_credentials; 429 too_many_attempts with Retry-After (seconds) when the account or the address has failed too often',
    who: 'anyone',
    body: loginSchema,
    open: true,
    throttled: true,
  },
  {
    method: 'get',
    path: '/api/public/rounds',
    summary:
      'The public record: every round whose list is in public notice (公示) or final → [{id, kind, nameZh, nameEn, phase, phaseLabel, notice: {workingDays, startsAt, endsAt, startsOn, endsOn} (days in China Standard Time), publishedAt, finalList, source, objectionsOpen}]; nothing private',
    who: 'anyone, without logging in',
    open: true,
  },
  {
    method: 'get',
    path: '/api/public/rounds/:id/list',
    summary:
      "A round's public list: each listed applicant (name, kind, reporting unit, group, rank, its own notice window, and `withdrawn` once its pilot is removed or its title revoked: status, time, label), the notice window, and how to object (howToObject: open, text, endpoint); no score, expert, objection or contact; 404 for a round with nothing public",
    who: 'anyone, without logging in',
    open: true,
  },
  {
    method: 'post',
    path: '/api/public/rounds/:id/objections',
    summary:
      'Object (异议) without an account to an applicant on the list in public notice → {id, roundId, applicationId, receiptCode, status}; the receipt code is mailed to the address given; 409 no_public_notice outside the notice; 429 too_many_attempts with Retry-After when the address or the e-mail address has objected too often',
    who: 'anyone, without logging in',
    body: publicObjectionSchema,
    open: true,
    created: true,
    throttled: true,
  },
  {
    method: 'get',
    path: '/api/public/practices',
    summary:
      'The public library of replicable practices (总结推广): those MOFCOM published → {items: [{id, pilotId, roundId, applicant, kind, provinceCode, stage, text, reviewedAt, createdAt}], page, pageSize, total}',
    who: 'anyone, without logging in',
    query: practiceListQuery.omit({ status: true }),
    open: true,
  },
  {
    method: 'get',
    path: '/api/public/objections/:code',
    summary:
      "Where an objection filed without an account stands, by its receipt code (XXXX-XXXX-XXXX, any case) → {receiptCode, roundId, applicationId, applicant, status, statusLabel, createdAt, resolution, resolvedAt}; never the filer's name or address; 400 on code for a malformed code, 404 for an unknown one",
    who: 'whoever holds the receipt code, without logging in',
    open: true,
  },
  { method: 'post', path: '/api/auth/logout', summary: 'Revoke the token → 204', who: 'logged in', noContent: true },
  { method: 'get', path: '/api/me', summary: 'The current user', who: 'logged in' },
  {
    method: 'get',
    path: '/api/rounds',
    summary:
      "Rounds, with whether declaration is open; to an applicant of a reporting unit, open as its unit's deadline for applicants says (`applicantDeadline`), and not open (`eligible: false`) in a demonstration round it may not declare in",
    who: 'logged in',
  },
  {
    method: 'get',
    path: '/api/reference',
    summary: 'Reference data: task lists, bodies, parties, provinces, labels',
    who: 'logged in',
  },
  {
    method: 'post',
    path: '/api/rounds',
    summary: 'Create a round: kind, declaration window and every rule of its stages, validated as a whole (audited)',
    who: 'admin',
    body: newRoundSchema,
    created: true,
  },
  {
    method: 'get',
    path: '/api/rounds/:id',
    summary: 'A round: its current rules, every version of them and how many applications each governs',
    who: 'logged in',
  },
  {
    method: 'put',
    path: '/api/rounds/:id/config',
    summary: 'New rules for later submissions (a new version; applications already submitted keep theirs; audited)',
    who: 'admin',
    body: roundConfigChangeSchema,
  },
  {
    method: 'get',
    path: '/api/evaluators',
    summary:
      'The active third-party evaluator accounts (第三方评估机构, role evaluator) → {items: [{id, username, displayName, organizationName}]}',
    who: 'national officers, auditors, admins',
  },
  {
    method: 'get',
    path: '/api/rounds/:id/evaluator',
    summary:
      "The round's appointed third-party evaluator for its mid-term evaluations → {roundId, evaluator: {id, username, displayName, organizationName} | null, locked}; locked once a mid-term has opened with it",
    who: 'national officers, auditors, admins',
  },
  {
    method: 'put',
    path: '/api/rounds/:id/evaluator',
    summary:
      "Appoint the round's third-party evaluator for its mid-term evaluations (audited) → as GET; 400 naming userId if it is not an active evaluator account; 409 evaluator_locked once a mid-term has opened with the appointment",
    who: "MOFCOM's officers, admins",
    body: appointmentSchema,
  },
  {
    method: 'get',
    path: '/api/calendar/:year',
    summary: "The year's holidays and adjusted working days (调休), and whether the year is known",
    who: 'logged in',
  },
  {
    method: 'put',
    path: '/api/calendar/:year',
    summary:
      "Enter a year's holidays and adjusted working days (for a year the chinese-days package lacks, or a correction); audited",
    who: 'admin',
    body: calendarYearSchema,
  },
  {
    method: 'post',
    path: '/api/rounds/:id/close-declaration',
    summary: 'Close declarations now (recorded)',
    who: 'MOFCOM officers, admin',
  },
  {
    method: 'post',
    path: '/api/rounds/:id/selection',
    summary: "Open the round's selection",
    who: 'MOFCOM officers',
    created: true,
  },
  {
    method: 'post',
    path: '/api/rounds/:id/expert-assignment',
    summary:
      "Assign experts to every application of the round waiting for a panel, at once: the assignment of greatest expertise affinity under the panel size, each expert's load cap, the conflict rules and the bodies' spread (HiGHS) → the objective against the one-by-one baseline and each panel; 409 no_panels_awaited, assignment_running",
    who: 'MOFCOM officers, admin',
    unprocessable:
      'assignment_infeasible: the batch cannot be assigned; each reason in `fields` (an application with too few eligible experts, capacity short of the seats, a body spread that cannot be met); nothing changed',
  },
  {
    method: 'get',
    path: '/api/rounds/:id/overview',
    summary:
      "The round's overview: applications per province × step, overdue tasks per department (and the first 200 of them), median days per stage, each expert's open and done seats, the selection's countersign",
    who: "national officers (every province); a province's lead department (its commerce department: its own province)",
  },
  {
    method: 'get',
    path: '/api/rounds/:id/overview.xlsx',
    summary:
      'The round overview as an Excel workbook: a sheet per table, Chinese headers, the same figures as the JSON',
    who: 'as for the overview',
    produces: { 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'The workbook' },
  },
  {
    method: 'get',
    path: '/api/rounds/:id/selection',
    summary:
      "The proposed or published list (with the listed applicants' names, kinds and provinces), its countersign and its public notice (phase, period end, each applicant's window, objections)",
    who: 'officers, auditors',
  },
  {
    method: 'get',
    path: '/api/rounds/:id/units/:unit/recommendation',
    summary:
      "A reporting unit's recommendation (择优推荐) of the round: its applications per state, tasks running late, those approved and ready to recommend, and each recommendation with its ranked lists, reasons, fixes and countersign tasks; due by the round's declaration deadline",
    who: "the unit's officers; national officers, auditors, admin",
  },
  {
    method: 'get',
    path: '/api/recommendations/:id/annex3.pdf',
    summary:
      "A sent recommendation's Annex 3 (申报汇总表): one row per recommended applicant in the unit's order, landscape A4; 404 until the recommendation is sent",
    who: "the unit's officers; national officers, auditors, admin",
    produces: { 'application/pdf': 'Annex 3 (PDF)' },
  },
  {
    method: 'get',
    path: '/api/recommendations/:id/annex3.xlsx',
    summary: 'The same Annex 3 as an Excel workbook (its 电子版)',
    who: "the unit's officers; national officers, auditors, admin",
    produces: { 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'Annex 3 (workbook)' },
  },
  {
    method: 'put',
    path: '/api/rounds/:id/units/:unit/deadline',
    summary:
      "Set the unit's deadline for its applicants' first submissions (no later than the round's deadline, when the unit's recommendation must reach MOFCOM) → {applicantDeadline, source}; unset, it is the round's recommendation.applicantLeadDays working days before the round's deadline",
    who: "the unit's commerce department",
    body: unitDeadlineSchema,
  },
  {
    method: 'post',
    path: '/api/rounds/:id/objections',
    summary:
      'File an objection (异议) against an applicant on the list in public notice (409 no_public_notice outside it); optional Idempotency-Key header',
    who: 'anyone logged in but auditors (read-only)',
    body: fileObjectionSchema,
    created: true,
  },
  {
    method: 'get',
    path: '/api/rounds/:id/objections',
    summary: "The round's objections",
    who: 'officers, auditors, admins: all; anyone else: their own',
  },
  {
    method: 'post',
    path: '/api/objections/:id/resolve',
    summary:
      'Resolve an objection: uphold (the applicant leaves the list; the next ranked may be offered its place) or dismiss (409 already_resolved)',
    who: 'MOFCOM officers',
    body: resolveObjectionSchema,
  },
  {
    method: 'post',
    path: '/api/users',
    summary:
      'Create an account: an officer of a department, an auditor, an administrator, or an applicant with its organisation (the password policy applies; argon2id-hashed; audited)',
    who: 'admin',
    body: newUserSchema,
    created: true,
  },
  {
    method: 'get',
    path: '/api/users',
    summary:
      'The accounts, by username, a page at a time → {items: [{id, username, role, displayName, email, departmentId, organizationId, createdAt, deactivatedAt, passwordChangedAt}], page, pageSize, total}',
    who: 'admin',
    query: userListQuery,
  },
  {
    method: 'post',
    path: '/api/users/:id/password',
    summary:
      "Set an account's password → 204: every session of the account is revoked at once, its login blocks lifted (the password policy applies; audited)",
    who: 'admin',
    body: resetPasswordSchema,
    noContent: true,
  },
  {
    method: 'post',
    path: '/api/users/:id/deactivate',
    summary:
      'Deactivate an account → the account: it cannot log in and its sessions are revoked at once (409 already_deactivated, cannot_deactivate_self; audited)',
    who: 'admin',
    body: deactivateSchema,
  },
  {
    method: 'post',
    path: '/api/users/:id/reactivate',
    summary: 'Reactivate a deactivated account → the account (409 not_deactivated; audited)',
    who: 'admin',
    body: reactivateSchema,
  },
  {
    method: 'post',
    path: '/api/me/password',
    summary:
      'Change your own password → 204: the current password is checked (400 on currentPassword when wrong; throttled like a login, 429 with Retry-After), every other session of yours is revoked (audited)',
    who: 'logged in',
    body: changePasswordSchema,
    noContent: true,
    throttled: true,
  },
  {
    method: 'get',
    path: '/api/mailboxes',
    summary: 'The mailbox directory of the departments',
    who: 'admin, auditor',
    query: directoryQuery,
  },
  {
    method: 'put',
    path: '/api/mailboxes/:departmentId',
    summary: "Change a department's mailbox (audited)",
    who: 'admin',
    body: mailboxSchema,
  },
  {
    method: 'get',
    path: '/api/notifications',
    summary: 'Mail with its delivery state',
    who: 'admin, auditor',
    query: notificationQuery,
  },
  {
    method: 'get',
    path: '/api/outbox',
    summary: 'What the embedded SMTP sink received',
    who: 'admin',
    query: outboxQuery,
  },
  {
    method: 'get',
    path: '/api/applications',
    summary: 'Applications the user may read (a never-submitted draft: its applicant only)',
    who: 'applicant (own), provincial officer (own province), national officer, auditor, admin',
    query: applicationListQuery,
  },
  {
    method: 'post',
    path: '/api/applications',
    summary: 'Create a draft',
    who: 'applicant',
    body: z.strictObject({ roundId: z.string(), annex }),
    created: true,
  },
  {
    method: 'get',
    path: '/api/applications/:id',
    summary:
      "An application with its tasks and history (who was told of each event), as far as the reader may see it: an applicant sees departments and decisions, no person, no internal step, no expert; a provincial officer no expert nor individual score; an expert their own seat (a draft never submitted: 404 to all but its applicant); previousSubmission: the annex as last submitted, and when; pilotId: its pilot once started (GET /api/pilots/{id}), else null; annexVersion: the version of its form (the round's rules it was first submitted under; a draft: the round's current ones)",
    who: 'as for the list',
  },
  {
    method: 'get',
    path: '/api/applications/:id/timeline',
    summary:
      "The complete timeline: audit records (with their hash chain), mail, and each workflow's event history (from Temporal or the archive); ?format=csv: the audit records as CSV",
    who: "auditors, admins, national officers; provincial officers of its province without the expert review's people and individual scores",
    query: timelineQuery,
    produces: TIMELINE_MEDIA,
  },
  {
    method: 'put',
    path: '/api/applications/:id',
    summary: 'Edit a draft or returned application',
    who: 'its applicant',
    body: z.strictObject({ annex }),
  },
  {
    method: 'post',
    path: '/api/applications/:id/submit',
    summary:
      "Submit or resubmit. A central enterprise may name, with its first submission, the State Council department to recommend it (`recommender`, one of the round's centralRoute.departments): that department then reviews it before MOFCOM; without one it declares directly",
    who: 'its applicant',
    body: submitSchema,
    bodyOptional: true,
  },
  {
    method: 'get',
    path: '/api/applications/:id/pdf',
    summary:
      'The application as a PDF, as the eight bodies receive it with their mail when it reaches MOFCOM: Annex 1 or 2 with the applicant, its unit, kind, tasks, every field under its Chinese label, the submission time (Beijing) and the application id; Content-Disposition names the file (RFC 5987, UTF-8)',
    who: 'as for the application',
    produces: { 'application/pdf': 'The application (PDF)' },
  },
  {
    method: 'get',
    path: '/api/tasks',
    summary: 'The inbox',
    who: 'officers, experts; auditors and admins read all',
    query: inboxQuerySchema,
  },
  {
    method: 'get',
    path: '/api/inbox/copied',
    summary:
      "知会: the mail sent to the user's department or to the user, newest first (event, subject, time, the application and task it is about)",
    who: 'officers, experts, auditors, admins (their own mail)',
    query: copiedQuerySchema,
  },
  {
    method: 'post',
    path: '/api/tasks/batch-decision',
    summary:
      "批量通过: approve 1–50 tasks of stages that allow it (provincial review, the selection's countersign), each as its own decision → {results: [{taskId, ok, code?, message?}]}; a retry under the same batchId decides nothing twice",
    who: 'whoever may decide each task (checked per task)',
    body: batchDecisionSchema,
  },
  {
    method: 'get',
    path: '/api/tasks/:id',
    summary:
      "One task (an expert's task: with the rubric its application is scored on; a quarterly compilation: the reports it carries)",
    who: "its department's officers, its assignee, auditors, admins; read-only, MOFCOM's officers (any task) and a province's commerce department (its province's joint-review tasks)",
  },
  {
    method: 'post',
    path: '/api/tasks/:id/decision',
    summary: "Decide a task (the body depends on the task's stage)",
    who: "the task's department or assignee",
    body: z.union(Object.values(DECISION_SCHEMAS) as [z.ZodType, z.ZodType, ...z.ZodType[]]),
  },
  {
    method: 'post',
    path: '/api/tasks/:id/return',
    summary: "退回: send the matter back to the stage's previous step (the stage's return decision)",
    who: "the task's holder",
    body: withdrawSchema,
  },
  {
    method: 'post',
    path: '/api/tasks/:id/claim',
    summary: '签收: claim a group task; from then on only you decide it',
    who: "an officer of the task's department",
    body: noteSchema,
    bodyOptional: true,
  },
  {
    method: 'post',
    path: '/api/tasks/:id/release',
    summary: 'Release a claimed task back to the group',
    who: 'the officer who holds it',
    body: noteSchema,
    bodyOptional: true,
  },
  {
    method: 'post',
    path: '/api/tasks/:id/transfer',
    summary: '转办: transfer the task to a colleague of the same department, who then decides it',
    who: 'its holder (or any officer of the department while nobody holds it)',
    body: handOverSchema,
  },
  {
    method: 'post',
    path: '/api/tasks/:id/delegate',
    summary: '委派: delegate the task to a colleague, who decides it on your behalf until you take it back',
    who: 'its holder (or any officer of the department while nobody holds it)',
    body: handOverSchema,
  },
  {
    method: 'post',
    path: '/api/tasks/:id/take-back',
    summary: '收回: take back a delegated task',
    who: 'the officer who delegated it',
    body: noteSchema,
    bodyOptional: true,
  },
  {
    method: 'post',
    path: '/api/tasks/:id/reassign',
    summary: 'Hand an open task to a named officer of its department',
    who: "the lead body of the task's stage",
    body: handOverSchema,
  },
  {
    method: 'post',
    path: '/api/tasks/:id/urge',
    summary:
      "催办: mail the task's department (or assignee) to act on it now (audited); 409 task_not_open for a decided or withdrawn task; 429 urged_recently within an hour of the last urge",
    who: "MOFCOM officers (any task); a province's lead department (its province's tasks)",
  },
  {
    method: 'post',
    path: '/api/tasks/:id/withdraw',
    summary: '撤回: withdraw your decision while the next step has not started; the task reopens',
    who: 'the officer who decided it (or who delegated it)',
    body: withdrawSchema,
  },
  {
    method: 'post',
    path: '/api/tasks/:id/attachments',
    summary: `Attach a file to an open task (raw body, ?name=<file name>; ${ATTACHMENT_TYPES.join(', ')}); a decision cites it by id`,
    who: 'whoever may decide the task',
    query: z.strictObject({ name: z.string().min(1).max(200) }),
    upload: true,
    created: true,
  },
  {
    method: 'get',
    path: '/api/attachments/:id',
    summary: "An attachment's bytes (header x-content-sha256), as the type found in them at upload",
    who: 'whoever may read its task, and its uploader',
    produces: Object.fromEntries(ATTACHMENT_TYPES.map((t) => [t, 'The file'])),
  },
  {
    method: 'get',
    path: '/api/experts',
    summary: 'The expert pool',
    who: 'MOFCOM officers, admin, national officers, auditors',
  },
  {
    method: 'post',
    path: '/api/experts',
    summary: 'Add an expert (wakes panels short of experts)',
    who: 'MOFCOM officers, admin',
    body: newExpertSchema,
    created: true,
  },
  {
    method: 'post',
    path: '/api/experts/:id/conflicts',
    summary: 'Declare a conflict of interest',
    who: 'the expert, MOFCOM officers, admin',
    body: conflictSchema,
    created: true,
  },
  {
    method: 'get',
    path: '/api/pilots/:id/timeline',
    summary: "The pilot's application's complete timeline (as /api/applications/:id/timeline)",
    who: "auditors, admins, national officers; provincial officers of its province without the expert review's people and individual scores",
    query: timelineQuery,
    produces: TIMELINE_MEDIA,
  },
  {
    method: 'get',
    path: '/api/pilots/:id',
    summary:
      "A pilot with its reports (a quarter's once it has begun), evaluations and schedule: [{quarter, dueAt}] of every quarter",
    who: 'as for its application',
  },
  {
    method: 'post',
    path: '/api/pilots/:id/reports/:quarter',
    summary: "A quarter's report",
    who: 'its applicant',
    body: quarterlyReportSchema([...CITY_TASKS.map((t) => t.code), ...ENTERPRISE_TASKS.map((t) => t.code)]),
  },
  {
    method: 'post',
    path: '/api/pilots/:id/major-reports',
    summary: 'A major-progress or major-problem report, delivered at once',
    who: 'its applicant',
    body: majorReportSchema,
    created: true,
  },
  {
    method: 'post',
    path: '/api/pilots/:id/evaluations/:stage/self-assessment',
    summary: 'The mid-term or final self-assessment',
    who: 'its applicant',
    body: selfAssessmentSchema,
  },
  {
    method: 'get',
    path: '/api/practices',
    summary:
      'The replicable practices pilots reported at their mid-term and final evaluations, newest first, with their review (status submitted | published | declined)',
    who: "the eight bodies' officers, auditors, admins; a province's officers, its pilots'",
    query: practiceListQuery,
  },
  {
    method: 'post',
    path: '/api/practices/:id/review',
    summary:
      'Publish a practice to the public library, or decline it, with a note → the practice; 409 already_reviewed once reviewed',
    who: "MOFCOM's officers",
    body: practiceReviewSchema,
  },
  {
    method: 'post',
    path: '/api/pilots/:id/incentives',
    summary:
      "Record support granted to the pilot (激励与政策支持: kind, note, grantedOn as a CST calendar day, not after today), by the recording officer's body or department; with an Idempotency-Key header a retry answers the first record. 409 pilot_ended for a removed pilot",
    who: "the eight bodies' officers; the provincial officers of the pilot's province",
    body: incentiveSchema,
    created: true,
  },
  {
    method: 'post',
    path: '/api/pilots/:id/removal',
    summary:
      'Propose to remove the pilot (取消试点资格) with its grounds and reason → {removalId}; the eight bodies countersign it (stage removalCountersign; an objection goes back to MOFCOM: removalRevision). 409 removal_in_progress while one is countersigned, pilot_ended once it has ended',
    who: "MOFCOM's officers",
    body: removalProposalSchema,
  },
  {
    method: 'post',
    path: '/api/applications/:id/title/revocation',
    summary:
      'Propose to revoke a demonstration title (撤销示范称号, 动态管理) with its grounds and reason → {reviewId}; the eight bodies countersign it (stage titleRevocationCountersign; an objection goes back to MOFCOM: titleRevocationRevision). 409 revocation_in_progress while a review or a revocation is under way, not_titled when the application holds no title',
    who: "MOFCOM's officers",
    body: titleRevocationSchema,
  },
];

const jsonSchema = (schema: z.ZodType) => z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' });
/** A body's JSON Schema, as the document gives it (api/bodyCheck.ts checks bodies against it). */
export const jsonSchemaOf = jsonSchema;
const ERROR = { $ref: '#/components/schemas/Error' };
const errorAnswer = (description: string) => ({ description, content: { 'application/json': { schema: ERROR } } });

/** The answers of an operation: its success, and every refusal it can give. */
function responses(op: Operation) {
  const ok = op.noContent
    ? { '204': { description: 'Done (no body)' } }
    : {
        [op.created ? '201' : '200']: {
          description: 'OK',
          content: Object.fromEntries(
            Object.entries(op.produces ?? { 'application/json': 'OK' }).map(([type]) => [
              type,
              { schema: type === 'application/json' ? {} : { type: 'string' } },
            ]),
          ),
        },
      };
  const takesBody = op.body !== undefined || op.upload;
  return {
    ...ok,
    '400': errorAnswer('Invalid input: each field named'),
    ...(op.open
      ? {}
      : { '401': errorAnswer('Not logged in, or the login has expired'), '403': errorAnswer('Not allowed') }),
    '404': errorAnswer('Not found'),
    '409': errorAnswer('Refused in the current state'),
    ...(takesBody
      ? { '413': errorAnswer(op.upload ? 'The file is larger than 10 MB' : 'The body is larger than 1 MB') }
      : {}),
    ...(op.unprocessable ? { '422': errorAnswer(op.unprocessable) } : {}),
    ...(op.throttled
      ? {
          '429': {
            ...errorAnswer('Too many attempts: try again after Retry-After seconds'),
            headers: { 'Retry-After': { required: true, schema: { type: 'integer', minimum: 1 } } },
          },
        }
      : {}),
    '431': { description: 'The request headers are too large (answered by Node.js itself, without a body)' },
    '503': op.unavailable
      ? { description: op.unavailable, content: { 'application/json': { schema: {} } } }
      : errorAnswer('A service the API needs (the database, Temporal) is unavailable; try again shortly'),
  };
}

export function openApiDocument(serverUrl: string) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of OPERATIONS) {
    const path = op.path.replace(/:(\w+)/g, '{$1}');
    const params = [...op.path.matchAll(/:(\w+)/g)].map(([, name]) => ({
      name,
      in: 'path',
      required: true,
      schema: { type: 'string' },
    }));
    const query = op.query
      ? (jsonSchema(op.query) as { properties?: Record<string, object>; required?: string[] })
      : undefined;
    const queryProps = Object.entries(query?.properties ?? {});
    paths[path] ??= {};
    paths[path][op.method] = {
      summary: op.summary,
      description: `Who: ${op.who}.`,
      ...(op.open ? { security: [] } : {}),
      parameters: [
        ...params,
        ...queryProps.map(([name, schema]) => ({
          name,
          in: 'query',
          required: query?.required?.includes(name) ?? false,
          schema,
        })),
      ],
      ...(op.body
        ? {
            requestBody: {
              required: !op.bodyOptional,
              content: { 'application/json': { schema: jsonSchema(op.body) } },
            },
          }
        : {}),
      ...(op.upload
        ? {
            requestBody: {
              required: true,
              content: Object.fromEntries(
                ATTACHMENT_TYPES.map((t) => [t, { schema: { type: 'string', format: 'binary' } }]),
              ),
            },
          }
        : {}),
      responses: responses(op),
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'pilotflow API',
      version: '1',
      description:
        '供应链创新与应用试点 — supply-chain innovation pilot programme. Answers in zh-CN unless Accept-Language: en.',
    },
    servers: [{ url: serverUrl }],
    security: [{ bearer: [] }],
    paths,
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
      schemas: {
        Error: {
          type: 'object',
          required: ['error'],
          properties: {
            error: {
              type: 'object',
              required: ['code', 'message'],
              properties: {
                code: { type: 'string' },
                message: { type: 'string' },
                applicationId: {
                  type: 'string',
                  description: 'already_declared: the application the applicant already has in the round',
                },
                fields: {
                  type: 'array',
                  items: {
                    type: 'object',
                    required: ['field', 'code', 'message'],
                    properties: { field: { type: 'string' }, code: { type: 'string' }, message: { type: 'string' } },
                  },
                },
              },
            },
          },
        },
      },
    },
  };
}
