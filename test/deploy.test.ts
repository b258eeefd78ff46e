// The deployment files in deploy/ are not run here, so this suite holds them to the code: every
// variable they set is one platform/config.ts reads, every variable a process needs in a cluster
// is set for it, their commands are package.json's scripts, their ports are the API's, and the
// health probe's path answers.
import fs from 'node:fs';
import path from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { ENV_VARS, type EnvVar } from '../platform/config';
import { http, startHarness, type Harness } from './support/harness';

const ROOT = path.join(__dirname, '..');
const read = (file: string) => fs.readFileSync(path.join(ROOT, file), 'utf8');
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Any = any;
const yamlFile = (file: string): Any => parse(read(file), { merge: true });
function yamlDocs(file: string): Any[] {
  return parseAllDocuments(read(file), { merge: true }).map((doc) => {
    if (doc.errors.length) throw new Error(`${file}: ${doc.errors.map((e) => e.message).join('; ')}`);
    return doc.toJS();
  });
}
const pkg = JSON.parse(read('package.json')) as { scripts: Record<string, string> };

// ---- what the code reads, derived from its source ------------------------------------------------

const CONFIG_SOURCE = read('platform/config.ts');
const namesIn = (text: string) =>
  [...text.matchAll(/\benv\.([A-Z][A-Z0-9_]*)|\b(?:int|bool)\('([A-Z][A-Z0-9_]*)'/g)].map((m) => m[1] ?? m[2]);

/** Each Config field of loadConfig() → the environment variables its value depends on. */
function fieldVariables(): Map<string, Set<string>> {
  const body = CONFIG_SOURCE.slice(CONFIG_SOURCE.indexOf('export function loadConfig'));
  const locals = new Map<string, string>();
  for (const m of body.matchAll(/const (\w+) = (.*);/g)) locals.set(m[1], m[2]);
  const returned = body.slice(body.indexOf('return {'));
  const fields = new Map<string, Set<string>>();
  for (const m of returned.matchAll(/^\s+(\w+)(?::\s*(.*?))?,\s*$/gm)) {
    const expr = m[2] ?? m[1]; // `host,` is the local `host`
    const used = [expr, ...[...locals].filter(([name]) => new RegExp(`\\b${name}\\b`).test(expr)).map(([, e]) => e)];
    fields.set(m[1], new Set(used.flatMap(namesIn)));
  }
  return fields;
}
const FIELDS = fieldVariables();

/** The variables a process reads (its entry file's config fields, or process.env directly). */
function reads(entry: string): Set<string> {
  const source = read(entry);
  const viaConfig = [...source.matchAll(/\bconfig\.(\w+)/g)].flatMap((m) => [...(FIELDS.get(m[1]) ?? [])]);
  const direct = [...source.matchAll(/process\.env\.([A-Z][A-Z0-9_]*)/g)].map((m) => m[1]);
  return new Set([...viaConfig, ...direct]);
}

/** The variables without which a process refuses to start (`if (!config.x || …) throw`). */
function refusesWithout(entry: string): Set<string> {
  const source = read(entry);
  const locals = new Map(
    [...source.matchAll(/const (\w+) = process\.env\.([A-Z][A-Z0-9_]*);/g)].map((m) => [m[1], m[2]]),
  );
  const guards = [...source.matchAll(/if \((![^)]*)\)\s*\{\s*(?:throw|console\.error[^;]*;\s*process\.exit)/g)].map(
    (m) => m[1],
  );
  return new Set(
    guards.flatMap((g) =>
      [...g.matchAll(/!\s*(?:config\.(\w+)|process\.env\.([A-Z][A-Z0-9_]*)|(\w+))/g)].flatMap((m) =>
        m[1] ? [...(FIELDS.get(m[1]) ?? [])] : m[2] ? [m[2]] : locals.has(m[3]) ? [locals.get(m[3])!] : [],
      ),
    ),
  );
}

/**
 * Variables whose default only works on the one machine `npm start` runs on, so a cluster must
 * set them wherever a process reads them: the embedded database and Temporal dev server (the
 * processes refuse to start without them), the loopback SMTP sink, the loopback bind address, and
 * the public address that links in mail point to.
 */
const MACHINE_LOCAL_DEFAULTS: EnvVar[] = ['DATABASE_URL', 'TEMPORAL_ADDRESS', 'SMTP_URL', 'HOST', 'PUBLIC_URL'];

/** The npm script a command runs, and the source file of the compiled entry that script runs. */
function scriptOf(command: unknown): { script: string; entry: string } {
  expect(Array.isArray(command)).toBe(true);
  const [npm, run, script, ...rest] = command as string[];
  expect([npm, run, rest]).toEqual(['npm', 'run', []]);
  expect(Object.keys(pkg.scripts)).toContain(script);
  // a deployment runs tsconfig.build.json's output (dist/<source path>.js) with node, never tsx: the
  // launcher takes dist/ in production mode, which the image sets
  const entry = pkg.scripts[script].match(/^node scripts\/run\.cjs (\S+)$/)?.[1];
  if (!entry) throw new Error(`npm run ${script} is not "node scripts/run.cjs <entry>": ${pkg.scripts[script]}`);
  expect(read('deploy/Dockerfile')).toMatch(/^ENV NODE_ENV=production$/m);
  expect(fs.existsSync(path.join(ROOT, `${entry}.ts`))).toBe(true);
  return { script, entry: `${entry}.ts` };
}

function requiredFor(entry: string): string[] {
  return [...reads(entry)]
    .filter((v) => (MACHINE_LOCAL_DEFAULTS as string[]).includes(v) || refusesWithout(entry).has(v))
    .sort();
}

// ---- the files --------------------------------------------------------------------------------

const compose = yamlFile('deploy/compose.yaml');
const K8S_DIR = 'deploy/k8s';
const k8sFiles = fs.readdirSync(path.join(ROOT, K8S_DIR)).filter((f) => f.endsWith('.yaml'));
const k8s: Any[] = k8sFiles.filter((f) => f !== 'kustomization.yaml').flatMap((f) => yamlDocs(`${K8S_DIR}/${f}`));
const byKind = (kind: string) => k8s.filter((o) => o.kind === kind);
const named = (kind: string, name: string) => {
  const found = byKind(kind).find((o) => o.metadata.name === name);
  if (!found) throw new Error(`no ${kind} ${name} in ${K8S_DIR}`);
  return found;
};
const configMap = byKind('ConfigMap')[0];
const secret = byKind('Secret')[0];
const appServices = Object.entries(compose.services as Record<string, Any>).filter(
  ([, s]) => s.build?.dockerfile === 'deploy/Dockerfile',
);
const service = (name: string) => compose.services[name] as Any;
const workloads = [...byKind('Deployment'), ...byKind('Job')];

let h: Harness;
afterAll(() => h?.stop());

describe('the code', () => {
  test('when platform/config.ts is read, then ENV_VARS lists exactly the variables it reads, and the README documents each', () => {
    expect(new Set(namesIn(CONFIG_SOURCE))).toEqual(new Set(ENV_VARS));
    const table = read('README.md').split('\n## Configuration\n')[1].split('\n## ')[0];
    for (const name of ENV_VARS) expect(table).toContain(`| \`${name}\` |`);
  });

  test('when the processes are read, then the worker and the API refuse to start without DATABASE_URL and TEMPORAL_ADDRESS, and the migration without DATABASE_URL', () => {
    expect([...refusesWithout('workers/main.ts')].sort()).toEqual(['DATABASE_URL', 'TEMPORAL_ADDRESS']);
    expect([...refusesWithout('api/main.ts')].sort()).toEqual(['DATABASE_URL', 'TEMPORAL_ADDRESS']);
    expect([...refusesWithout('scripts/migrate.ts')]).toEqual(['DATABASE_URL']);
    expect(requiredFor('workers/main.ts')).toEqual(['DATABASE_URL', 'PUBLIC_URL', 'SMTP_URL', 'TEMPORAL_ADDRESS']);
    expect(requiredFor('api/main.ts')).toEqual(['DATABASE_URL', 'HOST', 'PUBLIC_URL', 'TEMPORAL_ADDRESS']);
  });
});

describe('deploy/compose.yaml', () => {
  test('when its pilotflow services are read, then they are the migration, the API and the worker, each running its npm script with only variables config.ts reads and every one it needs', () => {
    expect(appServices.map(([name]) => name).sort()).toEqual(['api', 'migrate', 'worker']);
    const scripts: Record<string, string> = {};
    for (const [name, s] of appServices) {
      const { script, entry } = scriptOf(s.command);
      scripts[name] = script;
      const environment = s.environment as Record<string, unknown>;
      expect(Object.keys(environment).filter((v) => !(ENV_VARS as readonly string[]).includes(v))).toEqual([]);
      const missing = requiredFor(entry).filter((v) => environment[v] === undefined || environment[v] === '');
      expect({ service: name, missing }).toEqual({ service: name, missing: [] });
    }
    expect(scripts).toEqual({ migrate: 'migrate', api: 'api', worker: 'worker' });
  });

  test('when the API and the worker are compared, then they share the Temporal namespace and task queue, and run at least two replicas each', () => {
    const api = service('api').environment;
    const worker = service('worker').environment;
    for (const v of ['TEMPORAL_ADDRESS', 'TEMPORAL_NAMESPACE', 'TEMPORAL_TASK_QUEUE', 'DATABASE_URL'])
      expect([v, api[v]]).toEqual([v, worker[v]]);
    expect(service('api').deploy.replicas).toBeGreaterThanOrEqual(2);
    expect(service('worker').deploy.replicas).toBeGreaterThanOrEqual(2);
  });

  test('when the addresses are followed, then the database, Temporal and the mail relay are services of the file, with matching credentials and namespace', () => {
    const env = service('worker').environment;
    const db = new URL(env.DATABASE_URL);
    const postgres = service(db.hostname);
    expect(postgres.image).toMatch(/^postgres:\d+/);
    expect([db.username, decodeURIComponent(db.password), db.pathname.slice(1), db.port]).toEqual([
      postgres.environment.POSTGRES_USER,
      postgres.environment.POSTGRES_PASSWORD,
      postgres.environment.POSTGRES_DB,
      '5432',
    ]);

    const [temporalHost, temporalPort] = String(env.TEMPORAL_ADDRESS).split(':');
    expect(service(temporalHost).image).toMatch(/^temporalio\/server:\d+\.\d+\.\d+$/);
    expect(temporalPort).toBe('7233'); // the frontend's gRPC port (FRONTEND_GRPC_PORT's default)
    expect(service(temporalHost).environment.DB).toBe('postgres12');
    expect(service(service(temporalHost).environment.POSTGRES_SEEDS).image).toMatch(/^postgres:/);
    const namespaceJob = service('temporal-namespace').command.join('\n');
    expect(namespaceJob).toContain(`operator namespace create --namespace ${env.TEMPORAL_NAMESPACE} --retention `);
    expect(namespaceJob).toContain(`--address ${env.TEMPORAL_ADDRESS}`);
    expect(service('temporal-ui').environment.TEMPORAL_ADDRESS).toBe(env.TEMPORAL_ADDRESS);
    const dynamicConfig = service(temporalHost)
      .volumes.find((v: string) => v.includes('dynamicconfig'))
      .split(':')[0];
    expect(parse(read(path.join('deploy', dynamicConfig)))['frontend.namespaceRPS'][0].constraints.namespace).toBe(
      env.TEMPORAL_NAMESPACE,
    );

    const smtp = new URL(env.SMTP_URL);
    expect(Object.keys(compose.services)).toContain(smtp.hostname);
  });

  test('when the API service is read, then its published port, its PORT and its health check agree', () => {
    const api = service('api');
    const port = api.environment.PORT;
    expect(api.environment.HOST).toBe('0.0.0.0');
    expect(api.ports.every((p: string) => p.endsWith(`:${port}`))).toBe(true);
    expect(api.healthcheck.test.join(' ')).toContain(`http://127.0.0.1:${port}/health`);
  });

  test('when its images are read, then every one is pinned to a version', () => {
    for (const [name, s] of Object.entries(compose.services as Record<string, Any>)) {
      if (s.build) continue;
      expect([name, s.image]).toEqual([name, expect.stringMatching(/^[\w./-]+:v?\d+(\.\d+)+$/)]);
    }
  });
});

describe('deploy/Dockerfile', () => {
  const dockerfile = read('deploy/Dockerfile');
  test('when it is read, then it builds on Node 20 with npm ci (Prisma generated by the postinstall script), sets no variable config.ts does not read, and runs an npm script on the API port', () => {
    const froms = [...dockerfile.matchAll(/^FROM (\S+)/gm)].map((m) => m[1]);
    expect(froms.every((f) => f.startsWith('node:20'))).toBe(true);
    expect(dockerfile.indexOf('COPY prisma')).toBeLessThan(dockerfile.indexOf('RUN npm ci'));
    expect(pkg.scripts.postinstall).toMatch(/prisma generate/);
    const envs = [...dockerfile.matchAll(/^ENV (\w+)/gm)].map((m) => m[1]);
    // NODE_ENV is the launcher's (scripts/run.cjs: production runs dist/), not the app's configuration
    expect(envs.filter((v) => !(ENV_VARS as readonly string[]).includes(v))).toEqual(['NODE_ENV']);
    scriptOf(JSON.parse(dockerfile.match(/^CMD (\[.*\])$/m)![1]));
    expect(dockerfile).toMatch(new RegExp(`^EXPOSE ${service('api').environment.PORT}$`, 'm'));
    const ignored = read('deploy/Dockerfile.dockerignore').split('\n');
    expect(ignored).toEqual(expect.arrayContaining(['node_modules', 'generated', 'data', 'dist']));
  });

  test('when its stages are read, then the build stage compiles with npm run build and drops the dev packages, and the runtime stage takes only the compiled code, the production packages, the migrations and the workspace', () => {
    const [build, runtime] = dockerfile.split(/^FROM /m).slice(1);
    expect(pkg.scripts.build).toMatch(/^tsc -p tsconfig\.build\.json && npm run build:web$/);
    const runs = [...build.matchAll(/^RUN (.*)$/gm)].map((m) => m[1]);
    expect(runs.indexOf('npm run build')).toBeGreaterThan(runs.findIndex((r) => r.startsWith('npm ci')));
    expect(runs.findIndex((r) => r.startsWith('npm prune --omit=dev'))).toBeGreaterThan(runs.indexOf('npm run build'));
    // what the compiled code reads: dist/, its packages, and the repository files platform/paths.ts finds
    const copied = [...runtime.matchAll(/^COPY --from=build (\S+) /gm)].map((m) => m[1]).sort();
    expect(copied).toEqual([
      '/app/dist',
      '/app/node_modules',
      '/app/package.json',
      '/app/prisma/migrations',
      '/app/scripts/run.cjs',
      '/app/web/dist',
    ]);
    expect(read('platform/migrate.ts')).toContain("repoPath('prisma', 'migrations')");
    expect(read('api/web.ts')).toContain("repoPath('web', 'dist')");
    expect(runtime).not.toMatch(/tsx|npm ci|npm install/);
  });
});

describe('deploy/k8s', () => {
  test('when the kustomization is read, then it lists every manifest, and every object is in the pilotflow namespace', () => {
    expect([...yamlFile(`${K8S_DIR}/kustomization.yaml`).resources].sort()).toEqual(
      k8sFiles.filter((f) => f !== 'kustomization.yaml').sort(),
    );
    const namespace = byKind('Namespace')[0].metadata.name;
    for (const o of k8s.filter((o) => o.kind !== 'Namespace'))
      expect([o.kind, o.metadata.name, o.metadata.namespace]).toEqual([o.kind, o.metadata.name, namespace]);
  });

  test('when the ConfigMap, the Secret and the workloads are read, then they set only variables config.ts reads, and each workload has every one its npm script needs', () => {
    const configKeys = Object.keys(configMap.data);
    const secretKeys = Object.keys(secret.stringData);
    expect([...configKeys, ...secretKeys].filter((v) => !(ENV_VARS as readonly string[]).includes(v))).toEqual([]);
    expect(configKeys.filter((k) => secretKeys.includes(k))).toEqual([]);
    expect(workloads.map((w) => w.metadata.name).sort()).toEqual([
      'pilotflow-api',
      'pilotflow-migrate',
      'pilotflow-worker',
    ]);
    for (const w of workloads) {
      for (const c of w.spec.template.spec.containers) {
        const { entry } = scriptOf(c.command);
        const set = new Set<string>((c.env ?? []).map((e: { name: string }) => e.name));
        for (const from of c.envFrom ?? []) {
          const keys = from.configMapRef
            ? named('ConfigMap', from.configMapRef.name).data
            : named('Secret', from.secretRef.name).stringData;
          for (const k of Object.keys(keys)) set.add(k);
        }
        expect([...set].filter((v) => !(ENV_VARS as readonly string[]).includes(v))).toEqual([]);
        expect({ workload: w.metadata.name, missing: requiredFor(entry).filter((v) => !set.has(v)) }).toEqual({
          workload: w.metadata.name,
          missing: [],
        });
      }
    }
    const commands = Object.fromEntries(
      workloads.map((w) => [w.metadata.name, scriptOf(w.spec.template.spec.containers[0].command).script]),
    );
    expect(commands).toEqual({ 'pilotflow-api': 'api', 'pilotflow-worker': 'worker', 'pilotflow-migrate': 'migrate' });
    expect(configMap.data.HOST).toBe('0.0.0.0');
  });

  test('when the API Deployment and Service are read, then the container port is PORT, both probes ask /health on it, and the Service reaches it', () => {
    const api = named('Deployment', 'pilotflow-api');
    const [container] = api.spec.template.spec.containers;
    const port = container.ports.find((p: Any) => p.containerPort === Number(configMap.data.PORT));
    expect(port).toBeDefined();
    for (const probe of [container.readinessProbe, container.livenessProbe]) {
      expect(probe.httpGet.path).toBe('/health');
      expect([port.name, port.containerPort]).toContain(probe.httpGet.port);
    }
    const svc = named('Service', 'pilotflow-api');
    expect([port.name, port.containerPort]).toContain(svc.spec.ports[0].targetPort);
    expect(api.spec.template.metadata.labels).toMatchObject(svc.spec.selector);
    expect(api.spec.selector.matchLabels).toEqual(svc.spec.selector);
  });

  test('when the replicas and autoscalers are read, then the API and the worker run at least two pods and each autoscaler targets its Deployment', () => {
    for (const name of ['pilotflow-api', 'pilotflow-worker']) {
      expect(named('Deployment', name).spec.replicas).toBeGreaterThanOrEqual(2);
      const hpa = byKind('HorizontalPodAutoscaler').find((o) => o.spec.scaleTargetRef.name === name);
      expect(hpa?.spec.scaleTargetRef.kind).toBe('Deployment');
      expect(hpa?.spec.minReplicas).toBeGreaterThanOrEqual(2);
      expect(hpa?.spec.maxReplicas).toBeGreaterThan(hpa?.spec.minReplicas);
    }
    const images = new Set(workloads.map((w) => w.spec.template.spec.containers[0].image));
    expect(images.size).toBe(1);
  });

  test('when the API and the worker are read, then both mount the optional Temporal TLS Secret read-only where the ConfigMap points TEMPORAL_TLS_*, and the Secret carries the keys outside demo mode needs', () => {
    const mounts = ['pilotflow-api', 'pilotflow-worker'].map((name) => {
      const pod = named('Deployment', name).spec.template.spec;
      const volume = pod.volumes.find((v: Any) => v.secret?.secretName === 'pilotflow-temporal-tls');
      expect([name, volume?.secret.optional]).toEqual([name, true]);
      const mount = pod.containers[0].volumeMounts.find((m: Any) => m.name === volume.name);
      expect([name, mount.readOnly]).toEqual([name, true]);
      expect(pod.securityContext.fsGroup).toBe(pod.securityContext.runAsUser);
      return mount.mountPath;
    });
    expect(new Set(mounts).size).toBe(1);
    // the TLS lines are shipped commented out (the in-cluster frontend is plain until its TLS is set up): each names a file in the mount
    const tlsLines = [...read(`${K8S_DIR}/config.yaml`).matchAll(/^\s*#?\s*(TEMPORAL_TLS_(?:CA|CERT|KEY)): (\S+)$/gm)];
    expect(tlsLines.map((m) => m[1]).sort()).toEqual(['TEMPORAL_TLS_CA', 'TEMPORAL_TLS_CERT', 'TEMPORAL_TLS_KEY']);
    for (const [, , file] of tlsLines) expect(path.posix.dirname(file)).toBe(mounts[0]);
    expect(configMap.data.DEMO_MODE).toBe('false');
    expect(Object.keys(secret.stringData)).toEqual(expect.arrayContaining(['ACTOR_SIGNING_KEYS', 'AUDIT_CHAIN_KEYS']));
    expect(service('api').environment.ACTOR_SIGNING_KEYS).toBe(service('worker').environment.ACTOR_SIGNING_KEYS);
  });

  test('when the Temporal Helm values are read, then the namespace pilotflow uses is created with a retention, on PostgreSQL, and TEMPORAL_ADDRESS is a frontend', () => {
    const values = yamlFile(`${K8S_DIR}/temporal/values.yaml`);
    const ns = values.server.config.namespaces;
    expect(ns.create).toBe(true);
    expect(ns.namespace).toContainEqual({
      name: configMap.data.TEMPORAL_NAMESPACE,
      retention: expect.stringMatching(/^\d+d$/),
    });
    for (const store of ['default', 'visibility'])
      expect([store, values.server.config.persistence[store].sql.driver]).toEqual([store, 'postgres12']);
    expect(values.server.config.numHistoryShards).toBeGreaterThan(0);
    expect(values.server.dynamicConfig['frontend.namespaceRPS'][0].constraints.namespace).toBe(
      configMap.data.TEMPORAL_NAMESPACE,
    );
    expect(configMap.data.TEMPORAL_ADDRESS).toMatch(/^[\w-]+-frontend\.[\w.-]+:7233$/);
  });
});

describe('deploy/**', () => {
  test('when every file is searched for e-mail addresses, then each is on example.org', () => {
    const files = (dir: string): string[] =>
      fs
        .readdirSync(path.join(ROOT, dir), { withFileTypes: true })
        .flatMap((e) => (e.isDirectory() ? files(`${dir}/${e.name}`) : [`${dir}/${e.name}`]));
    const addresses = files('deploy').flatMap((f) =>
      [
        ...read(f)
          .replace(/\w+:\/\/\S+/g, '')
          .matchAll(/[\w.+-]+@([\w-]+(?:\.[\w-]+)+)/g),
      ].map((m) => m[1]),
    );
    expect(addresses.length).toBeGreaterThan(0);
    expect(addresses.filter((domain) => domain !== 'example.org' && !domain.endsWith('.example.org'))).toEqual([]);
  });

  test('when the probe path is asked of the real API, then it answers 200 with the database and Temporal up', async () => {
    h = await startHarness({ worker: false });
    const probe = named('Deployment', 'pilotflow-api').spec.template.spec.containers[0].readinessProbe.httpGet.path;
    const res = await http(h.baseUrl, 'GET', probe);
    expect(res).toEqual({ status: 200, body: { status: 'ok', database: 'ok', temporal: 'ok' } });
  });
});
