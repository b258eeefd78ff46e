// An application's (and its pilot's) complete timeline for auditors: the audit records with their
// hash chain, the mail sent about it, and the event history of each of its workflows — from the
// Temporal server, or from the archive once retention has removed it there — merged by time.
// Officers' Updates (and the one signal a person causes, a change of the expert pool) carry the
// actor in their arguments, so the workflow events answer "who" too.
import { defaultPayloadConverter } from '@temporalio/common';
import { tsToDate } from '@temporalio/common/lib/time';
import { temporal } from '@temporalio/proto';
import { DomainError } from '../domain/errors';
import { localActivityOf } from '../platform/localActivityMarker';
import { loadHistory, type History } from '../platform/historyStore';
import {
  applicationWorkflowId,
  evaluationWorkflowId,
  expertReviewWorkflowId,
  pilotWorkflowId,
  quarterlyReportWorkflowId,
  type Actor,
} from '../shared/definitions';
import { canReadApplication } from './access';
import { audienceOf, expertIdentities, isUnsubmittedDraft, namesAnExpert, visibleRecords } from './visibility';
import type { CurrentUser, UseCaseDeps } from './context';

const EventType = temporal.api.enums.v1.EventType;
type HistoryEvent = temporal.api.history.v1.IHistoryEvent;

interface ActionArg {
  actor?: Actor;
  taskId?: string;
  decision?: string;
  action?: string;
  reason?: string;
}

const actorSummary = (arg: ActionArg | undefined) =>
  arg?.actor ? { username: arg.actor.username, role: arg.actor.role, departmentId: arg.actor.departmentId } : undefined;

/** The events that tell the story; workflow-task bookkeeping is counted, not listed. */
function summarise(e: HistoryEvent): Record<string, unknown> | undefined {
  const decode = (p: temporal.api.common.v1.IPayloads | null | undefined) =>
    (p?.payloads ?? []).map((x) => defaultPayloadConverter.fromPayload(x));
  const name = EventType[e.eventType ?? 0]?.replace(/^EVENT_TYPE_/, '') ?? String(e.eventType);
  const base = { eventId: Number(e.eventId), at: e.eventTime ? tsToDate(e.eventTime) : null, type: name };
  switch (e.eventType) {
    case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED:
      return { ...base, workflowType: e.workflowExecutionStartedEventAttributes?.workflowType?.name };
    case EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED:
      return { ...base, activity: e.activityTaskScheduledEventAttributes?.activityType?.name };
    case EventType.EVENT_TYPE_ACTIVITY_TASK_FAILED:
      return { ...base, failure: e.activityTaskFailedEventAttributes?.failure?.message };
    case EventType.EVENT_TYPE_TIMER_STARTED:
      return {
        ...base,
        timer: e.timerStartedEventAttributes?.timerId,
        seconds: Number(e.timerStartedEventAttributes?.startToFireTimeout?.seconds ?? 0),
      };
    case EventType.EVENT_TYPE_TIMER_FIRED:
    case EventType.EVENT_TYPE_TIMER_CANCELED:
      return base;
    case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED: {
      const request = e.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest;
      const [arg] = decode(request?.input?.args) as [ActionArg | undefined];
      return {
        ...base,
        update: request?.input?.name,
        actor: actorSummary(arg),
        taskId: arg?.taskId,
        decision: arg?.decision ?? arg?.action,
        reason: arg?.reason,
      };
    }
    case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED: {
      const attrs = e.workflowExecutionSignaledEventAttributes;
      const [arg] = decode(attrs?.input) as [ActionArg | undefined];
      return { ...base, signal: attrs?.signalName, actor: actorSummary(arg) };
    }
    case EventType.EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_INITIATED:
      return { ...base, child: e.startChildWorkflowExecutionInitiatedEventAttributes?.workflowId };
    case EventType.EVENT_TYPE_MARKER_RECORDED:
      return {
        ...base,
        marker: e.markerRecordedEventAttributes?.markerName,
        activity: localActivityOf(e.markerRecordedEventAttributes)?.type,
      };
    case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED:
    case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_FAILED:
    case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_TERMINATED:
    case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW:
    case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_COMPLETED:
    case EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED:
    case EventType.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_COMPLETED:
      return base;
    default:
      return undefined;
  }
}

