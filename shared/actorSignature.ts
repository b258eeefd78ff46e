// Why: the Temporal frontend is reachable by more than the API, so an Update's `actor` is only a
// claim until the workflow can check it. The API signs it (platform/actorSignature.ts) with an HMAC
// over the workflow id, the Update's name and id, its whole input and the signing time; this module
// is the one definition of what is signed and how a signature is judged. Binding the Update id
// makes a signature copied out of a history useless: sent again under that id, Temporal answers
// with the first outcome and runs nothing; under another id, the MAC fails. Pure and synchronous:
// the workflow sandbox passes its HMAC (@noble/hashes), the API and the tests node:crypto's.
import { canonicalJson } from '../domain/canonicalJson';
import type { Actor, ActorSignature } from './definitions';

/** A signature older than this (workflow time against signing time) is refused (a second line behind the Update id). */
export const MAX_SIGNATURE_AGE_MS = 10 * 60_000;
/** How far the API's clock may run ahead of Temporal's before its signature is refused. */
export const MAX_CLOCK_AHEAD_MS = 60_000;

/** hex HMAC-SHA256 of a UTF-8 message */
export type HmacHex = (key: Uint8Array, message: string) => string;

export type ActorRefusal = 'unsigned' | 'unknown_key' | 'bad_mac' | 'stale' | 'from_the_future' | 'malformed';

/** The Update's input as it is signed: the actor without its signature, everything else as sent. */
export function withoutSignature(input: Record<string, unknown>): Record<string, unknown> {
  const actor = input.actor as (Actor & { signature?: unknown }) | undefined;
  if (!actor || typeof actor !== 'object') return input;
  const { signature: _signature, ...bare } = actor;
  return { ...input, actor: bare };
}

/** The exact text the MAC is taken over. */
export function signedText(
  workflowId: string,
  update: string,
  updateId: string,
  input: Record<string, unknown>,
  at: string,
): string {
  return canonicalJson({ workflowId, update, updateId, args: withoutSignature(input), at });
}

/** Constant-time comparison of two hex strings (the workflow sandbox has no crypto.timingSafeEqual). */
function sameHex(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

/**
 * Why this Update's actor must not be believed, or undefined if its signature holds: made with a
 * key of the ring over exactly this workflow, Update, Update id and input, and — unless maxAgeMs is
 * 0 — recent by the workflow's clock.
 */
export function actorRefusal(
  input: unknown,
  ctx: {
    workflowId: string;
    update: string;
    updateId: string;
    now: number;
    keys: ReadonlyMap<string, Uint8Array>;
    hmac: HmacHex;
    maxAgeMs?: number;
  },
): ActorRefusal | undefined {
  if (!input || typeof input !== 'object' || Array.isArray(input)) return 'unsigned';
  const actor = (input as { actor?: unknown }).actor as Actor | undefined;
  if (!actor || typeof actor !== 'object') return 'unsigned';
  const sig = actor.signature as Partial<ActorSignature> | undefined;
  if (!sig || typeof sig !== 'object') return 'unsigned';
  if (typeof sig.kid !== 'string' || typeof sig.at !== 'string' || typeof sig.mac !== 'string') return 'malformed';
  const key = ctx.keys.get(sig.kid);
  if (!key) return 'unknown_key';
  const at = Date.parse(sig.at);
  if (Number.isNaN(at)) return 'malformed';
  const expected = ctx.hmac(
    key,
    signedText(ctx.workflowId, ctx.update, ctx.updateId, input as Record<string, unknown>, sig.at),
  );
  if (!sameHex(expected, sig.mac.toLowerCase())) return 'bad_mac';
  const maxAge = ctx.maxAgeMs ?? MAX_SIGNATURE_AGE_MS;
  if (maxAge > 0 && ctx.now - at > maxAge) return 'stale';
  if (maxAge > 0 && at - ctx.now > MAX_CLOCK_AHEAD_MS) return 'from_the_future';
  return undefined;
}

/** "kid:hex,…" → key ring; the form the worker's bundle carries its keys in (see workflows/interceptors.ts). */
export function parseHexKeys(raw: string | undefined, fromHex: (hex: string) => Uint8Array): Map<string, Uint8Array> {
  const keys = new Map<string, Uint8Array>();
  for (const entry of (raw ?? '').split(',')) {
    const at = entry.indexOf(':');
    if (at > 0) keys.set(entry.slice(0, at), fromHex(entry.slice(at + 1)));
  }
  return keys;
}
