// A demonstration title's reviews (动态管理) as GET /api/applications/:id lists them (the TitleReview
// rows of prisma/schema.prisma; the objection and the proposer for officers only), and the reference
// data they are labelled with (api/routes/rounds.ts).
import type { Application, Label, Reference } from '../../api/types';

export interface TitleReview {
  id: string;
  /** periodic: MOFCOM's scheduled review; proposal: MOFCOM's proposal to revoke between reviews */
  trigger: 'periodic' | 'proposal';
  /** reviewing | confirmed | countersigning | revising | revoked | dropped */
  status: string;
  /** the countersign round of a revocation (a maintained proposal is countersigned again) */
  round: number;
  /** TITLE_REVOCATION_GROUNDS codes; none for a review not (yet) turned into a revocation */
  grounds: string[];
  reason: string;
  proposedById?: string | null;
  objection?: { body: string; reason: string } | null;
  /** MOFCOM's confirmation, or why it dropped the revocation */
  resolution: string | null;
  /** a periodic review's due time */
  dueAt: string | null;
  createdAt: string;
  decidedAt: string | null;
}

export interface TitledApplication extends Application {
  titleReviews?: TitleReview[];
}

export interface TitleReference extends Reference {
  titleRevocationGrounds: Record<string, Label>;
  titleReviewStatuses: Record<string, Label>;
}

/** The review a task belongs to: its id begins the task's (shared/definitions.ts titleReviewTaskId …). */
export const reviewOfTask = (reviews: TitleReview[] | undefined, taskId: string) =>
  reviews?.find((r) => taskId.startsWith(`${r.id}:`)) ?? null;

/** The stages of a title's 动态管理 (domain/stages.ts), whose task pages show TitleSummary.vue. */
export const TITLE_STAGES: readonly string[] = ['titleReview', 'titleRevocationCountersign', 'titleRevocationRevision'];
