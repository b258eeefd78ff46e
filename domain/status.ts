// The states of an application, as the applicant and officers see them.

export const APPLICATION_STATUSES = {
  draft: { zh: '草稿', en: 'Draft' },
  provincial_review: { zh: '省级联合审核中', en: 'In provincial joint review' },
  returned: { zh: '退回补正', en: 'Returned for revision' },
  rejected: { zh: '未通过', en: 'Rejected' },
  lapsed: { zh: '逾期未补正', en: 'Lapsed: not revised in time' },
  forwarded: { zh: '已报商务部，待专家评审', en: 'Forwarded to MOFCOM, awaiting expert review' },
} as const;

export type ApplicationStatus = keyof typeof APPLICATION_STATUSES;

/** Only a draft, or an application returned for revision, may be edited and submitted. */
export function isEditable(status: string): boolean {
  return status === 'draft' || status === 'returned';
}
