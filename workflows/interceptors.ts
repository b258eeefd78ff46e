// Why: one place that decides whether an Update's actor is believed. Every Update a workflow
// takes (decide, taskAction, submit, assignPanel, fileObjection, resolveObjection, submitReport,
// submitSelfAssessment) names who acts; before any handler's own validator runs, this inbound
// interceptor refuses it unless the API's signature over it holds (shared/actorSignature.ts).
// The keys come into the bundle at build time (platform/actorSignature.ts, webpack DefinePlugin):
// the sandbox has neither process.env nor node:crypto. A bundle built without keys (a replay)
// refuses every Update, which never matters: validators do not run on replay.
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, hexToBytes, utf8ToBytes } from '@noble/hashes/utils.js';
import {
  log,
  workflowInfo,
  type Next,
  type UpdateInput,
  type WorkflowInboundCallsInterceptor,
  type WorkflowInterceptorsFactory,
} from '@temporalio/workflow';
import { actorRefusal, parseHexKeys, withoutSignature, type HmacHex } from '../shared/actorSignature';
import { refuse } from './refuse';

declare const __PILOTFLOW_ACTOR_KEYS__: string | undefined;
declare const __PILOTFLOW_ACTOR_MAX_AGE_MS__: number | undefined;

const KEYS = parseHexKeys(
  typeof __PILOTFLOW_ACTOR_KEYS__ === 'string' ? __PILOTFLOW_ACTOR_KEYS__ : undefined,
  hexToBytes,
);
/** absent: the default window; 0: no freshness check (the tests' bundle: time-skipping runs workflow clocks years ahead) */
const MAX_AGE_MS = typeof __PILOTFLOW_ACTOR_MAX_AGE_MS__ === 'number' ? __PILOTFLOW_ACTOR_MAX_AGE_MS__ : undefined;
const hmacHex: HmacHex = (key, message) => bytesToHex(hmac(sha256, key, utf8ToBytes(message)));

const WHY = {
  unsigned: { zh: '缺少签名', en: 'Not signed' },
  malformed: { zh: '签名格式有误', en: 'The signature is malformed' },
  unknown_key: { zh: '签名密钥未知', en: 'Signed with an unknown key' },
  bad_mac: { zh: '签名与内容不符', en: 'The signature does not match the content' },
  stale: { zh: '签名已过期', en: 'The signature has expired' },
  from_the_future: { zh: '签名时间晚于当前时间', en: 'The signature is dated in the future' },
} as const;

class ActorVerification implements WorkflowInboundCallsInterceptor {
  validateUpdate(input: UpdateInput, next: Next<WorkflowInboundCallsInterceptor, 'validateUpdate'>): void {
    const { workflowId } = workflowInfo();
    const why = actorRefusal(input.args[0], {
      workflowId,
      update: input.name,
      updateId: input.updateId,
      now: Date.now(),
      keys: KEYS,
      hmac: hmacHex,
      maxAgeMs: MAX_AGE_MS,
    });
    if (why) {
      log.warn('update refused: actor not verified', { update: input.name, updateId: input.updateId, why });
      throw refuse('actor_unverified', [{ field: 'actor.signature', code: why, message: WHY[why] }]);
    }
    next(input);
  }

  /** The handlers (and the activities they call) get the actor without its signature: it has done its job. */
  handleUpdate(input: UpdateInput, next: Next<WorkflowInboundCallsInterceptor, 'handleUpdate'>): Promise<unknown> {
    const [first, ...rest] = input.args;
    return next(
      first && typeof first === 'object' && !Array.isArray(first)
        ? { ...input, args: [withoutSignature(first as Record<string, unknown>), ...rest] }
        : input,
    );
  }
}

export const interceptors: WorkflowInterceptorsFactory = () => ({ inbound: [new ActorVerification()] });
