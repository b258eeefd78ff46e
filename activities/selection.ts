// Selection's reads and writes: the round's scored candidates, the proposed list, the countersign
// and revision tasks, and publication of the signed list.
import { selectedIds, type Candidate, type Proposal } from '../domain/selection';
import { asJson } from '../platform/db';
import { appendAudit, once } from '../platform/audit';
import type { ActivityDeps } from './index';
import { createNotifier } from './notify';

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export function createSelectionActivities(deps: ActivityDeps) {
  const { db, logger } = deps;
  const onceNotifying = createNotifier(deps);
  return {
    /** Every application of the round that the experts scored, with what the ranking rule needs. */
    async loadCandidates(input: { roundId: string }): Promise<Candidate[]> {
      const apps = await db.application.findMany({
        where: { roundId: input.roundId, status: 'scored', score: { not: null } },
        select: {
          id: true,
          kind: true,
          score: true,
          submittedAt: true,
          provinceCode: true,
          provincialRank: true,
          tasks: { where: { stage: 'expertReview', status: 'decided', decision: 'score' }, select: { result: true } },
        },
        orderBy: { id: 'asc' },
      });
      return apps.map((a) => ({
        applicationId: a.id,
        kind: a.kind as Candidate['kind'],
        score: a.score!,
        medianExpertScore: median(a.tasks.map((t) => (t.result as { total: number }).total)),
        submittedAt: (a.submittedAt ?? new Date(0)).toISOString(),
        provinceCode: a.provinceCode,
        provincialRank: a.provincialRank,
      }));
    },

    async recordProposal(input: {
      roundId: string;
      eventKey: string;
      proposal: Proposal;
      countersignRound: number;
      status: string;
      actor?: { userId: string; username: string; role: string };
      reason?: string;
    }): Promise<void> {
      await once(db, input.eventKey, async (tx) => {
        const data = {
          status: input.status,
          proposal: asJson(input.proposal),
          countersignRound: input.countersignRound,
        };
        await tx.selection.upsert({
          where: { roundId: input.roundId },
          update: data,
          create: { roundId: input.roundId, ...data },
        });
        await appendAudit(tx, {
          roundId: input.roundId,
          eventKey: input.eventKey,
          action: input.status === 'countersigning' ? 'selection_proposed' : `selection_${input.status}`,
          actor: input.actor,
          reason: input.reason,
          detail: { countersignRound: input.countersignRound, selected: selectedIds(input.proposal) },
        });
      });
    },

    /** The signed list: ranks on the selected applications, the selection published. */
    async publishSelection(input: { roundId: string; eventKey: string; proposal: Proposal }): Promise<void> {
      await onceNotifying(input.eventKey, async (tx, notify) => {
        for (const entry of [...input.proposal.city, ...input.proposal.enterprise].filter((e) => e.selected)) {
          await tx.application.update({ where: { id: entry.applicationId }, data: { selectionRank: entry.rank } });
        }
        await tx.selection.update({
          where: { roundId: input.roundId },
          data: { status: 'published', publishedAt: new Date() },
        });
        await appendAudit(tx, {
          roundId: input.roundId,
          eventKey: input.eventKey,
          action: 'selection_published',
          detail: { selected: selectedIds(input.proposal) },
        });
        const count = (group: 'city' | 'enterprise') => input.proposal[group].filter((e) => e.selected).length;
        notify({
          event: 'selection_published',
          roundId: input.roundId,
          lines: [
            {
              zh: `入选城市 ${count('city')} 个，企业 ${count('enterprise')} 家（轮次 ${input.roundId}）`,
              en: `${count('city')} cities and ${count('enterprise')} enterprises selected (round ${input.roundId})`,
            },
          ],
        });
      });
      logger.info(
        {
          roundId: input.roundId,
          cities: input.proposal.city.filter((e) => e.selected).length,
          enterprises: input.proposal.enterprise.filter((e) => e.selected).length,
        },
        'selection published',
      );
    },
  };
}
