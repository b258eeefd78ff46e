// The answers the applicant's pages read beyond web/src/api/types.ts: an application with its
// annex and the annex as last submitted (usecases/applications.ts getApplication), the rounds
// (GET /api/rounds), and the task lists of /api/reference.
import type { Application, Label } from '../../api/types';
import type { AnnexVersion, Indicator } from './annexFields';

export type Annex = Record<string, unknown>;

export interface ApplicationView extends Application {
  annex: Annex;
  /** the version of its form (platform/annexVersion.ts); absent in answers from before versions: 1 */
  annexVersion?: AnnexVersion;
  /** a 申报书's indicators (version 3): one self-assessment each */
  indicators?: Indicator[];
  submissions: number;
  previousSubmission: { annex: Annex; submittedAt: string } | null;
}

export interface OpenRound {
  id: string;
  nameZh: string;
  nameEn: string;
  declarationDeadline: string;
  open: boolean;
}

export interface PilotTask extends Label {
  code: string;
}

/** The returned case's record: each party's fix and the revision's due time (workflows/application.ts). */
export interface ReturnDetail {
  fixes?: { party: string; reason: string }[];
  revisionDueAt?: string;
  reviewRound?: number;
}
