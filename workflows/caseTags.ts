// Why: inside a workflow, its children are started tagged with its case (the facts in its own memo,
// completed from its input) and its stage is upserted as it moves on — both new commands, so both
// only for a workflow that took the SEARCH_ATTRIBUTES patch (workflows/patches.ts). Call caseTags()
// once, where the workflow starts, before its first await: a workflow already running when the
// patch was deployed replays without the marker and stays untagged for its whole life.
import { patched, upsertMemo, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import { SEARCH_ATTRIBUTES } from './patches';
import { caseMemo, caseSearchAttributes, factsOfMemo, type CaseFacts, type Stage } from '../shared/searchAttributes';

export interface CaseTags {
  /** Start options of a child in `stage`: its search attributes and memo (none when untagged). */
  child(stage: Stage): {
    typedSearchAttributes?: ReturnType<typeof caseSearchAttributes>;
    memo?: Record<string, unknown>;
  };
  /** This workflow has moved on to `stage`: upserts its search attributes and memo (nothing when untagged). */
  stage(stage: Stage): void;
}

/** `known`: what the workflow's input says of its case; the memo adds what it alone carries (the applicant). */
export function caseTags(known: CaseFacts): CaseTags {
  const on = patched(SEARCH_ATTRIBUTES);
  const facts = (): CaseFacts => ({ ...factsOfMemo(workflowInfo().memo), ...defined(known) });
  return {
    child: (stage) =>
      on ? { typedSearchAttributes: caseSearchAttributes(facts(), stage), memo: caseMemo(facts(), stage) } : {},
    stage: (stage) => {
      if (!on) return;
      upsertSearchAttributes(caseSearchAttributes(facts(), stage));
      upsertMemo(caseMemo(facts(), stage));
    },
  };
}

function defined(facts: CaseFacts): CaseFacts {
  return Object.fromEntries(Object.entries(facts).filter(([, v]) => v !== undefined)) as CaseFacts;
}
