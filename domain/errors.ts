// Errors the user sees: a stable code, an HTTP status, a message in zh-CN and English, and for
// invalid input the fields at fault. Workflows raise the same codes as ApplicationFailure types,
// so the API answers a refused Update exactly as it answers its own checks.

export interface FieldError {
  field: string;
  code: string;
  message: { zh: string; en: string };
}

const CATALOG = {
  unauthenticated: { status: 401, zh: '未登录或登录已过期', en: 'Not logged in, or the login has expired' },
  bad_credentials: { status: 401, zh: '用户名或密码错误', en: 'Wrong username or password' },
  forbidden: { status: 403, zh: '无权执行此操作', en: 'You are not allowed to do this' },
  not_your_task: { status: 403, zh: '该任务不属于您的部门', en: 'This task belongs to another department' },
  not_found: { status: 404, zh: '未找到', en: 'Not found' },
  invalid_input: { status: 400, zh: '输入有误', en: 'Invalid input' },
  deadline_passed: { status: 409, zh: '申报截止日期已过，不能提交', en: 'The declaration deadline has passed; submissions are closed' },
  revision_window_closed: { status: 409, zh: '补正期限已过', en: 'The period for revising this application has ended' },
  not_editable: { status: 409, zh: '当前状态下不能修改申报材料', en: 'The application cannot be edited in its current state' },
  not_awaiting_submission: { status: 409, zh: '申报已提交，正在审核中或已结束', en: 'The application has already been submitted, or is closed' },
  already_decided: { status: 409, zh: '该任务已作出决定', en: 'This task has already been decided' },
  review_closed: { status: 409, zh: '本轮审核已结束', en: 'This review round has ended' },
  already_claimed: { status: 409, zh: '该任务已被他人签收', en: 'Another officer has already claimed this task' },
  task_delegated: { status: 409, zh: '该任务已委派，须先收回', en: 'This task is delegated; take it back first' },
  task_busy: { status: 409, zh: '该任务正在办理中，请稍后重试', en: 'This task is being acted on; try again shortly' },
  not_decided: { status: 409, zh: '该任务尚未作出决定，无可撤回', en: 'This task has not been decided, so there is nothing to withdraw' },
  next_step_started: { status: 409, zh: '下一步已经开始，不能撤回', en: 'The next step has already started; the decision can no longer be withdrawn' },
  no_previous_step: { status: 409, zh: '该阶段没有可退回的上一步', en: 'This stage has no previous step to return the task to' },
  invalid_target: { status: 400, zh: '须为该任务所属部门的其他工作人员', en: "Must be another officer of the task's department" },
  wrong_stage: { status: 409, zh: '该任务不在可审批的阶段', en: 'This task is not at a stage that can be decided' },
  selection_not_ready: { status: 409, zh: '申报尚未截止或仍有申报在审核中，不能开始遴选', en: 'Selection cannot open: declarations are still open or applications are still in review' },
  selection_already_open: { status: 409, zh: '本轮遴选已经开始', en: 'Selection for this round has already been opened' },
  report_not_open: { status: 409, zh: '该季度报告尚未开放或已关闭', en: 'This report is not open: its quarter has not started, or it is closed' },
  evaluation_not_open: { status: 409, zh: '该评估尚未开始或已进入评分', en: 'This evaluation has not opened, or grading has begun' },
  unavailable: { status: 503, zh: '服务暂不可用，请稍后重试', en: 'Service temporarily unavailable; try again shortly' },
} as const;

export type ErrorCode = keyof typeof CATALOG;

export class DomainError extends Error {
  readonly status: number;
  readonly messages: { zh: string; en: string };
  constructor(
    readonly code: ErrorCode,
    readonly fields?: FieldError[],
    detail?: { zh: string; en: string },
  ) {
    const entry = CATALOG[code];
    super(detail?.en ?? entry.en);
    this.status = entry.status;
    this.messages = detail ?? { zh: entry.zh, en: entry.en };
  }
}

export function isErrorCode(code: string): code is ErrorCode {
  return code in CATALOG;
}

export function errorMessages(code: ErrorCode): { zh: string; en: string } {
  return { zh: CATALOG[code].zh, en: CATALOG[code].en };
}

interface IssueLike {
  code: string;
  path: PropertyKey[];
  message: string;
  minimum?: unknown;
  maximum?: unknown;
  expected?: unknown;
  keys?: string[];
}

/** Turns validation issues (zod's shape) into bilingual field errors. */
export function fieldErrorsFromZod(issues: readonly IssueLike[], prefix: string[] = []): FieldError[] {
  const out: FieldError[] = [];
  for (const issue of issues) {
    if (issue.code === 'unrecognized_keys' && issue.keys) {
      for (const key of issue.keys) {
        out.push({ field: [...prefix, ...issue.path.map(String), key].join('.'), code: 'unknown_field', message: { zh: '不允许的字段', en: 'Unknown field' } });
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
      return { zh: `过短或过小（最小 ${String(issue.minimum)}）`, en: `Too short or too small (minimum ${String(issue.minimum)})` };
    case 'too_big':
      return { zh: `过长或过大（最大 ${String(issue.maximum)}）`, en: `Too long or too large (maximum ${String(issue.maximum)})` };
    case 'invalid_value':
      return { zh: '取值不在允许范围内', en: 'Value not allowed' };
    case 'invalid_format':
      return { zh: '格式不正确', en: 'Wrong format' };
    case 'custom':
      if (issue.message === 'duplicate_task') return { zh: '任务重复', en: 'A task is listed twice' };
      if (issue.message === 'reason_required') return { zh: '退回、不通过或异议必须说明理由', en: 'A reject, return or objection needs a reason' };
      return { zh: issue.message, en: issue.message };
    default:
      return { zh: '无效', en: issue.message };
  }
}
