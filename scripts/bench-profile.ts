// The V8 CPU profiles a bench wrote (BENCH_CPU_PROF=<dir>: one folder per process, a file per
// thread) summed up per process: where its CPU went, by package (or pilotflow's own folder) and by
// function, self time only, idle left out; with --per N, also per application. Asserts nothing.
//
//   BENCH_CPU_PROF=/tmp/prof npm run bench -- --n 300 --rate 60
//   npm run bench:profile -- /tmp/prof --per 300 [--top 12]
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';

interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[];
  samples: number[];
  timeDeltas: number[];
}

/** Where a frame's code lives: a package, pilotflow's own folder, Node itself, or V8's bookkeeping. */
function placeOf(url: string, fn: string): string {
  if (!url) return `(${fn || 'native'})`;
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1];
  if (url.startsWith('node:')) return 'node (built-in)';
  if (url.startsWith('wasm:')) return 'WebAssembly (PGlite)';
  const rel = path.relative(path.join(__dirname, '..'), url.replace(/^file:\/\//, ''));
  return rel.startsWith('..') ? url : `pilotflow ${rel.split(path.sep)[0]}/`;
}

function summarise(files: string[]) {
  const byPlace = new Map<string, number>();
  const byFunction = new Map<string, number>();
  let busy = 0;
  for (const file of files) {
    const p = JSON.parse(fs.readFileSync(file, 'utf8')) as CpuProfile;
    const nodes = new Map(p.nodes.map((n) => [n.id, n.callFrame]));
    p.samples.forEach((id, i) => {
      const f = nodes.get(id)!;
      const us = p.timeDeltas[i] ?? 0;
      if (f.functionName === '(idle)' || f.functionName === '(program)') return;
      busy += us;
      const place = placeOf(f.url, f.functionName);
      byPlace.set(place, (byPlace.get(place) ?? 0) + us);
      const fn = `${f.functionName || '(anonymous)'} ${f.url ? `${path.basename(f.url)}:${f.lineNumber + 1}` : ''}`;
      byFunction.set(fn, (byFunction.get(fn) ?? 0) + us);
    });
  }
  return { busy, byPlace, byFunction };
}

function main() {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { per: { type: 'string' }, top: { type: 'string' } },
  });
  const dir = positionals[0];
  if (!dir) throw new Error('usage: npm run bench:profile -- <BENCH_CPU_PROF dir> [--per N] [--top K]');
  const per = Number(values.per ?? 1);
  const top = Number(values.top ?? 12);
  const ms = (us: number) => `${(us / 1000 / per).toFixed(1).padStart(8)} ms`;
  for (const proc of fs.readdirSync(dir).sort()) {
    const files = fs
      .readdirSync(path.join(dir, proc))
      .filter((f) => f.endsWith('.cpuprofile'))
      .map((f) => path.join(dir, proc, f));
    if (!files.length) continue;
    const { busy, byPlace, byFunction } = summarise(files);
    console.log(
      `\n${proc}: ${ms(busy)} of CPU${per > 1 ? ' per application' : ''} (${files.length} thread profile(s))`,
    );
    const rows = (m: Map<string, number>) =>
      [...m]
        .sort((a, b) => b[1] - a[1])
        .slice(0, top)
        .map(([k, v]) => `  ${ms(v)}  ${((v / busy) * 100).toFixed(1).padStart(5)} %  ${k}`);
    console.log(`  by package or folder:\n${rows(byPlace).join('\n')}`);
    console.log(`  by function:\n${rows(byFunction).join('\n')}`);
  }
}

main();
