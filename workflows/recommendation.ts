// A province's recommendation to MOFCOM (地方择优推荐, notice §四(一)(二)): started by the first
// application its joint review approves. The commerce department ranks the approved applications
// and says why; the six other parties countersign — a return sends it back to be revised, a reject
// ends it — and once all sign, every approved application learns its place or that it was not
// recommended. Applications approved after that make a supplementary recommendation.
import { allHandlersFinished, condition, proxyActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import type { Activities } from '../activities';
import { DEFAULT_DEADLINES } from '../domain/deadlines';
import { LEAD_PARTY, PARTY_CODES, provincialDepartmentId, type PartyCode } from '../domain/parties';
import { reviewOutcome, type PartyDecision, type ReviewDecision } from '../domain/provincialReview';
import { rankingRefusal, recommendationVerdicts, type Approved, type Ranking } from '../domain/recommendation';
import { decisionRefusal } from '../domain/stages';
import { PERSIST } from './activityOptions';
import { chaseTasks } from './deadlines';
import { openDesk } from './desk';
import { dueAfter } from './dueTime';
import { answerOf, decisionRecorder } from './recordDecision';
import { refuse } from './refuse';
import { tellApplication } from './tellApplication';
import {
  approvedForRecommendationSignal,
  decideUpdate,
  recommendationCountersignTaskId,
  recommendationId,
  recommendationOutcomeSignal,
  recommendationSentKey,
  recommendationStateQuery,
  recommendTaskId,
  SYSTEM_ACTOR,
  type RecommendationInput,
  type RecommendationState,
} from '../shared/definitions';

const { openTasks, saveRecommendation, withdrawOpenTasks } = proxyActivities<Activities>(PERSIST);

/** The parties that countersign what the commerce department drafts. */
const COSIGNERS = PARTY_CODES.filter((p) => p !== LEAD_PARTY);
/** How long a sent recommendation waits for late approvals before its workflow ends. */
const SUPPLEMENT_WINDOW = '30 days';
const CONSENT_REASON = '逾期未会签，视为同意 / Not countersigned by the due time: consent taken by the default rule';

type Phase = RecommendationState['phase'];

export async function recommendationWorkflow(input: RecommendationInput): Promise<{ sent: string[] }> {
  const { workflowId, runId } = workflowInfo();
  const recordDecision = decisionRecorder();
  const { roundId, provinceCode } = input;
  const lead = provincialDepartmentId(provinceCode, LEAD_PARTY);
  const sent: string[] = [];
  /** approved applications waiting for this recommendation; those arriving after it was sent wait for the next */
  let approved: Approved[] = [];
  let waiting: Approved[] = [];
  let batch = 0;
  let id = '';
  let version = 0;
  let phase: Phase = 'drafting';
  let draft: { ranking: Ranking; reason: string } | undefined;
  let decisions: PartyDecision[] = [];
  const deciding = new Set<string>();

  setHandler(approvedForRecommendationSignal, (a) => {
    const known = [...approved, ...waiting].some((x) => x.applicationId === a.applicationId);
    if (known) return;
    if (phase === 'drafting' && id && !draft) approved.push(a);
    else waiting.push(a);
  });
  setHandler(recommendationStateQuery, () => ({
    recommendationId: id,
    phase,
    version,
    approved,
    ranking: draft?.ranking,
  }));

  const partyOf = (taskId: string) =>
    phase === 'countersign'
      ? COSIGNERS.find((p) => recommendationCountersignTaskId(id, version, p) === taskId)
      : undefined;
  const isDecided = (party: PartyCode) => decisions.some((d) => d.party === party);
  const outcome = () => reviewOutcome(COSIGNERS, decisions);
  const desk = openDesk(
    { roundId },
    {
      task: (taskId) => {
        if (taskId === recommendTaskId(id, version)) {
          const state = phase !== 'drafting' ? 'decided' : deciding.has(taskId) ? 'busy' : draft ? 'decided' : 'open';
          return { departmentId: lead, provinceCode, state };
        }
        const party = partyOf(taskId);
        if (!party) return undefined;
        const state =
          outcome().kind !== 'pending'
            ? 'closed'
            : deciding.has(taskId)
              ? 'busy'
              : isDecided(party)
                ? 'decided'
                : 'open';
        return { departmentId: provincialDepartmentId(provinceCode, party), provinceCode, state };
      },
      lock: (taskId) => deciding.add(taskId),
      unlock: (taskId) => deciding.delete(taskId),
      // A party's consent may be taken back until the countersign ends; the draft, once countersigning began, may not.
      withdrawable: (taskId) => (partyOf(taskId) && outcome().kind === 'pending' ? undefined : 'next_step_started'),
      withdraw: (taskId) => {
        const at = decisions.findIndex((d) => d.party === partyOf(taskId));
        const [taken] = decisions.splice(at, 1);
        return () => decisions.splice(at, 0, taken);
      },
    },
  );

  setHandler(
    decideUpdate,
    async ({ taskId, decision, reason, payload, attachments, actor }) => {
      deciding.add(taskId);
      try {
        const ranking = taskId === recommendTaskId(id, version) ? (payload!.ranking as Ranking) : undefined;
        await recordDecision({
          roundId,
          taskId,
          decision,
          reason,
          result: ranking ? { ranking } : undefined,
          actor,
          attachments,
          ...desk.decisionContext(taskId),
        });
        if (ranking) draft = { ranking, reason: reason! };
        else decisions.push({ party: partyOf(taskId)!, decision: decision as ReviewDecision, reason });
        desk.decided(taskId, actor);
      } finally {
        deciding.delete(taskId);
      }
      return answerOf(taskId, decision);
    },
    {
      validator: ({ taskId, decision, reason, payload, actor }) => {
        const refusal = desk.decideRefusal(taskId, actor);
        if (refusal) throw refuse(refusal);
        if (deciding.has(taskId)) throw refuse('task_busy');
        if (taskId === recommendTaskId(id, version)) {
          if (phase !== 'drafting' || draft) throw refuse('already_decided');
          const wrong =
            decisionRefusal('recommendation', decision, reason) ??
            rankingRefusal(rankingOf(payload?.ranking), approved, input.cap);
          if (wrong) throw refuse('invalid_input', [wrong]);
          return;
        }
        const party = partyOf(taskId)!;
        if (isDecided(party)) throw refuse('already_decided');
        if (outcome().kind !== 'pending') throw refuse('review_closed');
        const wrong = decisionRefusal('recommendationCountersign', decision, reason);
        if (wrong) throw refuse('invalid_input', [wrong]);
      },
    },
  );

  // Each pass is one recommendation: the first with the applications approved so far, then a
  // supplementary one for each group approved after the last was sent.
  await condition(() => waiting.length > 0);
  for (;;) {
    batch += 1;
    id = recommendationId(roundId, provinceCode, runId, batch);
    approved = [];
    let fixes: { party: PartyCode; reason: string }[] = [];
    for (version = 1; ; version++) {
      // a revision may also rank what was approved while the last version was countersigned
      approved = [...approved, ...waiting];
      waiting = [];
      phase = 'drafting';
      draft = undefined;
      decisions = [];
      await drafted(fixes);
      phase = 'countersign';
      const result = await countersigned();
      if (result.kind === 'returned') {
        fixes = result.fixes;
        continue;
      }
      if (result.kind === 'rejected') {
        phase = 'rejected';
        await withdrawOpenTasks({
          roundId,
          workflowId,
          reason: result.reason,
          eventKey: `${id}/v${version}/withdrawn`,
        });
        await saveRecommendation({
          id,
          eventKey: `${id}/rejected`,
          status: 'rejected',
          version,
          reason: result.reason,
        });
        // nothing of it is recommended: every approved application hears so, with the reject's reason
        await Promise.all(
          recommendationVerdicts({ city: [], enterprise: [] }, approved).map(({ applicationId, ...v }) =>
            tellApplication(applicationId, recommendationOutcomeSignal, {
              ...v,
              recommendationId: id,
              reason: result.reason,
            }),
          ),
        );
      } else {
        phase = 'sent';
        const verdicts = recommendationVerdicts(draft!.ranking, approved);
        await saveRecommendation({ id, eventKey: recommendationSentKey(id), status: 'sent', version, verdicts });
        sent.push(id);
        await Promise.all(
          verdicts.map(({ applicationId, ...v }) =>
            tellApplication(applicationId, recommendationOutcomeSignal, { ...v, recommendationId: id }),
          ),
        );
      }
      break;
    }
    if (!(await condition(() => waiting.length > 0, SUPPLEMENT_WINDOW))) break;
  }
  await condition(allHandlersFinished);
  return { sent };

  /** The commerce department's draft (a revision after a return answers its fixes), chased to the national deadline. */
  async function drafted(fixes: { party: PartyCode; reason: string }[]): Promise<void> {
    const taskId = recommendTaskId(id, version);
    // what the joint review approves meanwhile joins the draft, and its row says so
    let held = approved.length;
    await saveRecommendation({
      id,
      eventKey: `${id}/v${version}/drafting`,
      status: 'drafting',
      version,
      roundId,
      provinceCode,
      workflowId,
      fixes,
      applications: approved.slice(0, held).map((a) => a.applicationId),
    });
    await openTasks({
      eventKey: `${taskId}/opened`,
      workflowId,
      roundId,
      stage: 'recommendation',
      reviewRound: version,
      dueAt: input.dueAt,
      tasks: [{ id: taskId, departmentId: lead, provinceCode }],
    });
    // The national deadline is MOFCOM's: the chain tells the department, then MOFCOM; nothing is sent for it.
    const chase = chaseTasks({
      stage: 'recommendation',
      ids: { roundId },
      keyPrefix: taskId,
      dueAt: input.dueAt,
      policy: input.deadlines?.recommendation ?? DEFAULT_DEADLINES.recommendation,
      open: () => (draft || deciding.has(taskId) ? [] : [taskId]),
      applyDefault: () => undefined,
    });
    const done = () => draft !== undefined && !deciding.has(taskId);
    while (!done()) {
      await condition(() => done() || approved.length > held);
      if (approved.length > held) {
        held = approved.length;
        await saveRecommendation({
          id,
          eventKey: `${id}/v${version}/holds${held}`,
          status: 'drafting',
          version,
          applications: approved.map((a) => a.applicationId),
        });
      }
    }
    chase.cancel();
    await chase.done;
    await saveRecommendation({
      id,
      eventKey: `${id}/v${version}/countersign`,
      status: 'countersign',
      version,
      ranking: draft!.ranking,
      reason: draft!.reason,
    });
  }

  /** The six parties' countersign of the draft, each with its due time and chain; a silent party consents. */
  async function countersigned() {
    const dueAt = new Date((await dueAfter(input.dayCount, input.countersignDays)).at).toISOString();
    const taskOf = (party: PartyCode) => recommendationCountersignTaskId(id, version, party);
    await openTasks({
      eventKey: `${id}/v${version}/countersign/opened`,
      workflowId,
      roundId,
      stage: 'recommendationCountersign',
      reviewRound: version,
      dueAt,
      tasks: COSIGNERS.map((party) => ({
        id: taskOf(party),
        departmentId: provincialDepartmentId(provinceCode, party),
        provinceCode,
      })),
    });
    const policy = input.deadlines?.recommendationCountersign ?? DEFAULT_DEADLINES.recommendationCountersign;
    const silent = () => COSIGNERS.filter((p) => !deciding.has(taskOf(p)) && !isDecided(p));
    const chase = chaseTasks({
      stage: 'recommendationCountersign',
      ids: { roundId },
      keyPrefix: `${id}/v${version}/countersign`,
      dueAt,
      policy,
      open: () => (outcome().kind === 'pending' ? silent().map(taskOf) : []),
      applyDefault: async () => {
        if (policy.defaultRule !== 'approve') return;
        const parties = silent();
        for (const p of parties) deciding.add(taskOf(p));
        try {
          for (const party of parties) {
            await recordDecision({
              roundId,
              taskId: taskOf(party),
              decision: 'approve',
              reason: CONSENT_REASON,
              actor: SYSTEM_ACTOR,
              revision: desk.decisionContext(taskOf(party)).revision,
            });
            decisions.push({ party, decision: 'approve', reason: CONSENT_REASON });
          }
        } finally {
          for (const p of parties) deciding.delete(taskOf(p));
        }
      },
    });
    await condition(() => outcome().kind !== 'pending');
    // A decision already accepted when the countersign ended still counts.
    await condition(() => deciding.size === 0);
    chase.cancel();
    await chase.done;
    const result = outcome();
    if (result.kind === 'pending') throw new Error('unreachable: the countersign ended undecided');
    return result;
  }
}

/** The ranking a decision carries, as the workflow's own check reads it (the API has checked its shape). */
function rankingOf(value: unknown): Ranking {
  const r = (value ?? {}) as Partial<Ranking>;
  return { city: Array.isArray(r.city) ? r.city : [], enterprise: Array.isArray(r.enterprise) ? r.enterprise : [] };
}
