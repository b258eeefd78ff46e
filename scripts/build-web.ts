// Builds the officers' workspace (web/) with Vite's build API into web/dist, which Express serves
// at /workspace/. Cheap to call on every start: it skips the build when web/dist is newer than
// every source file (web/src/**, web/index.html, web/vite.config.ts).
import fs from 'node:fs';
import path from 'node:path';
import { WORKSPACE_DIST } from '../api/web';

export const WEB_ROOT = path.join(__dirname, '..', 'web');
const DIST_INDEX = path.join(WORKSPACE_DIST, 'index.html');

function newestSource(dir = path.join(WEB_ROOT, 'src')): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(full) : fs.statSync(full).mtimeMs);
  }
  return newest;
}

/** Whether web/dist is older than a source file (or absent). */
export function webBuildStale(): boolean {
  if (!fs.existsSync(DIST_INDEX)) return true;
  const sources = Math.max(
    newestSource(),
    ...['index.html', 'vite.config.ts'].map((f) => fs.statSync(path.join(WEB_ROOT, f)).mtimeMs),
  );
  return fs.statSync(DIST_INDEX).mtimeMs < sources;
}

/** Builds web/dist unless it is up to date; `force` builds regardless. */
export async function buildWeb(
  opts: { force?: boolean; log?: (msg: string) => void } = {},
): Promise<{ built: boolean; ms: number }> {
  const log = opts.log ?? ((msg: string) => console.log(msg));
  const started = Date.now();
  if (!opts.force && !webBuildStale()) {
    log('workspace (web/dist) is up to date');
    return { built: false, ms: Date.now() - started };
  }
  // (vite is ESM-only and its types need 'bundler' resolution: typed here by what is used)
  const { build } = (await import('vite' as string)) as { build(config: Record<string, unknown>): Promise<unknown> };
  await build({
    configFile: path.join(WEB_ROOT, 'vite.config.ts'),
    root: WEB_ROOT,
    logLevel: 'warn',
    build: { outDir: WORKSPACE_DIST },
  });
  const ms = Date.now() - started;
  log(`workspace built into web/dist in ${(ms / 1000).toFixed(1)} s`);
  return { built: true, ms };
}

if (require.main === module) {
  buildWeb({ force: process.argv.includes('--force') }).catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
