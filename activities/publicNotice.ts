// The public notice's writes (workflows/publicNotice.ts): the notice opened, each objection filed
// and resolved, what a resolution changed on the list, the period's end. Each is one transaction
// with its audit record and its mail, under an event key derived from the workflow or the
// objection's id, so a retried activity records and mails nothing twice.
//
// Chains: the notice and the filings are the round's records (a filing names its filer, whom the
// applicant objected to does not see); a resolution is the objected applicant's record, and an
// offer the offered applicant's, so each applicant's history shows what was decided about it.
import { ApplicationFailure } from '@temporalio/activity';
import {
  objectionEventKey,
  PUBLIC_FILER_ROLE,
  type NoticeSnapshot,
  type ObjectionOutcome,
} from '../domain/publicNotice';
import { selectedIds, type Proposal } from '../domain/selection';
import { beijingDate, chinaTime } from '../domain/workingCalendar';
import { asJson } from '../platform/db';
import type { Actor } from '../shared/definitions';
import { appendAudit, once, type Tx } from '../platform/audit';
import type { ActivityDeps } from './index';
import { createNotifier, type Notify } from './notify';

/** "2026-12-09 24:00" (Beijing time) for the end of a window, which is always the end of a Beijing day. */
export function noticeEnd(endsAt: string): { zh: string; en: string } {
  const day = beijingDate(new Date(Date.parse(endsAt) - 1));
  return { zh: `${day} 24:00（北京时间）`, en: `${day} 24:00 Beijing time` };
}

export function createPublicNoticeActivities(deps: ActivityDeps) {
  const { db, logger } = deps;
  const onceNotifying = createNotifier(deps);

  return {
    /** The signed list goes to public notice: the selection's status, the round's record, the eight bodies told. */
    async openPublicNotice(input: {
      roundId: string;
      eventKey: string;
      proposal: Proposal;
      notice: NoticeSnapshot;
    }): Promise<void> {
      await onceNotifying(input.eventKey, async (tx, notify) => {
        await tx.selection.update({
          where: { roundId: input.roundId },
          data: { status: 'public_notice', proposal: asJson(input.proposal) },
        });
        await appendAudit(tx, {
          roundId: input.roundId,
          eventKey: input.eventKey,
          action: 'public_notice_opened',
          detail: { notice: input.notice, selected: selectedIds(input.proposal) },
        });
        const end = noticeEnd(input.notice.endsAt);
        notify({
          event: 'public_notice_opened',
          roundId: input.roundId,
          lines: [
            {
              zh: `公示期 ${input.notice.workingDays} 个工作日，至 ${end.zh}；拟入选 ${input.notice.listed.length} 个（轮次 ${input.roundId}）`,
              en: `Notice period: ${input.notice.workingDays} working days, until ${end.en}; ${input.notice.listed.length} listed (round ${input.roundId})`,
            },
          ],
        });
      });
      logger.info({ roundId: input.roundId, endsAt: input.notice.endsAt }, 'public notice opened');
    },

    /** An objection filed: its row, the round's record (with its filer), MOFCOM told. */
    async recordObjection(input: {
      roundId: string;
      objectionId: string;
      applicationId: string;
      reason: string;
      actor: Actor;
    }): Promise<void> {
      const eventKey = objectionEventKey(input.objectionId, 'filed');
      await onceNotifying(eventKey, async (tx, notify) => {
        // a member of the public: the filer the API took moves onto the objection, and gets its receipt
        const filer =
          input.actor.role === PUBLIC_FILER_ROLE
            ? await tx.publicFiler.findUnique({ where: { objectionId: input.objectionId } })
            : null;
        const objection = await tx.objection.create({
          data: {
            id: input.objectionId,
            roundId: input.roundId,
            applicationId: input.applicationId,
            filedById: input.actor.userId,
            reason: input.reason,
            ...(filer ? { filerName: filer.name, filerContact: filer.email, receiptCode: filer.receiptCode } : {}),
          },
        });
        if (filer) await receipt(tx, notify, objection, input.actor.userId);
        await appendAudit(tx, {
          roundId: input.roundId,
          eventKey,
          action: 'objection_filed',
          actor: input.actor,
          reason: input.reason,
          detail: { objectionId: input.objectionId, applicationId: input.applicationId },
        });
        notify({
          event: 'objection_filed',
          roundId: input.roundId,
          applicationId: input.applicationId,
          lines: [
            {
              zh: `异议编号 ${input.objectionId}，针对申报 ${input.applicationId}`,
              en: `Objection ${input.objectionId}, against application ${input.applicationId}`,
            },
            { zh: `异议理由：${input.reason}`, en: `Reason: ${input.reason}` },
          ],
        });
      });
    },

    /**
     * MOFCOM's resolution: the objection's row, the objected applicant's record, the filer and that
     * applicant told; if it changed the list, the list and the round's record of the notice; if a
     * place was offered, the offered applicant's record and its mail (an event of its own, so an
     * offered applicant that also filed the objection still gets both messages).
     */
    async recordObjectionResolution(input: {
      roundId: string;
      objectionId: string;
      outcome: ObjectionOutcome;
      reason: string;
      actor: Actor;
      proposal?: Proposal;
      notice?: NoticeSnapshot;
      offered?: { applicationId: string; rank: number; since: string; endsAt: string };
    }): Promise<void> {
      const objection = await db.objection.findUnique({ where: { id: input.objectionId } });
      if (!objection)
        throw ApplicationFailure.create({
          type: 'RecordNotFound',
          message: `objection ${input.objectionId} not found`,
          nonRetryable: true,
        });
      const status = input.outcome === 'uphold' ? 'upheld' : 'dismissed';
      const eventKey = objectionEventKey(input.objectionId, 'resolved');
      await onceNotifying(eventKey, async (tx, notify) => {
        await tx.objection.update({
          where: { id: input.objectionId },
          data: { status, resolvedById: input.actor.userId, resolution: input.reason, resolvedAt: new Date() },
        });
        await appendAudit(tx, {
          applicationId: objection.applicationId,
          roundId: input.roundId,
          eventKey,
          action: `objection_${status}`,
          actor: input.actor,
          reason: input.reason,
          detail: {
            objectionId: input.objectionId,
            removedFromList: input.notice !== undefined,
            offered: input.offered?.applicationId ?? null,
          },
        });
        if (input.proposal && input.notice) {
          await tx.selection.update({ where: { roundId: input.roundId }, data: { proposal: asJson(input.proposal) } });
          await appendAudit(tx, {
            roundId: input.roundId,
            eventKey: objectionEventKey(input.objectionId, 'notice'),
            action: 'public_notice_changed',
            actor: input.actor,
            detail: {
              objectionId: input.objectionId,
              removed: objection.applicationId,
              offered: input.offered?.applicationId ?? null,
              notice: input.notice,
              selected: selectedIds(input.proposal),
            },
          });
        }
        const outcome =
          status === 'upheld'
            ? {
                zh: '处理结果：异议成立，该申报已移出拟入选名单',
                en: 'Outcome: upheld; the application has been removed from the proposed list',
              }
            : { zh: '处理结果：异议不成立，已记录在案', en: 'Outcome: dismissed, on the record' };
        notify({
          event: 'objection_resolved',
          roundId: input.roundId,
          applicationId: objection.applicationId,
          filerId: objection.filedById,
          lines: [
            {
              zh: `异议编号 ${input.objectionId}，针对申报 ${objection.applicationId}`,
              en: `Objection ${input.objectionId}, against application ${objection.applicationId}`,
            },
            outcome,
            { zh: `处理意见：${input.reason}`, en: `MOFCOM's reasons: ${input.reason}` },
          ],
        });
      });
      const offered = input.offered;
      if (offered) {
        const offerKey = objectionEventKey(input.objectionId, 'offered');
        await onceNotifying(offerKey, async (tx, notify) => {
          await appendAudit(tx, {
            applicationId: offered.applicationId,
            roundId: input.roundId,
            eventKey: offerKey,
            action: 'public_notice_offered',
            detail: {
              objectionId: input.objectionId,
              rank: offered.rank,
              since: offered.since,
              endsAt: offered.endsAt,
            },
          });
          const end = noticeEnd(offered.endsAt);
          notify({
            event: 'public_notice_offered',
            roundId: input.roundId,
            applicationId: offered.applicationId,
            lines: [
              {
                zh: `递补排名第 ${offered.rank} 位；本申报的公示期至 ${end.zh}`,
                en: `You were ranked ${offered.rank}; your notice period runs until ${end.en}`,
              },
            ],
          });
        });
      }
    },

    /** The period's end, with the objections it left open (the list waits for them). */
    async recordNoticePeriodEnded(input: {
      roundId: string;
      eventKey: string;
      endsAt: string;
      openObjections: string[];
    }): Promise<void> {
      await once(db, input.eventKey, async (tx) => {
        await appendAudit(tx, {
          roundId: input.roundId,
          eventKey: input.eventKey,
          action: 'public_notice_period_ended',
          detail: { endsAt: input.endsAt, openObjections: input.openObjections },
        });
      });
    },
  };
}

