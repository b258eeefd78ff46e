// Files of the checkout the server reads (the migrations, the workspace's build, .tools/) are
// found from the repository's root, the nearest folder above this file with a package.json: the
// same folder whether this runs as platform/paths.ts (tsx, the tests) or as dist/platform/paths.js.
import fs from 'node:fs';
import path from 'node:path';

function rootAbove(start: string): string {
  for (let dir = start; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`no package.json in ${start} or above it`);
  }
}

export const REPO_ROOT = rootAbove(__dirname);

/** A path inside the repository, e.g. repoPath('prisma', 'migrations'). */
export const repoPath = (...parts: string[]): string => path.join(REPO_ROOT, ...parts);
