// Errors the user sees: a stable code, an HTTP status, a message in zh-CN and English, and for
// invalid input the fields at fault. Workflows raise the same codes as ApplicationFailure types,
// so the API answers a refused Update exactly as it answers its own checks.

export interface FieldError {
  field: string;
  code: string;
  message: { zh: string; en: string };
}

export const ERROR_CATALOG = {
  unauthenticated: { status: 401, zh: '未登录或登录已过期', en: 'Not logged in, or the login has expired' },
  bad_credentials: { status: 401, zh: '用户名或密码错误', en: 'Wrong username or password' },
  too_many_attempts: {
    status: 429,
    zh: '登录失败次数过多，请稍后重试',
    en: 'Too many failed login attempts; try again later',
  },
  forbidden: { status: 403, zh: '无权执行此操作', en: 'You are not allowed to do this' },
  not_your_task: { status: 403, zh: '该任务不属于您的部门', en: 'This task belongs to another department' },
  actor_unverified: {
    status: 403,
    zh: '无法确认操作人身份：该操作未经本系统签名、签名有误或已过期',
    en: 'Who is acting cannot be verified: the action is not signed by this system, its signature is wrong, or it has expired',
  },
  not_found: { status: 404, zh: '未找到', en: 'Not found' },
  invalid_input: { status: 400, zh: '输入有误', en: 'Invalid input' },
  deadline_passed: {
    status: 409,
    zh: '申报截止日期已过，不能提交',
    en: 'The declaration deadline has passed; submissions are closed',
  },
  declaration_not_open: { status: 409, zh: '申报尚未开始', en: 'Declarations for this round have not opened yet' },
  already_declared: {
    status: 409,
    zh: '本单位在该轮次已有申报：每个申报单位每轮只能申报一次',
    en: 'Your organisation already has an application in this round: one application per applicant per round',
  },
  revision_window_closed: { status: 409, zh: '补正期限已过', en: 'The period for revising this application has ended' },
  not_editable: {
    status: 409,
    zh: '当前状态下不能修改申报材料',
    en: 'The application cannot be edited in its current state',
  },
  not_awaiting_submission: {
    status: 409,
    zh: '申报已提交，正在审核中或已结束',
    en: 'The application has already been submitted, or is closed',
  },
  already_decided: { status: 409, zh: '该任务已作出决定', en: 'This task has already been decided' },
  review_closed: { status: 409, zh: '本轮审核已结束', en: 'This review round has ended' },
  already_claimed: { status: 409, zh: '该任务已被他人签收', en: 'Another officer has already claimed this task' },
  task_delegated: { status: 409, zh: '该任务已委派，须先收回', en: 'This task is delegated; take it back first' },
  task_busy: { status: 409, zh: '该任务正在办理中，请稍后重试', en: 'This task is being acted on; try again shortly' },
  not_decided: {
    status: 409,
    zh: '该任务尚未作出决定，无可撤回',
    en: 'This task has not been decided, so there is nothing to withdraw',
  },
  next_step_started: {
    status: 409,
    zh: '下一步已经开始，不能撤回',
    en: 'The next step has already started; the decision can no longer be withdrawn',
  },
  no_previous_step: {
    status: 409,
    zh: '该阶段没有可退回的上一步',
    en: 'This stage has no previous step to return the task to',
  },
  invalid_target: {
    status: 400,
    zh: '须为该任务所属部门的其他工作人员',
    en: "Must be another officer of the task's department",
  },
  wrong_stage: { status: 409, zh: '该任务不在可审批的阶段', en: 'This task is not at a stage that can be decided' },
  selection_not_ready: {
    status: 409,
    zh: '申报尚未截止或仍有申报在审核中，不能开始遴选',
    en: 'Selection cannot open: declarations are still open or applications are still in review',
  },
  selection_already_open: {
    status: 409,
    zh: '本轮遴选已经开始',
    en: 'Selection for this round has already been opened',
  },
  no_public_notice: {
    status: 409,
    zh: '当前没有进行中的公示：公示尚未开始，或该申报的公示期已结束',
    en: 'No public notice is open: it has not begun, or the notice period (of this applicant) has ended',
  },
  already_resolved: { status: 409, zh: '该异议已处理', en: 'This objection has already been resolved' },
  report_not_open: {
    status: 409,
    zh: '该季度报告尚未开放或已关闭',
    en: 'This report is not open: its quarter has not started, or it is closed',
  },
  already_reviewed: { status: 409, zh: '该实践经验已审核', en: 'This practice has already been reviewed' },
  evaluator_locked: {
    status: 409,
    zh: '已有中期评估按该委托开始，不能再更换第三方评估机构',
    en: 'A mid-term evaluation has opened with this appointment; the third-party evaluator can no longer be changed',
  },
  not_eligible: {
    status: 409,
    zh: '不符合本轮申报条件',
    en: 'Not eligible to declare in this round',
  },
  pilot_ended: {
    status: 409,
    zh: '该试点已结束或已取消试点资格',
    en: 'This pilot has ended, or its pilot status has been removed',
  },
  removal_in_progress: {
    status: 409,
    zh: '已有取消试点资格的提议在会签中',
    en: 'A proposal to remove this pilot is already being countersigned',
  },
  revocation_in_progress: {
    status: 409,
    zh: '该示范称号正在复核或已有撤销提议在会签中',
    en: 'This title is under review, or a proposal to revoke it is already being countersigned',
  },
  not_titled: {
    status: 409,
    zh: '该申报未被认定示范称号，或称号已撤销',
    en: 'This application holds no demonstration title, or its title has been revoked',
  },
  no_panels_awaited: {
    status: 409,
    zh: '本轮没有等待统一分配专家的申报',
    en: 'No application of this round is waiting for a batch assignment of experts',
  },
  assignment_running: {
    status: 409,
    zh: '本轮专家分配正在进行，请稍后重试',
    en: 'An expert assignment of this round is already running; try again shortly',
  },
  assignment_infeasible: {
    status: 422,
    zh: '无法按规则分配专家',
    en: 'The experts cannot be assigned under the rules',
  },
  panel_not_awaited: {
    status: 409,
    zh: '该申报不在等待统一分配专家',
    en: 'This application is not waiting for a batch-assigned panel',
  },
  evaluation_not_open: {
    status: 409,
    zh: '该评估尚未开始或已进入评分',
    en: 'This evaluation has not opened, or grading has begun',
  },
  already_deactivated: { status: 409, zh: '该账户已停用', en: 'This account is already deactivated' },
  not_deactivated: { status: 409, zh: '该账户未停用', en: 'This account is not deactivated' },
  cannot_deactivate_self: {
    status: 409,
    zh: '不能停用本人正在使用的账户',
    en: 'You cannot deactivate your own account',
  },
  task_not_open: {
    status: 409,
    zh: '该任务已办结或已撤销，无需催办',
    en: 'This task is no longer open (decided or withdrawn): there is nothing to urge',
  },
  urged_recently: {
    status: 429,
    zh: '该任务一小时内已催办过，请稍后再催',
    en: 'This task was urged within the last hour; urge it again later',
  },
  unavailable: {
    status: 503,
    zh: '服务暂不可用，请稍后重试',
    en: 'Service temporarily unavailable; try again shortly',
  },
} as const;

