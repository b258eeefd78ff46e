// Every patch() id of the workflow code, with what it changed. A workflow that started before a
// change replays the old branch; once no such workflow can still be running (the longest-lived,
// a pilot, runs two years plus its evaluations), the old branch is removed with deprecatePatch()
// and, one deploy later, the deprecatePatch call too.

/**
 * 2026-11-28: reminders and escalation chains on every task's due time (workflows/deadlines.ts),
 * replacing the bare overdue mark of provincial review, the replacement of an expert exactly at
 * the due time, the grading cut-off at the due time and the fixed late window of quarterly
 * reports; countersign, revision and compilation tasks, which had no due-time handling, get it.
 */
export const DEADLINE_ESCALATION = 'deadline-escalation';

/**
 * 2026-12-02: a message the SMTP server has accepted is marked sent by an activity of its own,
 * retried until the database answers, instead of inside the sending attempt — whose retry, while
 * the database was unreachable, sent the message again.
 */
export const MARK_SENT_APART = 'mark-sent-apart';

/**
 * 2026-12-02: a delivery workflow sends its event's mail in one activity (sendEventMail) instead
 * of one activity per message — about 19 activities fewer per application.
 */
export const MAIL_PER_EVENT = 'mail-per-event';

/**
 * 2026-12-02: a decision (the `decide` Update of provincial review, expert review, countersign and
 * grading) is recorded by a local activity in the workflow task that accepted it, instead of an
 * activity scheduled through the server (workflows/recordDecision.ts).
 */
export const DECISION_IN_TASK = 'decision-in-task';

/**
 * 2026-12-02: the selection's verdicts are signalled to the application workflows 500 at a time,
 * not all at once — more than 2,000 pending signals from one workflow are refused by the server.
 */
export const VERDICTS_IN_BATCHES = 'verdicts-in-batches';

/**
 * 2026-12-06: every workflow of a case carries its business key as search attributes (application
 * id, applicant, province, round, stage) and a memo saying the same in words (workflows/
 * searchAttributes.ts): children are started with them (application → provincial review, expert
 * review, pilot; pilot → quarterly reports, evaluations), and the application and selection
 * workflows upsert their stage as they move on (upsertSearchAttributes, upsertMemo).
 */
export const SEARCH_ATTRIBUTES = 'search-attributes';

/**
 * 2026-12-06: a quarter's QuarterlyReport row is written by its own report workflow when it begins
 * (openQuarter), not all eight at the pilot's start; the report Update waits for the row. Before,
 * a report sent between the row and its workflow was refused, and future quarters looked due.
 */
export const QUARTER_ROW_BY_ITS_WORKFLOW = 'quarter-row-by-its-workflow';

/**
 * 2026-12-06: a verdict the selection cannot signal is let go only when its application's workflow
 * has ended (failure type ExternalWorkflowExecutionNotFound); any other failure is tried again five
 * times, a minute apart and doubling, and then fails the selection — before, every failure was
 * logged and the verdict lost.
 */
export const VERDICT_FAILURE_BY_TYPE = 'verdict-failure-by-type';

/**
 * 2026-12-06: an application its province's joint review approves is not forwarded alone: it joins
 * the province's recommendation of the round (workflows/recommendation.ts) and is forwarded, with
 * its place in the ranked list, only when the recommendation is sent — or ends not recommended.
 */
export const PROVINCIAL_RECOMMENDATION = 'provincial-recommendation';

/**
 * 2026-12-06: a central enterprise that chooses a State Council department's route (its submission
 * names the department) is reviewed by that department (workflows/ministryReview.ts) before it
 * reaches MOFCOM; one without a route still declares directly, as before.
 */
export const CENTRAL_RECOMMENDATION = 'central-recommendation';

/**
 * 2026-12-06: MOFCOM may propose to remove a pilot (proposeRemoval Update on the pilot's workflow;
 * a mid-term "fail" proposes it by itself); the eight bodies countersign it in a child workflow
 * (workflows/removal.ts), and on their consent the pilot's reports and evaluations, run in one
 * cancellation scope, are cancelled. The application then ends `removed`.
 */
export const PILOT_REMOVAL = 'pilot-removal';

/**
 * 2026-12-06: before the bodies grade, the pilot's province's commerce department gives its opinion
 * on the evaluation (stage evaluationOpinion; notice §五(一)); silent to the end of its chain, the
 * bodies grade without it. The replicable practice is kept at mid-term too, for 总结推广.
 */
export const EVALUATION_OPINION = 'evaluation-opinion';

/**
 * 2026-12-06: at a mid-term whose round has an appointed third-party evaluator (第三方评估机构, as in
 * 2019), the workflow reads and records the appointment, and after the self-assessment, before the
 * province's opinion, the evaluator reports (stage evaluationThirdParty); silent to the end of its
 * chain, the bodies grade without it.
 */
export const THIRD_PARTY_EVALUATION = 'third-party-evaluation';

/**
 * 2026-12-06: in a demonstration round (RoundConfig.demonstration) an application its selection
 * selects is awarded the title at once (认定: action title_awarded, status titled) and no pilot
 * starts; before, it was told "selected as a pilot for two years" and a pilot ran.
 */
export const DEMONSTRATION_TITLE = 'demonstration-title';

/**
 * 2026-12-06: a demonstration title lives on after 认定 in a child workflow (workflows/title.ts): MOFCOM
 * reviews it every `demonstration.reviewDays` (confirm, or revoke) and may propose its revocation at any
 * time; the eight bodies countersign a revocation (workflows/removal.ts, subject "title"), and the
 * application then ends `revoked`. Before, the application's workflow ended at the title.
 */
export const TITLE_REVIEW = 'title-review';

/**
 * 2026-12-07: an application's status transitions (workflows/application.ts, expertReview.ts) and
 * the provincial joint review's tasks are written by local activities inside the workflow task
 * that needs them (workflows/writesInTask.ts), instead of activities scheduled through the server:
 * about 5 history events fewer each, and the submission's answer no longer waits for a second task.
 */
export const WRITES_IN_TASK = 'writes-in-task';

/**
 * 2026-12-07, later: WRITES_IN_TASK is undone for workflows started from now on. A workflow task
 * replayed from the start (a worker restarted, an evicted cache, a task timed out on a busy machine)
 * ordered the submission's Update completion and the stage's search-attribute upsert differently
 * from the run that wrote the history: a nondeterminism error, and the application stood still.
 * Workflows that took WRITES_IN_TASK keep it; these write through scheduled activities again.
 */
export const WRITES_SCHEDULED = 'writes-scheduled';

/**
 * 2026-12-08: a round of the provincial joint review runs inside the application's own workflow
 * (provincialReviewInApplication), not as its child: the parties' decide and desk Updates go to the
 * application's workflow, the round keeps its event keys. One workflow, its start and completion,
 * and three patch markers fewer per round.
 */
export const REVIEW_IN_APPLICATION = 'review-in-application';
