// The colour of a public list's state: in notice (objections taken), waiting on objections, final.
import type { PublicPhase } from './types';

export function phaseType(phase: PublicPhase): 'success' | 'warning' | 'info' {
  return phase === 'open' ? 'success' : phase === 'awaiting_resolution' ? 'warning' : 'info';
}