export type ErrorCode = keyof typeof ERROR_CATALOG;

export class DomainError extends Error {
  readonly status: number;
  readonly messages: { zh: string; en: string };
  constructor(
    readonly code: ErrorCode,
    readonly fields?: FieldError[],
    detail?: { zh: string; en: string },
    /** the application a refusal points to (already_declared: the one the applicant already has) */
    readonly applicationId?: string,
  ) {
    const entry = ERROR_CATALOG[code];
    super(detail?.en ?? entry.en);
    this.status = entry.status;
    this.messages = detail ?? { zh: entry.zh, en: entry.en };
  }
}

export function isErrorCode(code: string): code is ErrorCode {
  return code in ERROR_CATALOG;
}

export function errorMessages(code: ErrorCode): { zh: string; en: string } {
  return { zh: ERROR_CATALOG[code].zh, en: ERROR_CATALOG[code].en };
}

interface IssueLike {
  code: string;
  path: PropertyKey[];
  message: string;
  minimum?: unknown;
  maximum?: unknown;
  expected?: unknown;
  keys?: string[];
  /** of an invalid_format issue: 'email', 'regex', … */
  format?: string;
  /** of a custom issue: its message in both languages, when the rule that raised it words its own */
  params?: { zh?: unknown; en?: unknown };
}

