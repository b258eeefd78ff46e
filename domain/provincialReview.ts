// The countersign (会签) of the provincial joint review: every party decides; any party may
// reject or send the application back; the commerce department forwards only what all accept.
import type { PartyCode } from './parties';

/** The stage's decisions (domain/stages.ts, where a reject's and a return's reasons are required). */
export type ReviewDecision = 'approve' | 'reject' | 'return';

export interface PartyDecision {
  party: PartyCode;
  decision: ReviewDecision;
  reason?: string;
}

/** How a review round ended. */
export type ReviewResult =
  | { kind: 'rejected'; party: PartyCode; reason: string }
  | { kind: 'returned'; fixes: { party: PartyCode; reason: string }[] }
  | { kind: 'approved' };

export type ReviewOutcome = { kind: 'pending' } | ReviewResult;

/**
 * A reject ends the round at once. Returns are collected until every party has decided, so the
 * applicant receives all requested fixes together.
 */
export function reviewOutcome(parties: readonly PartyCode[], decisions: readonly PartyDecision[]): ReviewOutcome {
  const reject = decisions.find((d) => d.decision === 'reject');
  if (reject) return { kind: 'rejected', party: reject.party, reason: reject.reason ?? '' };
  const decided = new Set(decisions.map((d) => d.party));
  if (!parties.every((p) => decided.has(p))) return { kind: 'pending' };
  const fixes = decisions
    .filter((d) => d.decision === 'return')
    .map((d) => ({ party: d.party, reason: d.reason ?? '' }));
  return fixes.length > 0 ? { kind: 'returned', fixes } : { kind: 'approved' };
}
