// Opening a round's selection (MOFCOM, once expert review has closed) and reading it.
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { LEAD_BODY } from '../domain/bodies';
import { DomainError } from '../domain/errors';
import { SELECTION_STATUS_LABELS } from '../domain/publicNotice';
import { declarationPhase, workingDaysOf } from '../domain/round';
import type { Proposal } from '../domain/selection';
import { roundConfigSchema } from '../domain/roundSchema';
import type { selectionWorkflow } from '../workflows/selection';
import { selectionWorkflowId } from '../shared/definitions';
import { caseTagOptions } from '../shared/searchAttributes';
import { actorOf } from './access';
import type { CurrentUser, UseCaseDeps } from './context';
import { noticeOf, seesFilerContact } from './objections';
import { taskView } from './views';

/** Statuses of an application that has not yet finished expert review. */
const BEFORE_SELECTION = [
  'provincial_review',
  'returned',
  'recommending',
  'ministry_review',
  'forwarded',
  'expert_assignment_pending',
  'expert_review',
  'expert_panel_short',
];

export async function openSelection(deps: UseCaseDeps, user: CurrentUser, roundId: string) {
  if (user.role !== 'national_officer' || user.departmentId !== LEAD_BODY) throw new DomainError('forbidden');
  const round = await deps.db.round.findUnique({ where: { id: roundId } });
  if (!round) throw new DomainError('not_found');
  const now = deps.now?.() ?? new Date();
  const inReview = await deps.db.application.count({ where: { roundId, status: { in: BEFORE_SELECTION } } });
  const declaring = declarationPhase(round, now) !== 'closed';
  if (declaring || inReview > 0) {
    throw new DomainError('selection_not_ready', undefined, {
      zh: `不能开始遴选：${declaring ? '申报尚未截止；' : ''}${inReview} 份申报仍在审核中`,
      en: `Selection cannot open: ${declaring ? 'declarations are still open; ' : ''}${inReview} application(s) still in review`,
    });
  }
  const config = roundConfigSchema.parse(round.config);
  try {
    await deps.temporal.workflow.start<typeof selectionWorkflow>('selectionWorkflow', {
      workflowId: selectionWorkflowId(roundId),
      taskQueue: deps.taskQueue,
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
      ...caseTagOptions({ roundId }, 'selection'),
      args: [
        {
          roundId,
          config: config.selection,
          openedBy: actorOf(user),
          deadlines: {
            selectionCountersign: config.deadlines.selectionCountersign,
            selectionRevision: config.deadlines.selectionRevision,
          },
          ...workingDaysOf(config),
          ...(config.publicNotice ? { publicNotice: config.publicNotice } : {}),
        },
      ],
    });
  } catch (err) {
    if (err instanceof WorkflowExecutionAlreadyStartedError) throw new DomainError('selection_already_open');
    throw err;
  }
  return { roundId, workflowId: selectionWorkflowId(roundId) };
}

export async function getSelection(deps: UseCaseDeps, user: CurrentUser, roundId: string) {
  if (user.role === 'applicant' || user.role === 'expert' || user.role === 'evaluator')
    throw new DomainError('forbidden');
  const selection = await deps.db.selection.findUnique({ where: { roundId } });
  if (!selection) throw new DomainError('not_found');
  // Only the selection's own tasks: the round's other tasks (a province's compilation) are not the reader's.
  const tasks = await deps.db.task.findMany({
    where: { roundId, stage: { in: ['selectionCountersign', 'selectionRevision'] } },
    orderBy: [{ reviewRound: 'asc' }, { id: 'asc' }],
  });
  // The listed applicants by name, so the countersigning bodies read the list they sign (no expert is named).
  const proposal = selection.proposal as unknown as Partial<Proposal>;
  const entries = [...(proposal.city ?? []), ...(proposal.enterprise ?? [])];
  const listed = await deps.db.application.findMany({
    where: { id: { in: entries.map((e) => e.applicationId) } },
    select: { id: true, kind: true, provinceCode: true, organization: { select: { name: true } } },
  });
  return {
    ...selection,
    statusLabel: SELECTION_STATUS_LABELS[selection.status],
    applicants: listed.map((a) => ({
      applicationId: a.id,
      name: a.organization.name,
      kind: a.kind,
      provinceCode: a.provinceCode,
    })),
    tasks: tasks.map(taskView),
    notice: await noticeOf(deps, roundId, selection.status, seesFilerContact(user)),
  };
}
