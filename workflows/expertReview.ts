// Expert review (专家评审, notice §四(三)): a panel of experts scores the application against the
// round's rubric. Each seat is filled by the next eligible expert until one scores: an expert who
// declines, or does not score by the due time, is replaced. Too few eligible experts is a visible
// state for MOFCOM, retried when the pool changes. The panel's scores become the application's.
// In a round that assigns experts in batches (expertReview.assignment 'batch'), the review first
// waits for MOFCOM's panel (the assignPanel Update, usecases/expertAssignment.ts) and seats it;
// replacements then follow the one-by-one rule. Only such rounds' workflows wait: a history
// without the setting (every one from before batches) runs, and replays, exactly as before.
import {
  allHandlersFinished,
  condition,
  patched,
  proxyActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type { Activities } from '../activities';
import { aggregatePanel, validateScores, weightedScore } from '../domain/expertReview';
import { keepsExpertPool } from '../domain/actorRules';
import { decisionRefusal } from '../domain/stages';
import { DEFAULT_DEADLINES } from '../domain/deadlines';
import { PERSIST } from './activityOptions';
import { answerOf, decisionRecorder } from './recordDecision';
import { transitionRecorder } from './writesInTask';
import { dueAfter } from './dueTime';
import { chaseTasks, type Chase } from './deadlines';
import { DEADLINE_ESCALATION } from './patches';
import {
  assignPanelUpdate,
  decideUpdate,
  expertPoolChangedSignal,
  expertReviewStateQuery,
  expertTaskPrefix,
  type Actor,
  type AssignPanelInput,
  type AssignPanelResult,
  type ExpertReviewInput,
  type ExpertReviewResult,
} from '../shared/definitions';
import { refuse } from './refuse';

const { assignExperts, expireExpertTask, withdrawOpenTasks } = proxyActivities<Activities>(PERSIST);

/** How often a panel that lacks eligible experts looks at the pool again, besides on every change. */
const POOL_RETRY_MS = 24 * 3600 * 1000;

interface Seat {
  taskId: string;
  expertId: string;
  userId: string;
  dueAt: number;
  /** the seat's deadline chain (escalating workflows only) */
  chase?: Chase;
  /** its chain reached the default rule: the expert is replaced on the next pass */
  expired?: boolean;
}

export async function expertReviewWorkflow(input: ExpertReviewInput): Promise<ExpertReviewResult> {
  const { workflowId } = workflowInfo();
  const { applicationId, config, rubric } = input;
  // Before escalation chains, an expert was replaced exactly at the due time (see patches.ts).
  const escalating = patched(DEADLINE_ESCALATION);
  const recordDecision = decisionRecorder();
  const recordTransition = transitionRecorder();
  const policy = input.deadline ?? DEFAULT_DEADLINES.expertReview;
  let stageEndsAt = (await dueAfter(input.dayCount, config.stageDays)).at;
  const seats = new Map<string, Seat>(); // open scoring tasks, by task id
  const everAssigned: string[] = [];
  const decided = new Set<string>();
  const deciding = new Set<string>();
  const totals: number[] = [];
  let missing = 0;
  let assigning = false; // tasks are visible in the database a moment before the workflow has their seats
  let changed = false;
  let closed = false;
  let seq = 0;
  let batchPanel: AssignPanelInput | undefined; // a batch round's panel, once MOFCOM has sent it
  let panelSeated: AssignPanelResult['assigned'] | undefined;

  const transition = (
    action: string,
    toStatus: 'expert_assignment_pending' | 'expert_review' | 'expert_panel_short' | 'scored',
    extra: { score?: number; actor?: Actor; detail?: Record<string, unknown> } = {},
  ) => recordTransition({ applicationId, eventKey: `${workflowId}#${++seq}`, action, toStatus, ...extra });

  setHandler(expertReviewStateQuery, () => ({
    scored: totals.length,
    scoring: seats.size,
    missingExperts: missing,
    stageEndsAt: new Date(stageEndsAt).toISOString(),
  }));
  setHandler(expertPoolChangedSignal, () => {
    changed = true;
  });
  setHandler(
    decideUpdate,
    async ({ taskId, decision, reason, payload, actor }) => {
      deciding.add(taskId);
      try {
        await condition(() => !assigning);
        const seat = seats.get(taskId);
        if (!seat || closed) throw refuse('review_closed');
        if (actor.userId !== seat.userId) throw refuse('not_your_task');
        if (decision === 'score') {
          const scores = (validateScores(rubric, payload?.scores) as { scores: Record<string, number> }).scores;
          const total = weightedScore(rubric, scores);
          await recordDecision({
            applicationId,
            taskId,
            decision,
            actor,
            result: { scores, total, comments: payload?.comments },
          });
          totals.push(total);
        } else {
          await recordDecision({ applicationId, taskId, decision, reason, actor });
        }
        decided.add(taskId);
        seats.get(taskId)?.chase?.cancel();
        seats.delete(taskId);
        changed = true;
      } finally {
        deciding.delete(taskId);
      }
      return answerOf(taskId, decision);
    },
    {
      validator: ({ taskId, decision, reason, payload, actor }) => {
        if (decided.has(taskId) || deciding.has(taskId)) throw refuse('already_decided');
        const seat = seats.get(taskId);
        // A task of this panel whose assignment is still being recorded is checked again in the handler.
        const beingAssigned = assigning && taskId.startsWith(expertTaskPrefix(applicationId));
        if (closed || (!seat && !beingAssigned)) throw refuse('review_closed');
        if (actor?.role !== 'expert' || (seat && actor.userId !== seat.userId)) throw refuse('not_your_task');
        if (decision === 'score') {
          const check = validateScores(rubric, payload?.scores);
          if (!check.ok)
            throw refuse(
              'invalid_input',
              check.problems.map((p) => ({ field: p.field, code: 'invalid_value', message: { zh: p.zh, en: p.en } })),
            );
        } else {
          const wrong = decisionRefusal('expertReview', decision, reason);
          if (wrong) throw refuse('invalid_input', [wrong]);
        }
      },
    },
  );

  setHandler(
    assignPanelUpdate,
    async (sent) => {
      batchPanel = sent;
      await condition(() => panelSeated !== undefined);
      return { assigned: panelSeated! };
    },
    {
      validator: ({ expertIds, actor }) => {
        if (!keepsExpertPool(actor)) throw refuse('forbidden');
        if (config.assignment !== 'batch' || batchPanel) throw refuse('panel_not_awaited');
        if (
          !Array.isArray(expertIds) ||
          expertIds.length !== config.panelSize ||
          new Set(expertIds).size !== expertIds.length ||
          expertIds.some((id) => typeof id !== 'string' || !id)
        ) {
          throw refuse('invalid_input', [
            {
              field: 'expertIds',
              code: 'invalid_value',
              message: {
                zh: `应为 ${config.panelSize} 名不重复的专家`,
                en: `Must name ${config.panelSize} distinct experts`,
              },
            },
          ]);
        }
        if (!actor?.userId)
          throw refuse('invalid_input', [
            {
              field: 'actor',
              code: 'required',
              message: { zh: '必须注明分配人', en: 'Who assigns the panel is required' },
            },
          ]);
      },
    },
  );

  if (config.assignment === 'batch') await seatBatchPanel();
  else
    await transition('expert_review_started', 'expert_review', {
      detail: { panelSize: config.panelSize, quorum: config.quorum },
    });
  for (;;) {
    // Fill the empty seats.
    const wanted = config.panelSize - totals.length - seats.size;
    if (wanted > 0) {
      const assigned = await openSeats(wanted);
      const nowMissing = wanted - assigned.length;
      if (nowMissing !== missing) {
        missing = nowMissing;
        await transition(
          missing > 0 ? 'expert_panel_short' : 'expert_panel_complete',
          missing > 0 ? 'expert_panel_short' : 'expert_review',
          { detail: { missing } },
        );
      }
    }
    if (totals.length >= config.panelSize) break;
    if (Date.now() >= stageEndsAt && totals.length >= config.quorum) break;

    // Wait for a decision, a pool change, the next due time, or the stage's end (once a quorum has scored).
    const wakeAt = Math.min(
      ...(escalating ? [] : [...seats.values()].map((s) => s.dueAt)),
      missing > 0 ? Date.now() + POOL_RETRY_MS : Infinity,
      totals.length >= config.quorum ? stageEndsAt : Infinity,
    );
    changed = false;
    if (wakeAt === Infinity) await condition(() => changed);
    else await condition(() => changed, Math.max(wakeAt - Date.now(), 1));

    // An expert who has not scored in time is replaced on the next pass.
    for (const seat of [...seats.values()]) {
      if ((escalating ? seat.expired : seat.dueAt <= Date.now()) && !deciding.has(seat.taskId)) {
        seats.delete(seat.taskId);
        await expireExpertTask({ applicationId, taskId: seat.taskId });
      }
    }
  }

  closed = true;
  for (const seat of seats.values()) seat.chase?.cancel();
  await condition(() => deciding.size === 0);
  if (seats.size > 0)
    await withdrawOpenTasks({ applicationId, workflowId, reason: 'expert review closed with a quorum' });
  const panel = aggregatePanel(totals, config.outlierPoints);
  await transition('scored', 'scored', {
    score: panel.score,
    detail: { totals, used: panel.used, outliers: panel.outliers },
  });
  await condition(allHandlersFinished);
  return { score: panel.score, totals, outliers: panel.outliers };

  /**
   * Opens scoring tasks for `count` experts — those named (a batch's panel), or else the next
   * eligible ones — and seats them with their due time and deadline chain.
   */
  async function openSeats(count: number, expertIds?: string[]): Promise<AssignPanelResult['assigned']> {
    const dueAt = (await dueAfter(input.dayCount, config.scoringDays)).at;
    assigning = true;
    const assigned = await assignExperts({
      applicationId,
      workflowId,
      eventKey: `${workflowId}#assign${++seq}`,
      count,
      exclude: everAssigned,
      ...(expertIds ? { expertIds } : {}),
      dueAt: new Date(dueAt).toISOString(),
    });
    for (const a of assigned) {
      const seat: Seat = { ...a, dueAt };
      seats.set(a.taskId, seat);
      if (escalating) seat.chase = chaseSeat(seat);
      everAssigned.push(a.expertId);
    }
    assigning = false;
    return assigned;
  }

  /**
   * A batch round: the application waits, visibly, for MOFCOM's panel; the review's clock starts
   * when the panel is seated. A named expert the activity had to skip leaves a seat that the
   * loop's first pass fills by the one-by-one rule.
   */
  async function seatBatchPanel() {
    await transition('expert_assignment_awaited', 'expert_assignment_pending', {
      detail: { panelSize: config.panelSize, quorum: config.quorum, maxSameBody: config.maxSameBody },
    });
    await condition(() => batchPanel !== undefined);
    const { batchId, expertIds, actor } = batchPanel!;
    stageEndsAt = (await dueAfter(input.dayCount, config.stageDays)).at;
    const assigned = await openSeats(expertIds.length, expertIds);
    await transition('expert_review_started', 'expert_review', {
      actor,
      detail: { panelSize: config.panelSize, quorum: config.quorum, batchId, seated: assigned.length },
    });
    panelSeated = assigned;
  }

  /** A seat's reminder and escalations; its default rule ('replace') frees the seat for the next expert. */
  function chaseSeat(seat: Seat): Chase {
    return chaseTasks({
      stage: 'expertReview',
      ids: { applicationId },
      keyPrefix: seat.taskId,
      dueAt: new Date(seat.dueAt).toISOString(),
      policy,
      open: () => (seats.get(seat.taskId) === seat && !closed && !deciding.has(seat.taskId) ? [seat.taskId] : []),
      applyDefault: () => {
        if (policy.defaultRule !== 'replace') return;
        seat.expired = true;
        changed = true;
      },
    });
  }
}
