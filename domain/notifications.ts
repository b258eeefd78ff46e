// Who hears what (the README's table is this one): every event that sends mail, who receives it,
// and what it says in zh-CN and English. The notice sends applications "in eight copies" to the
// eight bodies (一式八份, §四(二)) and has every body take part in each stage; officers hear of the
// tasks given to them, applicants of every decision about them.

/**
 * - bodies: the eight national bodies (their directory mailboxes)
 * - department: the department a task is given to
 * - assignee: the person a task is given to (an expert, or an officer it was reassigned to)
 * - lead: the body that leads the task's stage: the provincial commerce department for the
 *   other provincial parties, MOFCOM for national tasks, experts and the commerce departments
 * - applicant: the applicant organisation
 * - provincialCommerce: the commerce department of the applicant's province, when it has one
 * - filer: whoever filed an objection in a public notice (their own mailbox, else their
 *   organisation's or department's; a member of the public: only the address they gave)
 * - unitCommerce: the commerce department of the reporting unit the notice names (its provinceCode)
 */
export type Audience =
  'bodies' | 'department' | 'assignee' | 'lead' | 'applicant' | 'provincialCommerce' | 'filer' | 'unitCommerce';

export const NOTIFICATION_EVENTS = [
  'submission_to_mofcom',
  'task_assigned',
  'application_returned',
  'application_rejected',
  'application_lapsed',
  'application_selected',
  'application_not_selected',
  'application_titled',
  'application_not_recommended',
  'recommendation_sent',
  'selection_published',
  'evaluation_graded',
  'pilot_removed',
  'title_confirmed',
  'title_revoked',
  'major_problem',
  'major_progress',
  'task_reminder',
  'task_urged',
  'task_escalated',
  'task_reassigned',
  'task_handed_over',
  'report_reminder',
  'report_escalated',
  'public_notice_opened',
  'objection_filed',
  'objection_resolved',
  'public_notice_offered',
  'objection_receipt',
  'final_list',
] as const;
export type NotificationEvent = (typeof NOTIFICATION_EVENTS)[number];

interface Text {
  zh: string;
  en: string;
}

export interface EventRule {
  /** who hears of it; escalations add the chain level's own audience (domain/deadlines.ts) */
  audience: Audience[];
  subject: Text;
  /** the first line of the message; the rest is the event's facts and a link */
  lead: Text;
}

