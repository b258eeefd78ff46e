// Why: a workflow started with a search attribute the server does not know is refused, so every
// server pilotflow talks to must have its attributes (shared/searchAttributes.ts) registered
// before the first start: the dev server when it starts (npm start, the tests; an existing SQLite
// file from an earlier version gets the ones it lacks), a cluster when a worker starts, the
// time-skipping test server in the test harness. Registering is idempotent: an attribute that
// exists is left as it is.
import type { Connection } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { SEARCH_ATTRIBUTE_KEYS } from '../shared/searchAttributes';

const { IndexedValueType } = temporal.api.enums.v1;
const ALREADY_EXISTS = 6;
const UNIMPLEMENTED = 12;

export interface RegisteredSearchAttributes {
  added: string[];
  /** registered before with another type (a cluster's operator chose so): left alone, queries still work on it */
  otherType: { name: string; type: string }[];
}

/** The CLI dev server's flags for the same attributes (`--search-attribute Name=Type`). */
export function devServerSearchAttributeArgs(): string[] {
  return SEARCH_ATTRIBUTE_KEYS.flatMap((k) => [
    '--search-attribute',
    `${k.name}=${k.type[0]}${k.type.slice(1).toLowerCase()}`,
  ]);
}

/** Adds those of pilotflow's search attributes the namespace lacks, through the operator service. */
export async function ensureSearchAttributes(
  connection: Connection,
  namespace: string,
): Promise<RegisteredSearchAttributes> {
  const { operatorService } = connection;
  // (the time-skipping test server adds but does not list)
  const existing = await operatorService.listSearchAttributes({ namespace }).then(
    (r) =>
      new Map<string, number>([
        ...Object.entries(r.systemAttributes ?? {}),
        ...Object.entries(r.customAttributes ?? {}),
      ] as [string, number][]),
    (err: unknown) => {
      if (codeOf(err) === UNIMPLEMENTED) return undefined;
      throw err;
    },
  );
  const result: RegisteredSearchAttributes = { added: [], otherType: [] };
  for (const key of SEARCH_ATTRIBUTE_KEYS) {
    const type = IndexedValueType[`INDEXED_VALUE_TYPE_${key.type}`];
    const found = existing?.get(key.name);
    if (found !== undefined) {
      if (found !== type) result.otherType.push({ name: key.name, type: IndexedValueType[found] ?? String(found) });
      continue;
    }
    try {
      await operatorService.addSearchAttributes({ namespace, searchAttributes: { [key.name]: type } });
      result.added.push(key.name);
    } catch (err) {
      // another worker (or an earlier start) registered it in the meantime
      if (codeOf(err) !== ALREADY_EXISTS) throw err;
    }
  }
  return result;
}

function codeOf(err: unknown): number | undefined {
  const code = (err as { code?: unknown })?.code;
  return typeof code === 'number' ? code : undefined;
}