function workflowView(
  workflowId: string,
  stored: { runId: string; type: string; status: string; source: string; history: History },
) {
  const all = stored.history.events ?? [];
  const events = all.map(summarise).filter((e): e is Record<string, unknown> => e !== undefined);
  return {
    workflowId,
    runId: stored.runId,
    type: stored.type,
    status: stored.status,
    source: stored.source,
    eventCount: all.length,
    events,
  };
}

/**
 * Who may read the timeline: the application's officers (as for the application), auditors and
 * admins. National officers, auditors and admins read all of it; a provincial officer reads it
 * without the expert review's people and individual scores (usecases/visibility.ts): not its
 * workflow's history (whose Updates carry each expert's scores), not the records or mail naming an
 * expert, and the panel's totals not at all — what was withheld is counted in `withheld`.
 */
function mayAudit(user: CurrentUser) {
  return (
    user.role === 'auditor' ||
    user.role === 'admin' ||
    user.role === 'provincial_officer' ||
    user.role === 'national_officer'
  );
}

export async function applicationTimeline(deps: UseCaseDeps, user: CurrentUser, applicationId: string) {
  const app = await deps.db.application.findUnique({
    where: { id: applicationId },
    include: {
      pilot: { include: { reports: { select: { quarter: true } }, evaluations: { select: { stage: true } } } },
      tasks: {
        select: { id: true, stage: true, departmentId: true, assigneeId: true, decidedById: true, workflowId: true },
      },
    },
  });
  if (!app) throw new DomainError('not_found');
  // a never-submitted draft is not part of any process: it has no timeline (404 to all)
  if (isUnsubmittedDraft(app)) throw new DomainError('not_found');
  if (!mayAudit(user) || !canReadApplication(user, app)) throw new DomainError('forbidden');
  const audience = audienceOf(user);
  if (audience !== 'full' && audience !== 'provincial') throw new DomainError('forbidden');
  const experts = await expertIdentities(deps.db, app.tasks);

  const [allRecords, allMail] = await Promise.all([
    deps.db.auditEvent.findMany({ where: { applicationId }, orderBy: { id: 'asc' } }),
    deps.db.notification.findMany({
      where: { applicationId },
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
      select: {
        id: true,
        eventKey: true,
        event: true,
        recipientId: true,
        email: true,
        status: true,
        attempts: true,
        createdAt: true,
        sentAt: true,
        lastError: true,
      },
    }),
  ]);
  const records = visibleRecords(audience, allRecords, experts).map(({ entry, detail, redacted }) => ({
    ...entry,
    detail: detail as typeof entry.detail,
    redacted,
  }));
  const mail = allMail
    .filter((m) => audience === 'full' || !(experts.userIds.has(m.recipientId) || namesAnExpert(m, experts)))
    .map(({ recipientId: _recipient, ...m }) => m);
  const expertWorkflow = expertReviewWorkflowId(applicationId);
  const workflowIds = [
    applicationWorkflowId(applicationId),
    // rounds run as workflows of their own before REVIEW_IN_APPLICATION; since, inside the application's
    ...reviewRoundWorkflows(app.tasks, applicationId),
    ...(audience === 'full' ? [expertWorkflow] : []),
    ...(app.pilot
      ? [
          pilotWorkflowId(applicationId),
          ...app.pilot.reports.map((r) => quarterlyReportWorkflowId(applicationId, r.quarter)).sort(),
          ...app.pilot.evaluations
            .map((e) => evaluationWorkflowId(applicationId, e.stage as 'midterm' | 'final'))
            .sort(),
        ]
      : []),
  ];
  const loaded = await Promise.all(
    workflowIds.map(async (id) => ({ id, stored: await loadHistory(deps.temporal, deps.db, id) })),
  );
  const workflows = loaded
    .filter((l) => l.stored)
    .map((l) => workflowView(l.id, l.stored!))
    .map((w) => (audience === 'full' ? w : { ...w, events: w.events.filter((e) => !namesAnExpert(e, experts)) }));

  const auditEntries = records.map((r) => ({
    id: String(r.id),
    at: r.at,
    actor: (r.detail as { actor?: string } | null)?.actor ?? (r.actorId ? r.actorId : 'system'),
    actorRole: r.actorRole ?? 'system',
    action: r.action,
    fromStatus: r.fromStatus,
    toStatus: r.toStatus,
    taskId: r.taskId,
    reason: r.reason,
    detail: r.detail,
    chainKey: r.chainKey,
    seq: r.seq,
    prevHash: r.prevHash,
    hash: r.hash,
    // which audit key made the hash (platform/auditChain.ts: keys rotate; the id says which verifies it)
    keyId: r.keyId,
    // the detail shown is not the one hashed: this record's hash cannot be checked from this view
    ...(r.redacted ? { redacted: true } : {}),
  }));
  const merged = [
    ...auditEntries.map((r) => ({ at: r.at, source: 'audit', what: r.action, who: r.actor, ref: r.id })),
    ...mail.map((m) => ({
      at: m.sentAt ?? m.createdAt,
      source: 'mail',
      what: `${m.event} → ${m.email} (${m.status})`,
      who: 'system',
      ref: m.id,
    })),
    ...workflows.flatMap((w) =>
      w.events.map((e) => ({
        at: e.at as Date,
        source: 'workflow',
        what: `${w.type} #${e.eventId} ${e.type}${e.update ? ` ${e.update}` : e.activity ? ` ${e.activity}` : e.signal ? ` ${e.signal}` : ''}`,
        who: (e.actor as { username?: string } | undefined)?.username ?? null,
        ref: `${w.workflowId}#${e.eventId}`,
      })),
    ),
  ].sort((a, b) => new Date(a.at).getTime() - new Date(b.at).getTime());
  const withheld =
    audience === 'full'
      ? undefined
      : {
          records: allRecords.length - records.length,
          mail: allMail.length - mail.length,
          workflows: [expertWorkflow],
        };
  return {
    applicationId,
    status: app.status,
    records: auditEntries,
    mail,
    workflows,
    timeline: merged,
    ...(withheld ? { withheld } : {}),
  };
}

