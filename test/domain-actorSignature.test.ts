// The sign/verify pair on its own, without Temporal: what the API signs (platform/actorSignature.ts)
// is exactly what the workflows' interceptor accepts (shared/actorSignature.ts), and any change
// to the workflow, the Update, its id, its input, the key or the time is refused.
import crypto from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { nodeHmacHex, signActor, signedUpdate } from '../platform/actorSignature';
import { parseKeyRing } from '../platform/secrets';
import { actorRefusal, MAX_SIGNATURE_AGE_MS, parseHexKeys, signedText } from '../shared/actorSignature';
import type { Actor } from '../shared/definitions';

const ring = parseKeyRing(
  'ACTOR_SIGNING_KEYS',
  `k2:${Buffer.alloc(32, 7).toString('base64')},k1:${Buffer.alloc(32, 8).toString('base64')}`,
);
const verifierKeys = new Map([...ring.byId].map(([id, key]) => [id, new Uint8Array(key)]));
const officer: Actor = {
  userId: 'u1',
  username: 'gd.commerce',
  role: 'provincial_officer',
  departmentId: 'GD.COMMERCE',
};
const at = new Date('2026-03-01T08:00:00.000Z');
const WF = 'provincial-review-app1-r1';

const check = (
  input: unknown,
  over: Partial<{
    workflowId: string;
    update: string;
    updateId: string;
    now: number;
    maxAgeMs: number;
    keys: Map<string, Uint8Array>;
  }> = {},
) =>
  actorRefusal(input === undefined ? undefined : JSON.parse(JSON.stringify(input)), {
    workflowId: WF,
    update: 'decide',
    updateId: 'up-1',
    now: at.getTime() + 1000,
    keys: verifierKeys,
    hmac: nodeHmacHex,
    ...over,
  });

const signed = () =>
  signActor(
    WF,
    'decide',
    'up-1',
    { taskId: 'app1:pr1:COMMERCE', decision: 'approve', reason: undefined, actor: officer },
    { keys: ring, now: at },
  );

describe('actor signatures', () => {
  test('when the API signs an Update, then the workflow side accepts it as sent through JSON', () => {
    expect(check(signed())).toBeUndefined();
  });

  test('when the input is the same but its keys come in another order, then it still verifies (canonical JSON)', () => {
    const s = signed();
    expect(check({ actor: s.actor, decision: s.decision, taskId: s.taskId })).toBeUndefined();
  });

  test('when anything signed is changed, then the signature is refused as not matching', () => {
    const s = signed();
    expect(check({ ...s, decision: 'reject' })).toBe('bad_mac');
    expect(check({ ...s, reason: 'added later' })).toBe('bad_mac');
    expect(check({ ...s, actor: { ...s.actor, departmentId: 'GD.FINANCE' } })).toBe('bad_mac');
    expect(
      check({
        ...s,
        actor: { ...s.actor, signature: { ...s.actor.signature!, at: new Date(at.getTime() + 1).toISOString() } },
      }),
    ).toBe('bad_mac');
    expect(check(s, { workflowId: 'provincial-review-app2-r1' })).toBe('bad_mac');
    expect(check(s, { update: 'taskAction' })).toBe('bad_mac');
    expect(check(s, { updateId: 'up-2' })).toBe('bad_mac');
  });

  test('when there is no signature, or an unknown or malformed one, then it is refused for that reason', () => {
    expect(check({ taskId: 't', decision: 'approve', actor: officer })).toBe('unsigned');
    expect(check({ taskId: 't', decision: 'approve' })).toBe('unsigned');
    expect(check(undefined)).toBe('unsigned');
    const s = signed();
    expect(check({ ...s, actor: { ...s.actor, signature: { ...s.actor.signature!, kid: 'nope' } } })).toBe(
      'unknown_key',
    );
    expect(
      check({ ...s, actor: { ...s.actor, signature: { kid: 'k2', at: 'yesterday', mac: s.actor.signature!.mac } } }),
    ).toBe('malformed');
    // signed with a key the workflows do not hold
    const stranger = parseKeyRing('X', `k2:${crypto.randomBytes(32).toString('base64')}`);
    expect(
      check(
        signActor(
          WF,
          'decide',
          'up-1',
          { taskId: 't', decision: 'approve', actor: officer },
          { keys: stranger, now: at },
        ),
      ),
    ).toBe('bad_mac');
  });

  test('when the key ring rotates, then a signature by an older key of the ring still verifies', () => {
    const old = { current: { id: 'k1', key: ring.byId.get('k1')! }, byId: ring.byId };
    expect(
      check(
        signActor(WF, 'decide', 'up-1', { taskId: 't', decision: 'approve', actor: officer }, { keys: old, now: at }),
      ),
    ).toBeUndefined();
  });

  test('when the workflow clock is past the window, or far behind the signing time, then it is refused; a window of 0 turns that off', () => {
    const s = signed();
    expect(check(s, { now: at.getTime() + MAX_SIGNATURE_AGE_MS - 1 })).toBeUndefined();
    expect(check(s, { now: at.getTime() + MAX_SIGNATURE_AGE_MS + 1 })).toBe('stale');
    expect(check(s, { now: at.getTime() - 5 * 60_000 })).toBe('from_the_future');
    expect(check(s, { now: at.getTime() + 365 * 86_400_000, maxAgeMs: 0 })).toBeUndefined();
  });

  test('when signedUpdate is given no Update id, then it makes one and signs with it', () => {
    const { args, updateId } = signedUpdate(
      WF,
      { name: 'decide' },
      { taskId: 't', decision: 'approve', actor: officer },
      undefined,
      { keys: ring, now: at },
    );
    expect(updateId).toMatch(/^[0-9a-f-]{36}$/);
    expect(check(args[0], { updateId })).toBeUndefined();
  });

  test('when the workflow sandbox computes the MAC with @noble/hashes, then it is the same as node:crypto', () => {
    const text = signedText(
      WF,
      'decide',
      'up-1',
      { taskId: '任务', decision: 'approve', actor: officer },
      at.toISOString(),
    );
    const key = ring.current.key.toString('hex');
    // @noble/hashes is ESM-only: computed by a plain node process, as the bundle's webpack would load it
    const noble = execFileSync(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        "import { hmac } from '@noble/hashes/hmac.js'; import { sha256 } from '@noble/hashes/sha2.js'; import { bytesToHex, hexToBytes, utf8ToBytes } from '@noble/hashes/utils.js'; const [k, t] = JSON.parse(process.argv[1]); process.stdout.write(bytesToHex(hmac(sha256, hexToBytes(k), utf8ToBytes(t))));",
        JSON.stringify([key, text]),
      ],
      { cwd: __dirname, encoding: 'utf8' },
    );
    expect(noble).toBe(nodeHmacHex(ring.current.key, text));
    expect(parseHexKeys(`k2:${key}`, (h) => new Uint8Array(Buffer.from(h, 'hex'))).get('k2')).toEqual(
      new Uint8Array(ring.current.key),
    );
  });
});
