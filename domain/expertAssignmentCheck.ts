// An independent check of any assignment against the batch's rules, read from the rules
// themselves (mayScore, the panel size, the load cap, the bodies' spread), not from the
// programme's rows: it counts what a solver, a formulation or a baseline got wrong, and the
// objective the panels really reach.
import { affinity } from './expertAffinity';
import type { Batch, Panels } from './expertAssignment';
import { mayScore } from './expertReview';

export type ViolationKind =
  | 'unknown_application'
  | 'panel_size'
  | 'unknown_expert'
  | 'duplicate_expert'
  | 'ineligible'
  | 'load_cap'
  | 'body_spread';

export interface Violation {
  kind: ViolationKind;
  applicationId?: string;
  expertId?: string;
  detail?: Record<string, unknown>;
}

export function checkAssignment(batch: Batch, panels: Panels): { violations: Violation[]; objective: number } {
  const violations: Violation[] = [];
  const apps = new Map(batch.applications.map((a) => [a.id, a]));
  const experts = new Map(batch.experts.map((e) => [e.id, e]));
  const seats = new Map<string, number>();
  let objective = 0;
  for (const applicationId of Object.keys(panels))
    if (!apps.has(applicationId)) violations.push({ kind: 'unknown_application', applicationId });
  for (const app of batch.applications) {
    const panel = panels[app.id] ?? [];
    if (panel.length !== app.panelSize)
      violations.push({
        kind: 'panel_size',
        applicationId: app.id,
        detail: { seated: panel.length, panelSize: app.panelSize },
      });
    if (new Set(panel).size !== panel.length) violations.push({ kind: 'duplicate_expert', applicationId: app.id });
    const perBody = new Map<string, number>();
    for (const expertId of new Set(panel)) {
      const expert = experts.get(expertId);
      if (!expert) {
        violations.push({ kind: 'unknown_expert', applicationId: app.id, expertId });
        continue;
      }
      if (!mayScore(expert, app)) violations.push({ kind: 'ineligible', applicationId: app.id, expertId });
      seats.set(expertId, (seats.get(expertId) ?? 0) + 1);
      for (const b of expert.bodies) perBody.set(b, (perBody.get(b) ?? 0) + 1);
      objective += affinity(expert.fields, app.profile);
    }
    for (const [body, n] of perBody)
      if (n > app.maxSameBody)
        violations.push({
          kind: 'body_spread',
          applicationId: app.id,
          detail: { body, seated: n, maxSameBody: app.maxSameBody },
        });
  }
  for (const [expertId, n] of seats) {
    const load = experts.get(expertId)!.activeAssignments;
    if (load + n > batch.loadCap)
      violations.push({ kind: 'load_cap', expertId, detail: { load, assigned: n, loadCap: batch.loadCap } });
  }
  return { violations, objective };
}