const CSV_COLUMNS = [
  'id',
  'at',
  'chainKey',
  'seq',
  'actor',
  'actorRole',
  'action',
  'fromStatus',
  'toStatus',
  'taskId',
  'reason',
  'detail',
  'prevHash',
  'hash',
] as const;

/** The audit records as CSV (RFC 4180), cells a spreadsheet would run as formulas defused. */
export function auditCsv(records: Awaited<ReturnType<typeof applicationTimeline>>['records']): string {
  const cell = (value: unknown) => {
    let text =
      value === null || value === undefined
        ? ''
        : value instanceof Date
          ? value.toISOString()
          : typeof value === 'object'
            ? JSON.stringify(value)
            : String(value);
    if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
    return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  return (
    [CSV_COLUMNS.join(','), ...records.map((r) => CSV_COLUMNS.map((c) => cell(r[c])).join(','))].join('\r\n') + '\r\n'
  );
}

/** The joint review rounds that ran as workflows of their own, in order: their tasks name them. */
function reviewRoundWorkflows(tasks: { stage: string; workflowId: string }[], applicationId: string): string[] {
  const own = applicationWorkflowId(applicationId);
  const ids = tasks.filter((t) => t.stage === 'provincialReview' && t.workflowId !== own).map((t) => t.workflowId);
  return [...new Set(ids)].sort();
}
