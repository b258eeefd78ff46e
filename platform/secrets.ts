// The keys pilotflow holds: the one the API signs officers' actions with (verified inside the
// workflows), the one the audit chain is keyed with, and the embedded database's password.
// Outside demo mode each must come from configuration — there is no default credential. In demo
// mode a missing one is generated once and kept in DATA_DIR/secrets.json (mode 0600).
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Config } from './config';

export interface Key {
  id: string;
  key: Buffer;
}

/** A key ring: `current` signs or seals; every key in `byId` still verifies (rotation). */
export interface KeyRing {
  current: Key;
  byId: Map<string, Buffer>;
}

export interface Secrets {
  actorKeys: KeyRing;
  auditKeys: KeyRing;
}

const KEY_ID = /^[A-Za-z0-9_-]{1,32}$/;

/** "kid:base64key[,kid:base64key…]": the first key is current; keys of at least 32 bytes. */
export function parseKeyRing(name: string, raw: string): KeyRing {
  const keys = raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((entry) => {
      const at = entry.indexOf(':');
      const id = entry.slice(0, at);
      const key = Buffer.from(entry.slice(at + 1), 'base64');
      if (at < 1 || !KEY_ID.test(id))
        throw new Error(
          `${name}: each entry is "kid:base64key" with a key id of letters, digits, _ or - (got "${id || entry.slice(0, 8)}…")`,
        );
      if (key.length < 32)
        throw new Error(
          `${name}: key "${id}" has ${key.length} bytes; at least 32 are needed (openssl rand -base64 32)`,
        );
      return { id, key };
    });
  if (!keys.length) throw new Error(`${name} is empty`);
  const byId = new Map<string, Buffer>();
  for (const k of keys) {
    if (byId.has(k.id)) throw new Error(`${name}: key id "${k.id}" appears twice`);
    byId.set(k.id, k.key);
  }
  return { current: keys[0], byId };
}

export function formatKeyRing(keys: Key[]): string {
  return keys.map((k) => `${k.id}:${k.key.toString('base64')}`).join(',');
}

interface DemoSecrets {
  actorSigningKeys: string;
  auditChainKeys: string;
  embeddedDbPassword: string;
}

/** The demo's own keys, created once per data folder with owner-only permissions. */
function demoSecrets(dataDir: string): DemoSecrets {
  const file = path.join(dataDir, 'secrets.json');
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as DemoSecrets;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  const created: DemoSecrets = {
    actorSigningKeys: formatKeyRing([{ id: 'demo1', key: crypto.randomBytes(32) }]),
    auditChainKeys: formatKeyRing([{ id: 'demo1', key: crypto.randomBytes(32) }]),
    embeddedDbPassword: crypto.randomBytes(24).toString('base64url'),
  };
  try {
    fs.writeFileSync(file, JSON.stringify(created, null, 2), { flag: 'wx', mode: 0o600 });
    return created;
  } catch (err) {
    // another process of the same start created it first: use theirs
    if ((err as NodeJS.ErrnoException).code === 'EEXIST')
      return JSON.parse(fs.readFileSync(file, 'utf8')) as DemoSecrets;
    throw err;
  }
}

export class MissingSecretError extends Error {}

function refuseWithoutDemo(missing: string[]): void {
  throw new MissingSecretError(
    `DEMO_MODE is off, so pilotflow has no default credentials: set ${missing.join(', ')}. ` +
      'A key ring is "kid:base64key", e.g. ACTOR_SIGNING_KEYS="k1:$(openssl rand -base64 32)"; see docs/security.md.',
  );
}

type SecretSettings = Pick<Config, 'demoMode' | 'dataDir' | 'actorSigningKeys' | 'auditChainKeys'>;

/**
 * The key rings, from configuration; in demo mode the missing ones come from
 * DATA_DIR/secrets.json. Outside demo mode a missing one stops the process with what to set.
 */
export function loadSecrets(config: SecretSettings): Secrets {
  const missing = [
    !config.actorSigningKeys && 'ACTOR_SIGNING_KEYS',
    !config.auditChainKeys && 'AUDIT_CHAIN_KEYS',
  ].filter((v): v is string => Boolean(v));
  if (missing.length && !config.demoMode) refuseWithoutDemo(missing);
  const demo = missing.length ? demoSecrets(config.dataDir) : undefined;
  return {
    actorKeys: parseKeyRing('ACTOR_SIGNING_KEYS', config.actorSigningKeys ?? demo!.actorSigningKeys),
    auditKeys: parseKeyRing('AUDIT_CHAIN_KEYS', config.auditChainKeys ?? demo!.auditChainKeys),
  };
}

/** The embedded database's password: only the processes that start or open it ask for it. */
export function embeddedDbPassword(config: Pick<Config, 'demoMode' | 'dataDir' | 'embeddedDbPassword'>): string {
  if (config.embeddedDbPassword) return config.embeddedDbPassword;
  if (!config.demoMode) refuseWithoutDemo(['EMBEDDED_DB_PASSWORD']);
  return demoSecrets(config.dataDir).embeddedDbPassword;
}

/** Everything `npm start` will need, checked at once so the operator reads one complete message. */
export function checkSecrets(config: SecretSettings & Pick<Config, 'databaseUrl' | 'embeddedDbPassword'>): void {
  const missing = [
    !config.actorSigningKeys && 'ACTOR_SIGNING_KEYS',
    !config.auditChainKeys && 'AUDIT_CHAIN_KEYS',
    !config.databaseUrl && !config.embeddedDbPassword && 'EMBEDDED_DB_PASSWORD',
  ].filter((v): v is string => Boolean(v));
  if (missing.length && !config.demoMode) refuseWithoutDemo(missing);
}

let cached: Secrets | undefined;

/** This process's secrets, loaded once from its configuration (the API, the worker, the tools). */
export function processSecrets(): Secrets {
  // required lazily: config.ts is cheap, but a module that only parses key rings should not need it
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- see above
  cached ??= loadSecrets((require('./config') as typeof import('./config')).loadConfig());
  return cached;
}
