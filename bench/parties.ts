// An application's seven decisions: one after another, or all sent at the same moment.
export async function eachParty<P, R>(
  parties: readonly P[],
  mode: 'in-turn' | 'together',
  decide: (party: P) => Promise<R>,
): Promise<R[]> {
  if (mode === 'together') return Promise.all(parties.map(decide));
  const out: R[] = [];
  for (const p of parties) out.push(await decide(p));
  return out;
}
