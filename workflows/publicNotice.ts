// The public notice (公示) of the signed list, run by the selection workflow when the round's
// configuration has one (rules: domain/publicNotice.ts). Objections arrive as the `fileObjection`
// Update (anyone logged in, or a member of the public through usecases/publicObjection.ts; the
// actor in the arguments), MOFCOM's resolutions as `resolveObjection`.
// The handlers are registered with the workflow, so an objection sent before the notice opens (or
// to a round without one) is refused by the validator — `no_public_notice` — not lost.
import { condition, proxyActivities, setHandler } from '@temporalio/workflow';
import type { Activities } from '../activities';
import { isLeadOfficer, mayFileObjection } from '../domain/actorRules';
import {
  isPublicFiler,
  lowestListedRanks,
  nextRanked,
  noticePeriodEnd,
  objectionRefusal,
  OBJECTION_OUTCOMES,
  type NoticePhase,
  type NoticeSnapshot,
  type ObjectionStatus,
} from '../domain/publicNotice';
import type { PublicNoticeConfig } from '../domain/round';
import { withSelection, type Proposal, type SelectionGroup } from '../domain/selection';
import { PERSIST } from './activityOptions';
import {
  fileObjectionUpdate,
  resolveObjectionUpdate,
  type ObjectionResult,
  type SelectionState,
} from '../shared/definitions';
import { dueAfter } from './dueTime';
import { refuse } from './refuse';

const { openPublicNotice, recordObjection, recordObjectionResolution, recordNoticePeriodEnded } =
  proxyActivities<Activities>(PERSIST);

interface Listed {
  group: SelectionGroup;
  rank: number;
  since: number;
  endsAt: number;
}

interface Notice {
  startedAt: number;
  /** the signed list's own end */
  signedEndsAt: number;
  listed: Map<string, Listed>;
  removed: NoticeSnapshot['removed'];
  /** per group, the lowest rank the list has held: offers go below it */
  below: Record<SelectionGroup, number>;
  proposal: Proposal;
  phase: NoticePhase;
}

export interface PublicNotice {
  /** runs the notice on the signed list; resolves with the final list */
  run(signed: Proposal): Promise<Proposal>;
  state(): SelectionState['notice'];
  /** the list as the notice has it now (undefined before it opens) */
  proposal(): Proposal | undefined;
}

const iso = (ms: number) => new Date(ms).toISOString();

