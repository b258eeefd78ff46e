// MOFCOM's batch expert assignment (POST /api/rounds/:id/expert-assignment): every application of
// the round waiting for a panel (status expert_assignment_pending) is assigned at once by the
// optimal assignment (domain/expertAssignment.ts, solved by HiGHS), and each expert review gets
// its panel through its validated assignPanel Update, which opens the tasks. An infeasible batch
// answers 422 with its reasons and changes nothing. One run per round at a time.
import crypto from 'node:crypto';
import { appendAudit } from '../platform/audit';
import { affinity, profileOf } from '../domain/expertAffinity';
import {
  DEFAULT_LOAD_CAP,
  defaultMaxSameBody,
  type Batch,
  type BatchApplication,
  type BatchExpert,
  type Panels,
} from '../domain/expertAssignment';
import { checkAssignment } from '../domain/expertAssignmentCheck';
import { infeasibleMessage } from '../domain/expertAssignmentFeasibility';
import { greedyAssignment } from '../domain/expertAssignmentGreedy';
import { DomainError } from '../domain/errors';
import type { RoundConfig } from '../domain/round';
import { isUniqueViolation, type Db } from '../platform/db';
import { solveBatch } from '../platform/highsAssignment';
import { assignPanelUpdate, expertReviewWorkflowId, type Actor } from '../shared/definitions';
import { actorOf } from './access';
import { signedUpdate } from '../platform/actorSignature';
import type { CurrentUser, UseCaseDeps } from './context';
import { keepsPool } from './experts';
import { fromTemporal } from './temporalErrors';

/** A run holding the round's lock longer than this has crashed; the next run takes over. */
const LEASE_MS = 10 * 60 * 1000;
/** Panels handed out at once: each Update waits for its workflow to open the tasks. */
const HANDOUT_CONCURRENCY = 8;

interface PoolExpert extends BatchExpert {
  name: string;
}

interface PoolBatch extends Batch {
  experts: PoolExpert[];
}

export async function assignExpertsInBatch(deps: UseCaseDeps, user: CurrentUser, roundId: string) {
  if (!keepsPool(user)) throw new DomainError('forbidden');
  const round = await deps.db.round.findUnique({ where: { id: roundId } });
  if (!round) throw new DomainError('not_found');
  const batchId = crypto.randomUUID();
  await lock(deps.db, roundId, batchId);
  try {
    // The cap is the batch's, so the round's current rules say it (validated when they were set).
    const loadCap = (round.config as Partial<RoundConfig>).expertReview?.loadCap ?? DEFAULT_LOAD_CAP;
    const batch = await readBatch(deps.db, roundId, loadCap);
    if (batch.applications.length === 0) throw new DomainError('no_panels_awaited');
    const outcome = await solveBatch(batch);
    if (!outcome.feasible) {
      throw new DomainError(
        'assignment_infeasible',
        outcome.reasons.map((r) => ({
          field: r.applicationId ? `applications.${r.applicationId}` : 'batch',
          code: r.code,
          message: { zh: r.zh, en: r.en },
        })),
        infeasibleMessage(outcome.reasons),
      );
    }
    const check = checkAssignment(batch, outcome.panels);
    if (check.violations.length > 0)
      throw new Error(`the batch assignment broke its rules: ${JSON.stringify(check.violations)}`);
    // today's rule, for comparison: what one-by-one assignment would have given the same batch
    const oneByOne = greedyAssignment(batch);
    const oneByOneObjective = checkAssignment(batch, oneByOne.panels).objective;
    const actor = actorOf(user);
    const refused = await handOut(deps, batchId, actor, outcome.panels);
    const summary = {
      batchId,
      roundId,
      loadCap,
      objective: outcome.objective,
      oneByOne: { objective: oneByOneObjective, unfilledSeats: oneByOne.unfilled },
      gainPercent:
        oneByOneObjective > 0
          ? Math.round(((outcome.objective - oneByOneObjective) / oneByOneObjective) * 1000) / 10
          : null,
      solver: {
        method: outcome.method,
        branchAndCutApplications: outcome.branchAndCut,
        solveMs: outcome.solveMs,
        columns: outcome.columns,
        rows: outcome.rows,
      },
      panels: describePanels(batch, outcome.panels),
      refused,
    };
    await deps.db.$transaction((tx) =>
      appendAudit(tx, {
        roundId,
        eventKey: `expert-assignment/${roundId}/${batchId}`,
        action: 'experts_batch_assigned',
        actor,
        detail: {
          batchId,
          loadCap,
          objective: summary.objective,
          oneByOneObjective,
          method: outcome.method,
          panels: outcome.panels,
          refused,
        },
      }),
    );
    deps.logger.info(
      {
        roundId,
        batchId,
        applications: batch.applications.length,
        objective: outcome.objective,
        oneByOneObjective,
        solveMs: outcome.solveMs,
      },
      'experts assigned in a batch',
    );
    return summary;
  } finally {
    await deps.db.expertAssignmentLock.deleteMany({ where: { roundId, batchId } });
  }
}

