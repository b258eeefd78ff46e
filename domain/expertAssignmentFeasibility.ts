// Why a batch cannot be assigned, in words MOFCOM can act on — found by explicit checks of the
// batch's data, not read off the solver's status. Each check is a necessary condition of the
// programme in domain/expertAssignment.ts:
//   too_few_eligible  an application has fewer experts who may score it and have room under the
//                     load cap than its panel size;
//   body_spread       even taking at most maxSameBody experts of each recommending body, an
//                     application's panel cannot be filled (each seated expert uses up a place of
//                     every body that recommended them, so Σ_b min(maxSameBody, n_b) seats at most);
//   capacity_short    all experts' room under the cap (each counted at most once per application
//                     they may score) is less than the seats the batch needs.
// When every check passes and the solver still proves the programme infeasible, the conditions
// only conflict together: no_joint_solution.
import { roomOf, type Batch, type BatchApplication, type BatchExpert } from './expertAssignment';
import { mayScore } from './expertReview';

export type InfeasibleCode = 'too_few_eligible' | 'body_spread' | 'capacity_short' | 'no_joint_solution';

export interface InfeasibleReason {
  code: InfeasibleCode;
  applicationId?: string;
  zh: string;
  en: string;
  detail: Record<string, unknown>;
}

export function infeasibilityReasons(batch: Batch): InfeasibleReason[] {
  const reasons: InfeasibleReason[] = [];
  const applicationsOf = new Map<BatchExpert, number>(); // how many applications each expert may score, with room
  for (const app of batch.applications) {
    const eligible = batch.experts.filter((e) => mayScore(e, app));
    const available = eligible.filter((e) => roomOf(e, batch.loadCap) > 0);
    for (const e of available) applicationsOf.set(e, (applicationsOf.get(e) ?? 0) + 1);
    if (available.length < app.panelSize) reasons.push(tooFewEligible(app, eligible.length, available.length));
    else {
      const spread = bodySpread(app, available);
      if (spread) reasons.push(spread);
    }
  }
  const capacity = [...applicationsOf].reduce((sum, [e, apps]) => sum + Math.min(roomOf(e, batch.loadCap), apps), 0);
  const demand = batch.applications.reduce((sum, a) => sum + a.panelSize, 0);
  if (capacity < demand) {
    reasons.push({
      code: 'capacity_short',
      zh: `专家总容量不足：按每名专家至多 ${batch.loadCap} 项在办评审任务（已计入现有任务），尚余 ${capacity} 个席位，需要 ${demand} 个`,
      en: `Not enough capacity: under the cap of ${batch.loadCap} open review tasks per expert (current tasks counted), ${capacity} seats are left and ${demand} are needed`,
      detail: { capacity, demand, loadCap: batch.loadCap },
    });
  }
  return reasons;
}

/** The reason when each check passes but the solver proves the programme infeasible. */
export function noJointSolution(batch: Batch): InfeasibleReason {
  return {
    code: 'no_joint_solution',
    zh: '各项单独检查均可满足，但专家组人数、负荷上限与推荐单位分布无法同时满足（求解器已证明）',
    en: 'Each check alone passes, but the panel sizes, the load cap and the spread of bodies cannot all be met together (proven by the solver)',
    detail: { applications: batch.applications.length, experts: batch.experts.length, loadCap: batch.loadCap },
  };
}

/** "Infeasible: …" in both languages, the reasons one after another. */
export function infeasibleMessage(reasons: readonly InfeasibleReason[]): { zh: string; en: string } {
  return {
    zh: `无法分配：${reasons.map((r) => r.zh).join('；')}`,
    en: `Infeasible: ${reasons.map((r) => r.en).join('; ')}`,
  };
}

function tooFewEligible(app: BatchApplication, eligible: number, available: number): InfeasibleReason {
  return {
    code: 'too_few_eligible',
    applicationId: app.id,
    zh: `“${app.name}”符合回避规则且未达负荷上限的专家只有 ${available} 名（符合回避规则的共 ${eligible} 名），少于专家组人数 ${app.panelSize}`,
    en: `"${app.name}" has only ${available} experts who may score it and have room under the load cap (${eligible} may score it in all), fewer than its panel size of ${app.panelSize}`,
    detail: { eligible, available, panelSize: app.panelSize },
  };
}

function bodySpread(app: BatchApplication, available: readonly BatchExpert[]): InfeasibleReason | undefined {
  const perBody = new Map<string, number>();
  let unrecommended = 0; // experts no body recommended: the spread does not limit them
  for (const e of available) {
    if (e.bodies.length === 0) unrecommended++;
    for (const b of e.bodies) perBody.set(b, (perBody.get(b) ?? 0) + 1);
  }
  const fillable = unrecommended + [...perBody.values()].reduce((sum, n) => sum + Math.min(n, app.maxSameBody), 0);
  if (fillable >= app.panelSize) return undefined;
  const counts = [...perBody]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([b, n]) => `${b} ${n}`)
    .join(', ');
  return {
    code: 'body_spread',
    applicationId: app.id,
    zh: `“${app.name}”：同一推荐单位至多 ${app.maxSameBody} 名专家，可用专家按推荐单位（${counts}）至多组成 ${fillable} 人的专家组，少于 ${app.panelSize} 人`,
    en: `"${app.name}": with at most ${app.maxSameBody} experts recommended by the same body, its available experts (by body: ${counts}) fill at most ${fillable} of ${app.panelSize} seats`,
    detail: { fillable, panelSize: app.panelSize, maxSameBody: app.maxSameBody, perBody: Object.fromEntries(perBody) },
  };
}
