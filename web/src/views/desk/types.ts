// The task page's desk and attachments: what GET /api/tasks/:id adds to a task (usecases/tasks.ts
// getTask), the desk's actions (api/routes/tasks.ts DESK_ROUTES) and the files officers attach.
import type { TaskDetail } from '../../api/types';

export interface Person {
  username: string;
  displayName: string;
}

export interface AttachmentItem {
  id: string;
  name: string;
  contentType: string;
  size: number;
  sha256: string;
  uploadedById: string;
  createdAt: string;
}

export interface DeskTask extends TaskDetail {
  assignee: Person | null;
  owner: Person | null;
  attachments: AttachmentItem[];
}

/** Each action's path, and what its form asks: a colleague to hand it to, and/or a reason. */
export const DESK_ACTIONS = {
  claim: { path: 'claim', colleague: false, reason: false },
  release: { path: 'release', colleague: false, reason: false },
  transfer: { path: 'transfer', colleague: true, reason: true },
  delegate: { path: 'delegate', colleague: true, reason: true },
  takeBack: { path: 'take-back', colleague: false, reason: false },
  reassign: { path: 'reassign', colleague: true, reason: true },
  withdraw: { path: 'withdraw', colleague: false, reason: true },
} as const;
export type DeskActionName = keyof typeof DESK_ACTIONS;

/** The stages whose decisions may cite attachments (usecases/decisionSchemas.ts). */
export const ATTACH_STAGES = ['provincialReview', 'selectionCountersign', 'selectionRevision', 'evaluation'];

/** The file types the server takes (usecases/attachmentTypes.ts), by extension for files the browser gives no type. */
export const ATTACH_TYPES: Record<string, string> = {
  pdf: 'application/pdf',
  ofd: 'application/ofd',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  txt: 'text/plain',
  csv: 'text/csv',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};
