// The inbox lists' answers beyond types.ts: an open task's batch flag (usecases/inbox.ts), 知会's
// rows (usecases/copiedToMe.ts) and 批量通过's results (usecases/batchDecision.ts).
import type { InboxTask, Label } from '../../api/types';
import { TASK_STAGES, type StageCode } from '../../../../domain/stages';

export type ListName = 'open' | 'decided' | 'copied';
/** The stages an officer's or expert's tasks belong to (domain/stages.ts). */
export type Stage = Exclude<StageCode, 'quarterlyReport'>; // an applicant's report is in no officer's inbox
export const STAGES = TASK_STAGES as readonly Stage[];

export interface ListTask extends InboxTask {
  /** an open task of a stage that allows 批量通过, the user's to decide */
  batchApprove?: boolean;
}

export interface CopiedItem {
  id: string;
  event: string;
  eventLabel: Label;
  subject: string;
  createdAt: string;
  status: string;
  to: 'department' | 'user' | 'organization';
  applicationId: string | null;
  organization: string | null;
  taskId: string | null;
  roundId: string | null;
}

export interface CopiedPage {
  items: CopiedItem[];
  page: number;
  pageSize: number;
  total: number;
}

export interface BatchResult {
  taskId: string;
  ok: boolean;
  code?: string;
  message?: string;
}

/** The filters the lists share (each list sends those it has). */
export interface ListFilters {
  round: string;
  province: string;
  stage: Stage | '';
  overdue: boolean;
  /** only the tasks I hold (claimed, handed to me, or delegated by me), not the department's others */
  mine: boolean;
  applicant: string;
  page: number;
  pageSize: number;
}
