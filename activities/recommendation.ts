// A province's recommendation in the read model: the Recommendation row as its workflow moves it
// on, each application's place once it is sent, and the signal-with-start by which an approved
// application joins (or starts) its province's recommendation.
import { Context } from '@temporalio/activity';
import type { Ranking } from '../domain/recommendation';
import type { Prisma } from '../generated/prisma/client';
import { appendAudit } from '../platform/audit';
import { PROVINCES } from '../domain/provinces';
import { createNotifier } from './notify';
import { asJson } from '../platform/db';
import {
  approvedForRecommendationSignal,
  recommendationWorkflowId,
  type RecommendationInput,
} from '../shared/definitions';
import type { ApplicantKind } from '../domain/applicants';
import { deadlinesOf, DEFAULT_ROUND_CONFIG, workingDaysOf, type RoundConfig } from '../domain/round';
import { caseTagOptions } from '../shared/searchAttributes';
import type { ActivityDeps } from './index';

export function createRecommendationActivities(deps: ActivityDeps) {
  const { db } = deps;
  const onceNotifying = createNotifier(deps);
  return {
    /** The approved application joins its province's recommendation of the round, which starts with the first. */
    async joinRecommendation(input: {
      applicationId: string;
      roundId: string;
      provinceCode: string;
      kind: ApplicantKind;
      config: RoundConfig;
    }): Promise<void> {
      const round = await db.round.findUniqueOrThrow({
        where: { id: input.roundId },
        select: { declarationDeadline: true },
      });
      const rules = input.config.recommendation ?? DEFAULT_ROUND_CONFIG.recommendation!;
      const deadlines = deadlinesOf(input.config);
      const recommendation: RecommendationInput = {
        roundId: input.roundId,
        provinceCode: input.provinceCode,
        // 于…前报送商务部: the round's deadline binds the province's recommendation, not the applicant
        dueAt: round.declarationDeadline.toISOString(),
        countersignDays: rules.countersignDays,
        ...(rules.cap ? { cap: rules.cap } : {}),
        ...workingDaysOf(input.config),
        deadlines: {
          recommendation: deadlines.recommendation,
          recommendationCountersign: deadlines.recommendationCountersign,
        },
      };
      const ctx = Context.current();
      // Signal-with-start: the recommendation ignores an application it already holds.
      await ctx.client.workflow.signalWithStart('recommendationWorkflow', {
        workflowId: recommendationWorkflowId(input.roundId, input.provinceCode),
        taskQueue: ctx.info.taskQueue,
        args: [recommendation],
        signal: approvedForRecommendationSignal,
        signalArgs: [{ applicationId: input.applicationId, kind: input.kind }],
        ...caseTagOptions({ roundId: input.roundId, provinceCode: input.provinceCode }, 'recommendation'),
      });
    },

    /** The recommendation's row as its workflow moves it on; once sent, each recommended application's place. */
    async saveRecommendation(input: {
      id: string;
      eventKey: string;
      status: 'drafting' | 'countersign' | 'sent' | 'rejected';
      version: number;
      roundId?: string;
      provinceCode?: string;
      workflowId?: string;
      applications?: string[];
      fixes?: { party: string; reason: string }[];
      ranking?: Ranking;
      reason?: string;
      verdicts?: { applicationId: string; recommended: boolean; rank: number | null }[];
    }): Promise<void> {
      await onceNotifying(input.eventKey, async (tx, notify) => {
        const data = {
          status: input.status,
          version: input.version,
          ...(input.applications ? { applications: input.applications } : {}),
          ...(input.fixes ? { fixes: asJson(input.fixes) as Prisma.InputJsonValue } : {}),
          ...(input.ranking ? { ranking: asJson(input.ranking) as Prisma.InputJsonValue } : {}),
          ...(input.reason !== undefined ? { reason: input.reason } : {}),
          ...(input.status === 'sent' ? { sentAt: new Date() } : {}),
        };
        // its first record creates the row (the workflow passes where it belongs); every later one updates it
        const row = input.roundId
          ? await tx.recommendation.upsert({
              where: { id: input.id },
              create: {
                id: input.id,
                roundId: input.roundId,
                provinceCode: input.provinceCode!,
                workflowId: input.workflowId!,
                ...data,
              },
              update: data,
            })
          : await tx.recommendation.update({ where: { id: input.id }, data });
        for (const v of input.verdicts ?? [])
          if (v.recommended)
            await tx.application.update({ where: { id: v.applicationId }, data: { provincialRank: v.rank } });
        await appendAudit(tx, {
          roundId: row.roundId,
          eventKey: input.eventKey,
          action: `recommendation_${input.status}`,
          detail: {
            recommendationId: input.id,
            provinceCode: row.provinceCode,
            version: input.version,
            ...(input.ranking ? { ranking: input.ranking } : {}),
            ...(input.verdicts ? { verdicts: input.verdicts } : {}),
            ...(input.fixes?.length ? { fixes: input.fixes } : {}),
          },
          ...(input.reason ? { reason: input.reason } : {}),
        });
        const unit = PROVINCES.find((p) => p.code === row.provinceCode);
        if (input.status === 'sent') {
          const ranked = (row.ranking ?? { city: [], enterprise: [] }) as Ranking;
          notify({
            event: 'recommendation_sent',
            roundId: row.roundId,
            lines: [
              {
                zh: `${unit?.nameZh ?? row.provinceCode}推荐城市（自贸区）${ranked.city.length} 个、企业 ${ranked.enterprise.length} 家（轮次 ${row.roundId}，第 ${input.version} 稿）`,
                en: `${unit?.nameEn ?? row.provinceCode} recommends ${ranked.city.length} cities and FTZs and ${ranked.enterprise.length} enterprises (round ${row.roundId}, version ${input.version})`,
              },
            ],
          });
        }
      });
    },
  };
}
