// The last head this process wrote to each audit chain: a hint that lets a decision be written in
// one statement (platform/decisionWrite.ts). Never trusted: the write checks the head it names,
// and a head that moved (another process, a rolled-back transaction) costs one more round trip.

/** Enough for the applications in flight at once; the oldest hint goes first. */
const MAX_HINTS = 10_000;

export interface ChainHead {
  seq: number;
  lastHash: string;
}

function createChainHeads(max = MAX_HINTS) {
  const heads = new Map<string, ChainHead>();
  return {
    get: (chainKey: string) => heads.get(chainKey),
    remember(chainKey: string, head: ChainHead) {
      heads.delete(chainKey); // re-inserted last: a Map iterates in insertion order
      heads.set(chainKey, head);
      if (heads.size > max) heads.delete(heads.keys().next().value!);
    },
  };
}

export const chainHeads = createChainHeads();