export function publicNotice(opts: {
  roundId: string;
  workflowId: string;
  config: PublicNoticeConfig | undefined;
}): PublicNotice {
  const { roundId, workflowId, config } = opts;
  let notice: Notice | undefined;
  const objections = new Map<string, { applicationId: string; status: ObjectionStatus | 'resolving' }>();
  /** objections being filed or resolved: the list is not final while any is */
  const busy = new Set<string>();
  /** resolutions change the list one at a time, in the order MOFCOM sent them */
  let resolutions: Promise<unknown> = Promise.resolve();

  const periodEnd = () => noticePeriodEnd(notice!.signedEndsAt, [...notice!.listed.values()]);
  const openObjections = () =>
    [...objections].filter(([, o]) => o.status !== 'upheld' && o.status !== 'dismissed').map(([id]) => id);
  const snapshot = (): NoticeSnapshot => ({
    workingDays: config!.workingDays,
    offerNextRanked: config!.offerNextRanked,
    startedAt: iso(notice!.startedAt),
    endsAt: iso(periodEnd()),
    listed: [...notice!.listed].map(([applicationId, e]) => ({
      applicationId,
      group: e.group,
      rank: e.rank,
      since: iso(e.since),
      endsAt: iso(e.endsAt),
    })),
    removed: notice!.removed,
  });

  setHandler(
    fileObjectionUpdate,
    async ({ objectionId, applicationId, reason, actor }) => {
      busy.add(objectionId);
      try {
        await recordObjection({ roundId, objectionId, applicationId, reason: reason.trim(), actor });
        objections.set(objectionId, { applicationId, status: 'open' });
      } finally {
        busy.delete(objectionId);
      }
      return { objectionId, applicationId, status: 'open' } satisfies ObjectionResult;
    },
    {
      validator: ({ objectionId, applicationId, reason, actor }) => {
        // anyone logged in but an auditor, or a member of the public for this very objection
        if (!mayFileObjection(actor) && !isPublicFiler(actor, objectionId)) throw refuse('forbidden');
        if (!notice || notice.phase === 'final') throw refuse('no_public_notice');
        if (objections.has(objectionId) || busy.has(objectionId))
          throw refuse('invalid_input', [
            {
              field: 'objectionId',
              code: 'taken',
              message: { zh: '该异议编号已使用', en: 'This objection id is taken' },
            },
          ]);
        const why = objectionRefusal(notice.listed, applicationId, Date.now());
        if (why === 'window_closed') throw refuse('no_public_notice');
        if (why === 'not_listed')
          throw refuse('invalid_input', [
            {
              field: 'applicationId',
              code: 'not_listed',
              message: { zh: '该申报不在公示名单中', en: 'This application is not on the list under notice' },
            },
          ]);
        if (!reason?.trim())
          throw refuse('invalid_input', [
            { field: 'reason', code: 'required', message: { zh: '异议须说明理由', en: 'An objection needs a reason' } },
          ]);
      },
    },
  );

  setHandler(
    resolveObjectionUpdate,
    async ({ objectionId, outcome, reason, actor }) => {
      const objection = objections.get(objectionId)!;
      objection.status = 'resolving';
      busy.add(objectionId);
      const resolve = async (): Promise<ObjectionResult> => {
        let changed = false;
        let offered: { applicationId: string; rank: number; since: string; endsAt: string } | undefined;
        const entry = notice!.listed.get(objection.applicationId);
        // An applicant already removed on an earlier objection leaves nothing more to change.
        if (outcome === 'uphold' && entry) {
          const next = config!.offerNextRanked
            ? nextRanked(notice!.proposal, entry.group, notice!.below[entry.group])
            : undefined;
          let window: { since: number; endsAt: number } | undefined;
          if (next) {
            const since = Date.now();
            window = { since, endsAt: (await dueAfter('working', config!.workingDays)).at };
          }
          notice!.listed.delete(objection.applicationId);
          notice!.removed.push({
            applicationId: objection.applicationId,
            group: entry.group,
            rank: entry.rank,
            objectionId,
          });
          if (next && window) {
            notice!.listed.set(next.applicationId, { group: entry.group, rank: next.rank, ...window });
            notice!.below[entry.group] = next.rank;
            offered = {
              applicationId: next.applicationId,
              rank: next.rank,
              since: iso(window.since),
              endsAt: iso(window.endsAt),
            };
          }
          notice!.proposal = withSelection(notice!.proposal, [...notice!.listed.keys()]);
          changed = true;
        }
        await recordObjectionResolution({
          roundId,
          objectionId,
          outcome,
          reason: reason.trim(),
          actor,
          ...(changed ? { proposal: notice!.proposal, notice: snapshot() } : {}),
          ...(offered ? { offered } : {}),
        });
        objection.status = outcome === 'uphold' ? 'upheld' : 'dismissed';
        return {
          objectionId,
          applicationId: objection.applicationId,
          status: objection.status,
          ...(offered
            ? { offered: { applicationId: offered.applicationId, since: offered.since, endsAt: offered.endsAt } }
            : {}),
        };
      };
      const result = resolutions.then(resolve).finally(() => {
        busy.delete(objectionId);
        if (objection.status === 'resolving') objection.status = 'open';
      });
      resolutions = result.catch(() => undefined);
      return result;
    },
    {
      validator: ({ objectionId, outcome, reason, actor }) => {
        if (!isLeadOfficer(actor)) throw refuse('forbidden');
        if (!notice) throw refuse('no_public_notice');
        const objection = objections.get(objectionId);
        if (!objection) throw refuse(busy.has(objectionId) ? 'task_busy' : 'not_found');
        if (objection.status !== 'open') throw refuse('already_resolved');
        if (!OBJECTION_OUTCOMES.includes(outcome))
          throw refuse('invalid_input', [
            {
              field: 'outcome',
              code: 'invalid_value',
              message: { zh: '应为 uphold 或 dismiss', en: 'Must be uphold or dismiss' },
            },
          ]);
        if (!reason?.trim())
          throw refuse('invalid_input', [
            { field: 'reason', code: 'required', message: { zh: '须说明处理理由', en: 'A resolution needs a reason' } },
          ]);
      },
    },
  );

  return {
    proposal: () => notice?.proposal,
    state: () =>
      notice
        ? {
            ...snapshot(),
            phase: notice.phase,
            objections: [...objections].map(([id, o]) => ({ id, applicationId: o.applicationId, status: o.status })),
          }
        : undefined,

    async run(signed) {
      const startedAt = Date.now();
      const due = await dueAfter('working', config!.workingDays);
      const listed = new Map<string, Listed>();
      for (const group of ['city', 'enterprise'] as const) {
        for (const e of signed[group])
          if (e.selected) listed.set(e.applicationId, { group, rank: e.rank, since: startedAt, endsAt: due.at });
      }
      notice = {
        startedAt,
        signedEndsAt: due.at,
        listed,
        removed: [],
        below: lowestListedRanks(signed),
        proposal: signed,
        phase: 'open',
      };
      await openPublicNotice({ roundId, eventKey: `${workflowId}#notice`, proposal: signed, notice: snapshot() });

      const recordedEnds = new Set<number>();
      for (;;) {
        const end = periodEnd();
        const wait = end - Date.now();
        if (wait > 0) {
          notice.phase = 'open';
          // until the period ends, or moves (an applicant offered a place brings its own window)
          await condition(() => periodEnd() !== end, wait);
          continue;
        }
        notice.phase = 'awaiting_resolution';
        if (!recordedEnds.has(end)) {
          recordedEnds.add(end);
          await recordNoticePeriodEnded({
            roundId,
            eventKey: `${workflowId}#notice-ended@${end}`,
            endsAt: iso(end),
            openObjections: openObjections(),
          });
        }
        await condition(() => periodEnd() !== end || (busy.size === 0 && openObjections().length === 0));
        if (periodEnd() === end) break;
      }
      notice.phase = 'final';
      return notice.proposal;
    },
  };
}
