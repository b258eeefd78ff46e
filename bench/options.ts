// The benches' command line: `npm run bench -- --n 1000 --concurrency 8 --parties together`, or `--rate 60`.
import { parseArgs } from 'node:util';

export interface BenchOptions {
  /** applications driven through declaration and provincial review (and as many floor workflows) */
  n: number;
  /** applications in flight at once (closed loop) */
  concurrency: number;
  /** or: applications arriving per minute, however many are in flight (open loop) */
  rate?: number;
  /** how an application's seven parties decide: one after another (each on its own time, as officers do), or all at the same moment */
  parties: 'in-turn' | 'together';
  /** where the results are written */
  resultsDir: string;
}

export function benchOptions(argv: string[], defaults: BenchOptions): BenchOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      n: { type: 'string' },
      concurrency: { type: 'string' },
      rate: { type: 'string' },
      parties: { type: 'string' },
      'results-dir': { type: 'string' },
    },
  });
  const positive = (name: string, raw: string | undefined, fallback: number) => {
    if (raw === undefined) return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} must be a positive integer, got "${raw}"`);
    return value;
  };
  const parties = values.parties ?? defaults.parties;
  if (parties !== 'in-turn' && parties !== 'together')
    throw new Error(`--parties must be in-turn or together, got "${parties}"`);
  if (values.rate !== undefined && values.concurrency !== undefined)
    throw new Error('--rate and --concurrency exclude each other');
  return {
    n: positive('n', values.n, defaults.n),
    concurrency: positive('concurrency', values.concurrency, defaults.concurrency),
    ...(values.rate !== undefined ? { rate: positive('rate', values.rate, 0) } : {}),
    parties,
    resultsDir: values['results-dir'] ?? defaults.resultsDir,
  };
}