/**
 * The receipt of a public filer's objection, mailed to the address they gave only; the record names
 * no person (the name and address stay on the objection's row).
 */
async function receipt(
  tx: Tx,
  notify: Notify,
  objection: {
    id: string;
    roundId: string;
    applicationId: string;
    reason: string;
    receiptCode: string | null;
    createdAt: Date;
  },
  filerId: string,
) {
  const eventKey = objectionEventKey(objection.id, 'receipt');
  await appendAudit(tx, {
    roundId: objection.roundId,
    eventKey,
    action: 'objection_receipt_sent',
    detail: { objectionId: objection.id, applicationId: objection.applicationId },
  });
  const applicant = await tx.application.findUnique({
    where: { id: objection.applicationId },
    select: { organization: { select: { name: true } } },
  });
  const name = applicant?.organization.name ?? objection.applicationId;
  notify({
    event: 'objection_receipt',
    roundId: objection.roundId,
    filerId,
    lines: [
      { zh: `回执编号：${objection.receiptCode}`, en: `Receipt code: ${objection.receiptCode}` },
      {
        zh: `异议针对：${name}（申报编号 ${objection.applicationId}）`,
        en: `Against: ${name} (application ${objection.applicationId})`,
      },
      { zh: `异议理由：${objection.reason}`, en: `Reasons: ${objection.reason}` },
      {
        zh: `提交时间：${chinaTime(objection.createdAt)}（北京时间）；异议编号 ${objection.id}`,
        en: `Filed ${chinaTime(objection.createdAt)} (China Standard Time); objection ${objection.id}`,
      },
    ],
  });
}
