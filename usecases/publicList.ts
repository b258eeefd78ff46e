// The public record of a round's list, for anyone without logging in: each round whose list is in
// public notice (公示) or final, its applicants (name, kind, reporting unit, group, rank), the
// notice window in China Standard Time, and how to object. Nothing private: no score, no expert,
// no objection, no contact — only what MOFCOM itself publishes.
import { APPLICANT_KIND_LABELS, type ApplicantKind } from '../domain/applicants';
import { DomainError } from '../domain/errors';
import {
  NOTICE_PHASE_LABELS,
  RECORDED_NOTICE_ACTION,
  type NoticePhase,
  type NoticeSnapshot,
  type RecordedNotice,
} from '../domain/publicNotice';
import { PROVINCES } from '../domain/provinces';
import { APPLICATION_STATUSES } from '../domain/status';
import { SELECTION_GROUPS, type Proposal, type SelectionGroup } from '../domain/selection';
import { beijingDate } from '../domain/workingCalendar';
import type { UseCaseDeps } from './context';
import { noticeOf } from './objections';

const PUBLIC_STATUSES = ['public_notice', 'published'];

/** The window as people read it: its instants and its first and last days in Beijing. */
function windowOf(since: string, endsAt: string) {
  return {
    startsAt: since,
    endsAt,
    startsOn: beijingDate(new Date(since)),
    // the window ends at 24:00 Beijing time: its last day is the day before that instant
    endsOn: beijingDate(new Date(Date.parse(endsAt) - 1)),
  };
}

const HOW_TO_OBJECT = {
  open: {
    zh: '公示期内，任何单位和个人均可对名单中的申报提出异议：写明姓名、联系邮箱、所针对的申报和理由，在本页提交。受理回执编号将发送至所填邮箱；商务部核查后作出处理。',
    en: 'During the notice period anyone may object to an applicant on the list: give your name, an e-mail address, the applicant and your reasons on this page. A receipt code is sent to that address; MOFCOM looks into each objection and resolves it.',
  },
  closed: {
    zh: '公示期已结束，不再受理异议。',
    en: 'The notice period is over; objections are no longer taken.',
  },
};

type Phase = NoticePhase | 'published';

const PHASE_LABELS: Record<Phase, { zh: string; en: string }> = {
  ...NOTICE_PHASE_LABELS,
  published: { zh: '名单已确定并公布', en: 'The list is final and published' },
};

interface RoundRow {
  id: string;
  kind: string;
  nameZh: string;
  nameEn: string;
}

/** What is public of one round, or undefined when it has nothing public yet. */
async function publicRecord(deps: UseCaseDeps, round: RoundRow) {
  const selection = await deps.db.selection.findUnique({ where: { roundId: round.id } });
  if (selection && PUBLIC_STATUSES.includes(selection.status)) {
    const notice = await noticeOf(deps, round.id, selection.status);
    // (a notice's records and its status are written together; without them, go by the status)
    const phase: Phase = notice?.phase ?? (selection.status === 'published' ? 'published' : 'open');
    return { round, selection, notice, recorded: undefined, phase };
  }
  const recorded = await deps.db.auditEvent.findFirst({
    where: { roundId: round.id, action: RECORDED_NOTICE_ACTION },
    select: { detail: true },
  });
  if (!recorded) return undefined;
  return {
    round,
    selection: undefined,
    notice: undefined,
    recorded: recorded.detail as unknown as RecordedNotice,
    phase: 'final' as Phase,
  };
}

type PublicRecord = NonNullable<Awaited<ReturnType<typeof publicRecord>>>;

function summary(r: PublicRecord) {
  const snapshot: NoticeSnapshot | undefined = r.notice ?? r.recorded?.notice;
  return {
    id: r.round.id,
    kind: r.round.kind,
    nameZh: r.round.nameZh,
    nameEn: r.round.nameEn,
    phase: r.phase,
    phaseLabel: PHASE_LABELS[r.phase],
    notice: snapshot ? { workingDays: snapshot.workingDays, ...windowOf(snapshot.startedAt, snapshot.endsAt) } : null,
    publishedAt: r.selection?.publishedAt?.toISOString() ?? null,
    finalList: r.recorded?.finalList ?? null,
    source: r.recorded?.source ?? null,
    objectionsOpen: r.phase === 'open',
  };
}