export const WHO_HEARS_WHAT: Record<NotificationEvent, EventRule> = {
  submission_to_mofcom: {
    audience: ['bodies', 'applicant'],
    subject: { zh: '申报材料已报送商务部', en: 'Application received by MOFCOM' },
    lead: {
      zh: '一份申报材料已报送商务部，八部门各收一份。',
      en: 'An application has reached MOFCOM; each of the eight bodies receives its copy.',
    },
  },
  task_assigned: {
    audience: ['department', 'assignee'],
    subject: { zh: '您有一项新的审核任务', en: 'A task has been assigned to you' },
    lead: {
      zh: '以下任务已分派给您，请在期限前办理。',
      en: 'The task below is yours; please act on it before its due time.',
    },
  },
  application_returned: {
    audience: ['applicant'],
    subject: { zh: '申报材料被退回修改', en: 'Your application was returned for revision' },
    lead: {
      zh: '省级联合审核要求修改申报材料，请在期限内修改后重新提交。',
      en: 'The provincial joint review asks for revisions; please revise and resubmit within the period.',
    },
  },
  application_rejected: {
    audience: ['applicant'],
    subject: { zh: '申报未通过审核', en: 'Your application was not approved' },
    lead: { zh: '您的申报未通过审核。', en: 'Your application was not approved.' },
  },
  application_lapsed: {
    audience: ['applicant'],
    subject: { zh: '申报因逾期未修改而失效', en: 'Your application lapsed' },
    lead: {
      zh: '退回的申报未在期限内重新提交，已失效。',
      en: 'The returned application was not resubmitted in time and has lapsed.',
    },
  },
  application_selected: {
    audience: ['applicant'],
    subject: { zh: '入选供应链创新与应用试点', en: 'Selected as a supply-chain innovation pilot' },
    lead: {
      zh: '经八部门会签，您已入选试点，试点期两年。',
      en: 'Countersigned by the eight bodies: you are selected as a pilot for two years.',
    },
  },
  application_titled: {
    audience: ['applicant', 'provincialCommerce'],
    subject: {
      zh: '认定为全国供应链创新与应用示范城市（企业）',
      en: 'Awarded the national supply-chain demonstration title',
    },
    lead: {
      zh: '经专家评审、八部门会签和公示，您被认定为全国供应链创新与应用示范城市（企业），称号即日生效。',
      en: 'After expert review, the eight bodies countersign and the public notice, you are awarded the national supply-chain innovation and application demonstration title, effective today.',
    },
  },
  application_not_selected: {
    audience: ['applicant'],
    subject: { zh: '未入选本批试点', en: 'Not selected in this round' },
    lead: {
      zh: '经八部门会签，您未入选本批试点。',
      en: 'Countersigned by the eight bodies: you were not selected in this round.',
    },
  },
  application_not_recommended: {
    audience: ['applicant'],
    subject: { zh: '未获省级推荐', en: 'Not recommended by your reporting unit' },
    lead: {
      zh: '所在申报单位经联合审核择优推荐后，您的申报未列入推荐名单，本轮不再报送商务部。',
      en: "Your reporting unit's ranked recommendation to MOFCOM does not include your application; it goes no further this round.",
    },
  },
  recommendation_sent: {
    audience: ['bodies'],
    subject: { zh: '申报单位推荐名单及汇总表', en: "A reporting unit's recommendation and its summary table" },
    lead: {
      zh: '申报单位经联合审核和会签，报送择优推荐名单，申报汇总表（附件3）附后。',
      en: 'A reporting unit sends its ranked recommendation, countersigned by its seven parties, with its summary table (Annex 3) attached.',
    },
  },
  pilot_removed: {
    audience: ['applicant', 'provincialCommerce', 'bodies'],
    subject: { zh: '取消试点资格', en: 'Pilot status removed' },
    lead: {
      zh: '经商务部提议、八部门会签，取消该单位供应链创新与应用试点资格，其季度报告和评估随即终止。',
      en: "On MOFCOM's proposal, countersigned by the eight bodies, the pilot's status is removed; its quarterly reports and evaluations end now.",
    },
  },
  title_confirmed: {
    audience: ['applicant', 'provincialCommerce'],
    subject: { zh: '示范称号复核通过', en: 'Demonstration title confirmed at its review' },
    lead: {
      zh: '经商务部定期复核，保留该单位全国供应链创新与应用示范城市（企业）称号。',
      en: "At MOFCOM's periodic review, the national supply-chain demonstration title is confirmed.",
    },
  },
  title_revoked: {
    audience: ['applicant', 'provincialCommerce', 'bodies'],
    subject: { zh: '撤销示范称号', en: 'Demonstration title revoked' },
    lead: {
      zh: '经商务部提议、八部门会签，撤销该单位全国供应链创新与应用示范城市（企业）称号。',
      en: "On MOFCOM's proposal, countersigned by the eight bodies, the national supply-chain demonstration title is revoked.",
    },
  },
  selection_published: {
    audience: ['bodies'],
    subject: { zh: '试点名单已确定', en: 'The pilot list is final' },
    lead: {
      zh: '经八部门会签的试点名单已确定并公布。',
      en: 'The pilot list countersigned by the eight bodies is final and published.',
    },
  },
  evaluation_graded: {
    audience: ['bodies', 'applicant'],
    subject: { zh: '试点评估结果', en: 'Pilot evaluation result' },
    lead: { zh: '八部门的评估结果如下。', en: 'The eight bodies have graded the pilot.' },
  },
  major_problem: {
    audience: ['bodies', 'provincialCommerce'],
    subject: { zh: '试点重大问题报告', en: 'Major problem reported by a pilot' },
    lead: {
      zh: '试点单位报告了重大问题和困难，请及时研究。',
      en: 'A pilot reports a major problem; please look into it at once.',
    },
  },
  major_progress: {
    audience: ['lead', 'provincialCommerce'],
    subject: { zh: '试点重大进展报告', en: 'Major progress reported by a pilot' },
    lead: { zh: '试点单位报告了重大进展。', en: 'A pilot reports major progress.' },
  },
  task_reminder: {
    audience: ['department', 'assignee'],
    subject: { zh: '任务即将到期', en: 'A task is due soon' },
    lead: { zh: '以下任务即将到期，请及时办理。', en: 'The task below is due soon; please act on it.' },
  },
  task_urged: {
    audience: ['department', 'assignee'],
    subject: { zh: '催办通知', en: 'A reminder to act on a task' },
    lead: {
      zh: '牵头部门催办以下任务，请尽快办理。',
      en: 'The lead department asks you to act on the task below without delay.',
    },
  },
  task_escalated: {
    audience: [],
    subject: { zh: '任务已逾期', en: 'A task is overdue' },
    lead: { zh: '以下任务已超过办理期限。', en: 'The task below has passed its due time.' },
  },
  task_reassigned: {
    audience: ['assignee'],
    subject: { zh: '任务已转交给您', en: 'A task was reassigned to you' },
    lead: { zh: '牵头部门已将以下任务转交给您办理。', en: 'The lead body has reassigned the task below to you.' },
  },
  task_handed_over: {
    audience: ['assignee'],
    subject: { zh: '同事将任务交给您办理', en: 'A colleague handed you a task' },
    lead: {
      zh: '同事已将以下任务转办或委派给您。',
      en: 'A colleague has transferred or delegated the task below to you.',
    },
  },
  report_reminder: {
    audience: ['applicant'],
    subject: { zh: '季度报告即将到期', en: 'A quarterly report is due soon' },
    lead: {
      zh: '本季度试点情况报告即将到期，请及时上报。',
      en: "This quarter's pilot report is due soon; please file it.",
    },
  },
  report_escalated: {
    audience: [],
    subject: { zh: '季度报告已逾期', en: 'A quarterly report is overdue' },
    lead: { zh: '以下季度报告已超过上报期限。', en: 'The quarterly report below has passed its due time.' },
  },
  public_notice_opened: {
    audience: ['bodies'],
    subject: { zh: '拟入选名单已进入公示', en: 'The proposed list is in public notice' },
    lead: {
      zh: '经八部门会签的拟入选名单已公示，公示期内任何人可提出异议。',
      en: 'The list countersigned by the eight bodies is in public notice; anyone may object during the period.',
    },
  },
  objection_filed: {
    audience: ['lead'],
    subject: { zh: '公示期内收到异议', en: 'An objection was filed during the public notice' },
    lead: {
      zh: '有人对公示名单中的申报提出异议，请商务部核查处理。',
      en: 'An objection to an applicant on the list in notice was filed; MOFCOM is to look into it and resolve it.',
    },
  },
  objection_resolved: {
    audience: ['filer', 'applicant'],
    subject: { zh: '异议处理结果', en: 'An objection was resolved' },
    lead: {
      zh: '商务部已对公示期内的异议作出处理。',
      en: 'MOFCOM has resolved an objection filed during the public notice.',
    },
  },
  public_notice_offered: {
    audience: ['applicant'],
    subject: { zh: '递补列入拟入选名单并公示', en: 'Offered a place on the proposed list, in public notice' },
    lead: {
      zh: '因名单中的申报被移出，您已按排名递补列入拟入选名单，并单独公示。',
      en: 'An applicant was removed from the list; as the next ranked you are offered its place, in public notice of your own.',
    },
  },
  objection_receipt: {
    audience: ['filer'],
    subject: { zh: '异议受理回执', en: 'Receipt of your objection' },
    lead: {
      zh: '您在公示期内提交的异议已受理。商务部将予以核查处理，处理结果将发送至本邮箱。查询时请提供回执编号。',
      en: 'Your objection filed during the public notice has been received. MOFCOM will look into it and send its resolution to this address. Please quote the receipt code in any enquiry.',
    },
  },
  final_list: {
    audience: ['unitCommerce'],
    subject: { zh: '本地区入选名单', en: "The final list: your reporting unit's applicants" },
    lead: {
      zh: '经八部门会签的名单已确定并公布。现将本地区入选名单通知如下，请做好试点组织实施工作。',
      en: 'The list countersigned by the eight bodies is final and published. The applicants of your reporting unit on it are below; please see to their pilots.',
    },
  },
};

/** The application transitions that tell their applicant (and, for the copy to MOFCOM, the bodies). */
export function transitionEvent(action: string, toStatus: string): NotificationEvent | undefined {
  if (toStatus === 'forwarded') return 'submission_to_mofcom';
  const byAction: Record<string, NotificationEvent> = {
    returned: 'application_returned',
    rejected: 'application_rejected',
    lapsed: 'application_lapsed',
    selected: 'application_selected',
    not_selected: 'application_not_selected',
    title_awarded: 'application_titled',
    not_recommended: 'application_not_recommended',
  };
  return byAction[action];
}
