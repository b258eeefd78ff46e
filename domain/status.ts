// The states of an application, as the applicant and officers see them.

export const APPLICATION_STATUSES = {
  draft: { zh: '草稿', en: 'Draft' },
  provincial_review: { zh: '省级联合审核中', en: 'In provincial joint review' },
  returned: { zh: '退回补正', en: 'Returned for revision' },
  rejected: { zh: '未通过', en: 'Rejected' },
  lapsed: { zh: '逾期未补正', en: 'Lapsed: not revised in time' },
  ministry_review: { zh: '国务院有关部门审核推荐中', en: 'In review by a State Council department' },
  recommending: { zh: '省级审核通过，待择优推荐', en: 'Approved by the province, awaiting its recommendation' },
  not_recommended: { zh: '未获省级推荐', en: 'Not recommended by the province' },
  forwarded: { zh: '已报商务部，待专家评审', en: 'Forwarded to MOFCOM, awaiting expert review' },
  expert_assignment_pending: { zh: '待商务部统一分配评审专家', en: "Awaiting MOFCOM's batch assignment of experts" },
  expert_review: { zh: '专家评审中', en: 'In expert review' },
  expert_panel_short: { zh: '专家不足，待商务部补充', en: 'Not enough eligible experts: MOFCOM must add to the pool' },
  scored: { zh: '专家评审完成，待遴选', en: 'Scored by the experts, awaiting selection' },
  selected: { zh: '入选试点', en: 'Selected as a pilot' },
  not_selected: { zh: '未入选', en: 'Not selected' },
  pilot: { zh: '试点实施中', en: 'Pilot running' },
  completed: { zh: '试点已结束', en: 'Pilot completed' },
  removed: { zh: '已取消试点资格', en: 'Pilot removed' },
  titled: { zh: '已认定为示范城市（企业）', en: 'Awarded the demonstration title' },
  revoked: { zh: '示范称号已撤销', en: 'Demonstration title revoked' },
} as const;

export type ApplicationStatus = keyof typeof APPLICATION_STATUSES;

/** Only a draft, or an application returned for revision, may be edited and submitted. */
export function isEditable(status: string): boolean {
  return status === 'draft' || status === 'returned';
}
