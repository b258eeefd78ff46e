// The baselines the batch assignment is measured against, one application at a time in the
// batch's order as if each were forwarded in turn, each pick counting towards the expert's load:
//   'leastLoaded'  today's one-by-one rule (eligibleExperts: least loaded first, ties by id);
//   'affinity'     a greedy that knows the affinity: the best-fitting eligible expert first (then
//                  least loaded, then by id) — what a careful officer would do by hand.
// So that the comparison is fair, both skip an expert the load cap or the bodies' spread would not
// allow. Seats they cannot fill that way stay empty and are counted.
import { affinity } from './expertAffinity';
import { roomOf, type Batch, type BatchExpert, type Panels } from './expertAssignment';
import { eligibleExperts } from './expertReview';

export function greedyAssignment(
  batch: Batch,
  prefer: 'leastLoaded' | 'affinity' = 'leastLoaded',
): { panels: Panels; unfilled: number } {
  const load = new Map(batch.experts.map((e) => [e.id, e.activeAssignments]));
  const panels: Panels = {};
  let unfilled = 0;
  for (const app of batch.applications) {
    const panel: string[] = [];
    const perBody = new Map<string, number>();
    const candidates: BatchExpert[] = batch.experts.map((e) => ({ ...e, activeAssignments: load.get(e.id)! }));
    const ordered = eligibleExperts(candidates, app, []) as BatchExpert[];
    // Array.prototype.sort is stable: equal affinities keep the least-loaded order.
    if (prefer === 'affinity') {
      const fit = new Map(ordered.map((e) => [e.id, affinity(e.fields, app.profile)]));
      ordered.sort((a, b) => fit.get(b.id)! - fit.get(a.id)!);
    }
    for (const expert of ordered) {
      if (panel.length === app.panelSize) break;
      if (roomOf(expert, batch.loadCap) === 0) continue;
      if (expert.bodies.some((b) => (perBody.get(b) ?? 0) >= app.maxSameBody)) continue;
      panel.push(expert.id);
      load.set(expert.id, expert.activeAssignments + 1);
      for (const b of expert.bodies) perBody.set(b, (perBody.get(b) ?? 0) + 1);
    }
    unfilled += app.panelSize - panel.length;
    panels[app.id] = panel;
  }
  return { panels, unfilled };
}
