// The life of one application: declared by its applicant (申报), reviewed jointly by its province
// unless a central enterprise (省级联合审核, inside this workflow) — revised and resubmitted as often
// as the province asks — then, once forwarded to MOFCOM, scored by an expert panel (专家评审) and put
// to the round's competitive selection (确定试点). It ends rejected, lapsed, or with the verdict.
import {
  allHandlersFinished,
  condition,
  executeChild,
  patched,
  proxyActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type { Activities } from '../activities';
import { actsForApplicant } from '../domain/actorRules';
import { goesThroughProvincialReview } from '../domain/applicants';
import { demonstrationTitle } from '../domain/demonstration';
import { deadlinesOf, DEFAULT_ROUND_CONFIG, workingDaysOf } from '../domain/round';
import { dueAfter } from './dueTime';
import { isEditable } from '../domain/status';
import { PERSIST } from './activityOptions';
import {
  applicationStateQuery,
  expertReviewWorkflowId,
  pilotWorkflowId,
  titleWorkflowId,
  provincialReviewWorkflowId,
  ministryReviewWorkflowId,
  recommendationOutcomeSignal,
  type RecommendationOutcome,
  selectionOutcomeSignal,
  submitUpdate,
  type SelectionOutcome,
  type ApplicationInput,
  type ApplicationState,
  type SubmitInput,
} from '../shared/definitions';
import { caseTags } from './caseTags';
import { expertReviewWorkflow } from './expertReview';
import { pilotWorkflow } from './pilot';
import { titleWorkflow } from './title';
import { provincialReviewInApplication, provincialReviewWorkflow } from './provincialReview';
import {
  CENTRAL_RECOMMENDATION,
  DEMONSTRATION_TITLE,
  PILOT_REMOVAL,
  PROVINCIAL_RECOMMENDATION,
  REVIEW_IN_APPLICATION,
  TITLE_REVIEW,
} from './patches';
import { ministryReviewWorkflow } from './ministryReview';
import { refuse } from './refuse';
import { transitionRecorder } from './writesInTask';

const { joinRecommendation } = proxyActivities<Activities>(PERSIST);

export async function applicationWorkflow(input: ApplicationInput): Promise<ApplicationState> {
  const { workflowId } = workflowInfo();
  const recordTransition = transitionRecorder();
  // its case in the Temporal UI: the children start tagged, the stage follows the application
  const tags = caseTags({
    applicationId: input.applicationId,
    roundId: input.roundId,
    provinceCode: input.provinceCode,
  });
  const state: ApplicationState = {
    applicationId: input.applicationId,
    status: 'draft',
    submissions: 0,
    reviewRound: 0,
  };
  let pending: SubmitInput | undefined;
  let route: string | undefined;
  let seq = 0;

  const transition = async (
    action: string,
    status: ApplicationState['status'],
    extra: { actor?: SubmitInput['actor']; reason?: string; detail?: Record<string, unknown> } = {},
  ) => {
    await recordTransition({
      applicationId: input.applicationId,
      eventKey: `${workflowId}#${++seq}`,
      action,
      toStatus: status,
      actor: extra.actor,
      reason: extra.reason,
      detail: extra.detail,
      submissions: state.submissions,
      reviewRound: state.reviewRound,
    });
    state.status = status;
  };

  setHandler(applicationStateQuery, () => state);
  let selection: SelectionOutcome | undefined;
  setHandler(selectionOutcomeSignal, (outcome) => {
    selection ??= outcome;
  });
  let recommendation: RecommendationOutcome | undefined;
  setHandler(recommendationOutcomeSignal, (outcome) => {
    recommendation ??= outcome;
  });
  // The first submission arrives with the workflow's start (update-with-start); resubmissions
  // after a return arrive the same way. The caller gets its answer once the submission is recorded.
  setHandler(
    submitUpdate,
    async (submission) => {
      pending = submission;
      const recorded = state.submissions + 1;
      await condition(() => state.submissions >= recorded && state.status !== 'draft' && state.status !== 'returned');
      return { ...state };
    },
    {
      validator: ({ actor }) => {
        // only the applicant (of the owning organisation, when the workflow was told it) submits
        if (!actsForApplicant(actor, input.organizationId)) throw refuse('forbidden');
        if (pending || !isEditable(state.status)) throw refuse('not_awaiting_submission');
      },
    },
  );

  await condition(() => pending !== undefined);
  const forwarded = await declarationAndProvincialReview();
  if (forwarded) {
    tags.stage('expertReview');
    const review = await executeChild(expertReviewWorkflow, {
      ...tags.child('expertReview'),
      workflowId: expertReviewWorkflowId(input.applicationId),
      args: [
        {
          applicationId: input.applicationId,
          config: input.config.expertReview,
          rubric: input.config.rubric,
          deadline: deadlinesOf(input.config).expertReview,
          ...workingDaysOf(input.config),
        },
      ],
    });
    state.score = review.score;
    state.status = 'scored';
    tags.stage('selection');
    // The round's selection workflow tells every scored application its verdict.
    await condition(() => selection !== undefined);
    if (selection!.selected && input.config.demonstration && patched(DEMONSTRATION_TITLE)) {
      // 认定: a demonstration round's selected are awarded the title at once, with no pilot period
      const title = demonstrationTitle(input.kind);
      await transition('title_awarded', 'titled', {
        detail: { rank: selection!.rank, group: selection!.group, title },
      });
      tags.stage('titled');
      if (patched(TITLE_REVIEW)) {
        // 动态管理: the title is reviewed periodically and may be revoked, countersigned
        const { revoked } = await executeChild(titleWorkflow, {
          ...tags.child('titleReview'),
          workflowId: titleWorkflowId(input.applicationId),
          args: [
            {
              applicationId: input.applicationId,
              roundId: input.roundId,
              provinceCode: input.provinceCode,
              awardedAt: new Date(Date.now()).toISOString(),
              config: {
                demonstration: input.config.demonstration,
                removal: input.config.removal,
                deadlines: input.config.deadlines,
                ...workingDaysOf(input.config),
              },
            },
          ],
        });
        if (revoked) {
          await transition('title_revoked', 'revoked', {
            reason: revoked.reason,
            detail: { reviewId: revoked.reviewId, grounds: revoked.grounds },
          });
          tags.stage('revoked');
        }
      }
    } else if (selection!.selected) {
      await transition('selected', 'selected', { detail: { rank: selection!.rank, group: selection!.group } });
      await transition('pilot_started', 'pilot');
      tags.stage('pilot');
      const pilot = await executeChild(pilotWorkflow, {
        ...tags.child('pilot'),
        workflowId: pilotWorkflowId(input.applicationId),
        args: [
          {
            applicationId: input.applicationId,
            roundId: input.roundId,
            kind: input.kind,
            provinceCode: input.provinceCode,
            startsAt: new Date(Date.now()).toISOString(),
            config: input.config,
          },
        ],
      });
      if (pilot.removed && patched(PILOT_REMOVAL)) {
        const { removalId, grounds, reason } = pilot.removed;
        await transition('pilot_removed', 'removed', {
          reason,
          detail: { removalId, grounds, midterm: pilot.midterm },
        });
        tags.stage('removed');
      } else {
        await transition('completed', 'completed', { detail: { midterm: pilot.midterm, final: pilot.final } });
        tags.stage('completed');
      }
    } else {
      await transition('not_selected', 'not_selected', { detail: { rank: selection!.rank, group: selection!.group } });
      tags.stage('notSelected');
    }
  }
  await condition(allHandlersFinished);
  return state;

  /** A round of the provincial joint review by the unit's seven parties. */
  async function provincialReview() {
    tags.stage('provincialReview');
    const round = {
      applicationId: input.applicationId,
      reviewRound: state.reviewRound,
      provinceCode: input.provinceCode!,
      reviewDays: input.config.provincialReviewDays,
      deadline: deadlinesOf(input.config).provincialReview,
      ...workingDaysOf(input.config),
    };
    if (patched(REVIEW_IN_APPLICATION)) return provincialReviewInApplication(round);
    return executeChild(provincialReviewWorkflow, {
      ...tags.child('provincialReview'),
      workflowId: provincialReviewWorkflowId(input.applicationId, state.reviewRound),
      args: [round],
    });
  }

  /** A central enterprise's review by the State Council department it chose. */
  async function ministryReview(department: string) {
    tags.stage('ministryReview');
    return executeChild(ministryReviewWorkflow, {
      ...tags.child('ministryReview'),
      workflowId: ministryReviewWorkflowId(input.applicationId, state.reviewRound),
      args: [
        {
          applicationId: input.applicationId,
          reviewRound: state.reviewRound,
          department,
          reviewDays: (input.config.centralRoute ?? DEFAULT_ROUND_CONFIG.centralRoute!).reviewDays,
          deadline: deadlinesOf(input.config).ministryReview,
          ...workingDaysOf(input.config),
        },
      ],
    });
  }

  /** Approved by its province: forwarded when the province's recommendation ranks it (true), else it ends (false). */
  async function recommended(): Promise<boolean> {
    await transition('approved_provincially', 'recommending', { detail: { reviewRound: state.reviewRound } });
    tags.stage('recommendation');
    await joinRecommendation({
      applicationId: input.applicationId,
      roundId: input.roundId,
      provinceCode: input.provinceCode!,
      kind: input.kind,
      config: input.config,
    });
    await condition(() => recommendation !== undefined);
    const { recommended: yes, recommendationId, group, rank, reason } = recommendation!;
    if (yes) {
      await transition('forwarded', 'forwarded', {
        detail: { reviewRound: state.reviewRound, recommendationId, group, provincialRank: rank },
      });
      return true;
    }
    state.reason = reason;
    await transition('not_recommended', 'not_recommended', { reason, detail: { recommendationId, group } });
    tags.stage('notRecommended');
    return false;
  }

  /** Until the application is forwarded to MOFCOM (true), or rejected or lapsed (false). */
  async function declarationAndProvincialReview(): Promise<boolean> {
    for (;;) {
      const submission = pending!;
      state.submissions += 1;
      // a central enterprise's route is chosen with its first submission and kept
      route ??= submission.recommender;
      const recommender = !goesThroughProvincialReview(input.kind) && route ? route : undefined;
      if (!goesThroughProvincialReview(input.kind) && !(recommender && patched(CENTRAL_RECOMMENDATION))) {
        // Central enterprises declare directly to MOFCOM (notice §四(一)).
        await transition('submitted', 'forwarded', { actor: submission.actor });
        pending = undefined;
        return true;
      }
      state.reviewRound += 1;
      state.fixes = undefined;
      state.revisionDueAt = undefined;
      if (recommender)
        await transition('submitted', 'ministry_review', { actor: submission.actor, detail: { recommender } });
      else await transition('submitted', 'provincial_review', { actor: submission.actor });
      pending = undefined;

      const outcome = recommender ? await ministryReview(recommender) : await provincialReview();
      if (outcome.kind === 'approved') {
        if (recommender) {
          await transition('forwarded', 'forwarded', { detail: { reviewRound: state.reviewRound, recommender } });
          return true;
        }
        if (patched(PROVINCIAL_RECOMMENDATION)) return recommended();
        await transition('forwarded', 'forwarded', { detail: { reviewRound: state.reviewRound } });
        return true;
      }
      if (outcome.kind === 'rejected') {
        state.reason = outcome.reason;
        await transition('rejected', 'rejected', {
          reason: outcome.reason,
          detail: { party: outcome.party, reviewRound: state.reviewRound },
        });
        tags.stage('rejected');
        return false;
      }
      state.fixes = outcome.fixes;
      const revisionDue = await dueAfter(input.config.dayCount, input.config.revisionDays);
      state.revisionDueAt = new Date(revisionDue.at).toISOString();
      // Open to a resubmission from the moment the return is recorded: the applicant acts on the
      // read model (or the mail), which can be ahead of this workflow seeing its activity complete.
      state.status = 'returned';
      await transition('returned', 'returned', {
        detail: { fixes: outcome.fixes, revisionDueAt: state.revisionDueAt, reviewRound: state.reviewRound },
      });
      tags.stage('declaration');
      const resubmitted = await condition(() => pending !== undefined, revisionDue.wait());
      if (!resubmitted) {
        await transition('lapsed', 'lapsed', { detail: { revisionDueAt: state.revisionDueAt } });
        tags.stage('lapsed');
        return false;
      }
    }
  }
}