async function lock(db: Db, roundId: string, batchId: string) {
  try {
    await db.expertAssignmentLock.create({ data: { roundId, batchId } });
    return;
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
  }
  // One UPDATE: of two runs taking over the same stale lock, only one matches.
  const { count } = await db.expertAssignmentLock.updateMany({
    where: { roundId, startedAt: { lt: new Date(Date.now() - LEASE_MS) } },
    data: { batchId, startedAt: new Date() },
  });
  if (count === 0) throw new DomainError('assignment_running');
}

/**
 * The waiting applications (in the order they were submitted) with the rules each was submitted
 * under — which its workflow recorded with the status, in one transaction, when it began to wait
 * (expert_assignment_awaited) — and the whole active pool with each expert's open expert tasks.
 */
async function readBatch(db: Db, roundId: string, loadCap: number): Promise<PoolBatch> {
  const apps = await db.application.findMany({
    where: { roundId, status: 'expert_assignment_pending' },
    orderBy: [{ submittedAt: 'asc' }, { id: 'asc' }],
    select: {
      id: true,
      organizationId: true,
      provinceCode: true,
      annex: true,
      organization: { select: { name: true } },
    },
  });
  const awaited = await db.auditEvent.findMany({
    where: { applicationId: { in: apps.map((a) => a.id) }, action: 'expert_assignment_awaited' },
    select: { applicationId: true, detail: true },
  });
  const rulesOf = new Map(
    awaited.map((e) => [e.applicationId, e.detail as { panelSize: number; maxSameBody?: number }]),
  );
  const applications: BatchApplication[] = apps.map((a) => {
    const rules = rulesOf.get(a.id)!;
    const annex = a.annex as Record<string, unknown>;
    return {
      id: a.id,
      name: String(annex.cityName ?? annex.legalName ?? a.organization.name),
      provinceCode: a.provinceCode,
      organizationId: a.organizationId,
      profile: profileOf(annex),
      panelSize: rules.panelSize,
      maxSameBody: rules.maxSameBody ?? defaultMaxSameBody(rules.panelSize),
    };
  });
  const pool = await db.expert.findMany({
    where: { active: true },
    orderBy: { id: 'asc' },
    include: { conflicts: { select: { organizationId: true } } },
  });
  const load = await db.task.groupBy({
    by: ['assigneeId'],
    where: { stage: 'expertReview', status: 'open' },
    _count: { _all: true },
  });
  const loadOf = new Map(load.map((l) => [l.assigneeId, l._count._all]));
  const experts = pool.map((e) => ({
    id: e.id,
    name: e.name,
    provinceCode: e.provinceCode,
    organizationId: e.organizationId,
    conflictOrganizationIds: e.conflicts.map((c) => c.organizationId),
    activeAssignments: loadOf.get(e.userId) ?? 0,
    fields: e.fields,
    bodies: e.bodies,
  }));
  return { applications, experts, loadCap };
}

/** Each panel to its workflow; a workflow that refuses (it no longer waits) is reported, not fatal. */
async function handOut(deps: UseCaseDeps, batchId: string, actor: Actor, panels: Panels) {
  const queue = Object.entries(panels);
  const refused: { applicationId: string; code: string }[] = [];
  const worker = async () => {
    for (let next = queue.shift(); next; next = queue.shift()) {
      const [applicationId, expertIds] = next;
      try {
        await deps.temporal.workflow
          .getHandle(expertReviewWorkflowId(applicationId))
          .executeUpdate(
            assignPanelUpdate,
            signedUpdate(
              expertReviewWorkflowId(applicationId),
              assignPanelUpdate,
              { batchId, expertIds, actor },
              `assign-panel-${batchId}`,
            ),
          );
      } catch (err) {
        const mapped = fromTemporal(err, 'panel_not_awaited');
        if (!(mapped instanceof DomainError)) throw mapped;
        refused.push({ applicationId, code: mapped.code });
      }
    }
  };
  await Promise.all(Array.from({ length: HANDOUT_CONCURRENCY }, worker));
  return refused;
}

/** Each application's panel: its experts with their bodies, affinity and load before the batch. */
function describePanels(batch: PoolBatch, panels: Panels) {
  const experts = new Map(batch.experts.map((e) => [e.id, e]));
  return batch.applications.map((app) => {
    const members = panels[app.id].map((id) => {
      const e = experts.get(id)!;
      return {
        expertId: id,
        name: e.name,
        provinceCode: e.provinceCode,
        bodies: e.bodies,
        fields: e.fields,
        loadBefore: e.activeAssignments,
        affinity: affinity(e.fields, app.profile),
      };
    });
    return {
      applicationId: app.id,
      name: app.name,
      panelSize: app.panelSize,
      maxSameBody: app.maxSameBody,
      affinity: members.reduce((s, m) => s + m.affinity, 0),
      experts: members,
    };
  });
}
