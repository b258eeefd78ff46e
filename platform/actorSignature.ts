// Why: whoever reaches Temporal's frontend could otherwise decide any task as any officer. The API
// signs the actor of every Update it sends with the current key of ACTOR_SIGNING_KEYS, over the
// workflow id, the Update's name and id and its whole input (shared/actorSignature.ts says
// exactly what); the workflows verify it before anything else (workflows/interceptors.ts), with the
// keys this module puts into their bundle.
import crypto from 'node:crypto';
import type { Configuration } from 'webpack';
import { signedText, type HmacHex } from '../shared/actorSignature';
import type { Actor } from '../shared/definitions';
import { parseKeyRing, processSecrets, type KeyRing } from './secrets';

export const nodeHmacHex: HmacHex = (key, message) =>
  crypto.createHmac('sha256', key).update(message, 'utf8').digest('hex');

let ring: KeyRing | undefined;

/** This process's actor keys: ACTOR_SIGNING_KEYS when set (tests, production), else the demo's. */
export function actorKeyRing(): KeyRing {
  if (!ring) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded lazily: the workflow bundler imports this module without config
    const { loadConfig } = require('./config') as typeof import('./config');
    const configured = loadConfig().actorSigningKeys;
    ring = configured ? parseKeyRing('ACTOR_SIGNING_KEYS', configured) : processSecrets().actorKeys;
  }
  return ring;
}

export interface SigningOptions {
  keys?: KeyRing;
  now?: Date;
}

/**
 * The input with its actor signed for this workflow, Update and Update id. The input is first put
 * through JSON, as Temporal will, so what is signed is exactly what the workflow receives.
 */
export function signActor<T extends { actor: Actor }>(
  workflowId: string,
  update: string | { name: string },
  updateId: string,
  input: T,
  opts: SigningOptions = {},
): T {
  const keys = opts.keys ?? actorKeyRing();
  const name = typeof update === 'string' ? update : update.name;
  const plain = JSON.parse(JSON.stringify(input)) as Record<string, unknown>;
  const at = (opts.now ?? new Date()).toISOString();
  const mac = nodeHmacHex(keys.current.key, signedText(workflowId, name, updateId, plain, at));
  return { ...input, actor: { ...input.actor, signature: { kid: keys.current.id, at, mac } } };
}

/**
 * What executeUpdate / executeUpdateWithStart need for a signed Update: its id (the caller's, for
 * an idempotent retry, else a new one — the signature is bound to it) and its signed input.
 */
export function signedUpdate<T extends { actor: Actor }>(
  workflowId: string,
  update: string | { name: string },
  input: T,
  updateId: string = crypto.randomUUID(),
  opts: SigningOptions = {},
): { args: [T]; updateId: string } {
  return { args: [signActor(workflowId, update, updateId, input, opts)], updateId };
}

/** "kid:hex,…": the ring as the workflow bundle carries it. */
function hexRing(keys: KeyRing): string {
  return [...keys.byId].map(([id, key]) => `${id}:${key.toString('hex')}`).join(',');
}

/**
 * Whether a bundle built with workflowBundleOptions() verifies with exactly these keys: they are
 * defined into its code as one string literal, so a bundle built with other keys (or none) has not got it.
 */
export function bundleHasActorKeys(code: string, keys: KeyRing = actorKeyRing()): boolean {
  return code.includes(JSON.stringify(hexRing(keys)));
}

/**
 * What bundleWorkflowCode (and Worker.create's bundler) needs for the actor check: the interceptor
 * module, and the keys defined into the bundle. `keys: null` bundles without keys (replays: every
 * live Update would be refused, and none is validated on replay). `maxAgeMs: 0` turns the
 * freshness check off (only the tests' bundle: the time-skipping server runs workflow clocks ahead).
 */
export function workflowBundleOptions(keys: KeyRing | null = actorKeyRing(), opts: { maxAgeMs?: number } = {}) {
  const defined: Record<string, string> = {};
  if (keys) defined.__PILOTFLOW_ACTOR_KEYS__ = JSON.stringify(hexRing(keys));
  if (opts.maxAgeMs !== undefined) defined.__PILOTFLOW_ACTOR_MAX_AGE_MS__ = JSON.stringify(opts.maxAgeMs);
  return {
    workflowInterceptorModules: [require.resolve('../workflows/interceptors')],
    webpackConfigHook: (config: Configuration): Configuration => {
      if (!Object.keys(defined).length) return config;
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- webpack is the Temporal bundler's, resolved only when bundling
      const { DefinePlugin } = require('webpack') as typeof import('webpack');
      return { ...config, plugins: [...(config.plugins ?? []), new DefinePlugin(defined)] };
    },
  };
}