/** What a well-formed value looks like, for the formats the forms ask for (the validator names them). */
const FORMAT_MESSAGES: Record<string, { zh: string; en: string }> = {
  phone_format: {
    zh: '应为 7 至 20 位电话号码（数字，可含“-”、括号、空格或“+”），如 020-83123456',
    en: 'A phone number of 7 to 20 characters (digits, with “-”, brackets, spaces or “+”), e.g. 020-83123456',
  },
  credit_code_format: {
    zh: '应为 18 位统一社会信用代码（数字和大写字母，不含 I、O、S、V、Z）',
    en: 'An 18-character unified social credit code (digits and capital letters, without I, O, S, V, Z)',
  },
  email: { zh: '应为电子邮箱地址，如 name@example.org', en: 'An e-mail address, e.g. name@example.org' },
};

/** The messages of the rules validators check across fields (zod refinements name them by these codes). */
const RULE_MESSAGES = {
  duplicate_task: { zh: '任务重复', en: 'A task is listed twice' },
  levels_in_order: { zh: '升级层级须按时间先后排列', en: 'Escalation levels must come one after another' },
  default_after_levels: { zh: '默认规则须在最后一级升级之后', en: 'The default rule comes after the last level' },
  weights_sum_to_one: { zh: '评分指标权重之和须为 1', en: 'Criterion weights must sum to 1' },
  codes_unique: { zh: '评分指标代码不能重复', en: 'Criterion codes must be unique' },
  quorum_within_panel: { zh: '法定评分人数不能超过专家组人数', en: 'The quorum cannot exceed the panel size' },
  midterm_before_last_quarter: {
    zh: '中期评估须在最后一个季度之前',
    en: 'The mid-term must come before the last quarter',
  },
  whole_working_days: { zh: '按工作日计算的期限须为整数天', en: 'Working days are counted whole' },
  opens_before_deadline: { zh: '申报开始时间须早于截止时间', en: 'Declarations must open before their deadline' },
  deadline_in_future: { zh: '申报截止时间须在将来', en: 'The declaration deadline must be in the future' },
  demonstration_rules_in_a_pilot_round: {
    zh: '示范创建规则仅用于示范创建轮次',
    en: 'Demonstration rules are for demonstration rounds only',
  },
  declaration_form_in_a_pilot_round: {
    zh: '申报书（第 3 版）仅用于示范创建轮次',
    en: 'The declaration form (version 3) is for demonstration rounds only',
  },
} as const;

/** Turns validation issues (zod's shape) into bilingual field errors. */
export function fieldErrorsFromZod(issues: readonly IssueLike[], prefix: string[] = []): FieldError[] {
  const out: FieldError[] = [];
  for (const issue of issues) {
    if (issue.code === 'unrecognized_keys' && issue.keys) {
      for (const key of issue.keys) {
        out.push({
          field: [...prefix, ...issue.path.map(String), key].join('.'),
          code: 'unknown_field',
          message: { zh: '不允许的字段', en: 'Unknown field' },
        });
      }
      continue;
    }
    const field = [...prefix, ...issue.path.map(String)].join('.') || prefix.join('.') || '(body)';
    out.push({ field, code: issue.code, message: describe(issue) });
  }
  return out;
}

function describe(issue: IssueLike): { zh: string; en: string } {
  switch (issue.code) {
    case 'invalid_type':
      return issue.message.includes('received undefined')
        ? { zh: '必填项', en: 'Required' }
        : { zh: `类型错误，应为 ${String(issue.expected)}`, en: `Wrong type, expected ${String(issue.expected)}` };
    case 'too_small':
      return {
        zh: `过短或过小（最小 ${String(issue.minimum)}）`,
        en: `Too short or too small (minimum ${String(issue.minimum)})`,
      };
    case 'too_big':
      return {
        zh: `过长或过大（最大 ${String(issue.maximum)}）`,
        en: `Too long or too large (maximum ${String(issue.maximum)})`,
      };
    case 'invalid_value':
      return { zh: '取值不在允许范围内', en: 'Value not allowed' };
    case 'invalid_format':
      return (
        FORMAT_MESSAGES[issue.message] ??
        FORMAT_MESSAGES[issue.format ?? ''] ?? { zh: '格式不正确', en: 'Wrong format' }
      );
    case 'custom':
      if (typeof issue.params?.zh === 'string' && typeof issue.params.en === 'string')
        return { zh: issue.params.zh, en: issue.params.en };
      return RULE_MESSAGES[issue.message as keyof typeof RULE_MESSAGES] ?? { zh: issue.message, en: issue.message };
    default:
      return { zh: '无效', en: issue.message };
  }
}