/** GET /api/public/rounds: every round with a list in public notice or final, newest first. */
export async function listPublicRounds(deps: UseCaseDeps) {
  const rounds = await deps.db.round.findMany({
    select: { id: true, kind: true, nameZh: true, nameEn: true },
    orderBy: [{ declarationDeadline: 'desc' }, { id: 'asc' }],
  });
  const out = [];
  for (const round of rounds) {
    const record = await publicRecord(deps, round);
    if (record) out.push(summary(record));
  }
  return out;
}

/** GET /api/public/rounds/:id/list: the round's list with each applicant's window, and how to object. */
export async function publicRoundList(deps: UseCaseDeps, roundId: string) {
  const round = await deps.db.round.findUnique({
    where: { id: roundId },
    select: { id: true, kind: true, nameZh: true, nameEn: true },
  });
  const record = round ? await publicRecord(deps, round) : undefined;
  if (!record) throw new DomainError('not_found');

  // who is on the list: while in notice, the notice's list (with each one's own window); once
  // final, the published list (windows where the notice gave them)
  const windows = new Map((record.notice?.listed ?? []).map((e) => [e.applicationId, e]));
  const entries: { applicationId: string; group: SelectionGroup; rank: number }[] = [];
  if (record.selection?.status === 'published') {
    const proposal = record.selection.proposal as unknown as Proposal;
    for (const group of SELECTION_GROUPS)
      for (const e of proposal[group])
        if (e.selected) entries.push({ applicationId: e.applicationId, group, rank: e.rank });
  } else for (const e of record.notice?.listed ?? []) entries.push(e);
  entries.sort((a, b) => a.group.localeCompare(b.group) || a.rank - b.rank);

  const apps = new Map(
    (
      await deps.db.application.findMany({
        where: { id: { in: entries.map((e) => e.applicationId) } },
        select: {
          id: true,
          kind: true,
          provinceCode: true,
          status: true,
          organization: { select: { name: true } },
          pilot: { select: { removedAt: true } },
          titleReviews: { where: { status: 'revoked' }, select: { decidedAt: true } },
        },
      })
    ).map((a) => [a.id, a]),
  );
  const provinces = new Map<string, (typeof PROVINCES)[number]>(PROVINCES.map((p) => [p.code, p]));
  const now = (deps.now?.() ?? new Date()).getTime();
  const listed = entries.map((e) => {
    const app = apps.get(e.applicationId);
    const unit = app?.provinceCode ? provinces.get(app.provinceCode) : undefined;
    const window = windows.get(e.applicationId);
    return {
      applicationId: e.applicationId,
      name: app?.organization.name ?? '',
      kind: app?.kind ?? '',
      kindLabel: APPLICANT_KIND_LABELS[app?.kind as ApplicantKind] ?? null,
      provinceCode: app?.provinceCode ?? null,
      province: unit ? { zh: unit.nameZh, en: unit.nameEn } : null,
      group: e.group,
      rank: e.rank,
      window: window ? windowOf(window.since, window.endsAt) : null,
      /** 动态管理: a listed pilot removed since, or a title revoked since — the list says so */
      withdrawn: withdrawal(app),
      // the API's clock: the workflow's validator has the final word on a late objection
      objectionsOpen: record.phase === 'open' && window !== undefined && now < Date.parse(window.endsAt),
    };
  });
  const open = listed.some((e) => e.objectionsOpen);
  return {
    ...summary(record),
    listed,
    howToObject: {
      open,
      ...(open ? HOW_TO_OBJECT.open : HOW_TO_OBJECT.closed),
      endpoint: open ? `/api/public/rounds/${encodeURIComponent(roundId)}/objections` : null,
    },
  };
}

/** A listed applicant's pilot removed (取消试点资格) or title revoked (撤销示范称号), with when; else null. */
function withdrawal(
  app:
    | { status: string; pilot: { removedAt: Date | null } | null; titleReviews: { decidedAt: Date | null }[] }
    | undefined,
) {
  if (app?.status === 'removed')
    return { status: 'removed', at: app.pilot?.removedAt?.toISOString() ?? null, label: APPLICATION_STATUSES.removed };
  if (app?.status === 'revoked')
    return {
      status: 'revoked',
      at: app.titleReviews[0]?.decidedAt?.toISOString() ?? null,
      label: APPLICATION_STATUSES.revoked,
    };
  return null;
}
