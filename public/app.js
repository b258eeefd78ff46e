// The pilotflow web page: one module, no build step. Officers work their inbox, claim, hand over,
// decide and withdraw tasks, with attachments; applicants draft, submit and revise, and a pilot
// files its quarterly reports and self-assessments; auditors read an application's timeline.
// Everything goes through the JSON API with the user's bearer token; the server decides what each
// user may do (a task's `may` only says which buttons to show).

const T = {
  zh: {
    brand: '供应链创新与应用试点', other: 'English', login: '登录', logout: '退出', username: '用户名', password: '密码',
    inbox: '待办任务', applications: '申报', task: '任务', stage: '阶段', status: '状态', due: '办理期限', applicant: '申报单位',
    overdue: '已逾期', open: '待办', decided: '已办', withdrawn: '已撤回', expired: '已失效', all: '全部', page: '页', prev: '上一页', next: '下一页',
    decision: '决定', reason: '理由 / 意见', submitDecision: '提交决定', decidedOk: '已提交。', history: '办理记录', content: '申报材料',
    told: '已通知', newDraft: '新建申报', round: '轮次', create: '创建草稿', save: '保存', submit: '提交申报', saved: '已保存。', submitted: '已提交。',
    fullTimeline: '完整时间线（审计）', loadTimeline: '查看完整时间线', exportJson: '导出 JSON', exportCsv: '导出审计记录 CSV', source: '来源', what: '事项', who: '办理人', when: '时间',
    src_audit: '审计记录', src_mail: '邮件', src_workflow: '工作流事件', chain: '哈希链', workflowsFrom: '工作流历史来源',
    fixes: '需补正的内容', none: '暂无', by: '办理人', scores: '评分', comments: '评审意见', grade: '等级', note: '说明', ids: '申报编号（逗号分隔）', open_app: '查看申报',
    holder: '办理人', unclaimed: '待签收（本部门工作人员均可签收办理）', delegatedBy: '委派人', colleague: '接办人用户名', colleagueHint: '本部门另一位工作人员的用户名',
    deskReason: '理由 / 说明', confirm: '确定', cancel: '取消',
    attachments: '附件', fileName: '文件名', size: '大小', uploadedAt: '上传时间', download: '下载', attach: '上传附件',
    attachHint: '可上传 PDF、OFD、PNG、JPEG、TXT、DOCX、XLSX，单个不超过 10 MB。您在本任务上传的附件将随您的决定一并引用，其 SHA-256 记入办理记录。',
    cited: '随决定引用', uploaded: '已上传。',
    pilot: '试点实施', pilotLink: '试点实施情况：季度报告与评估', period: '实施期', reports: '季度报告', quarter: '季度', submittedAt: '报送时间', late: '逾期',
    fileReport: '报送季度报告', reportContent: '报告内容', progress: '各项试点任务进展', progressHint: '至少填写一项试点任务的进展', indicators: '主要指标', indicatorName: '指标名称', value: '数值', unit: '单位',
    problems: '存在的问题', reportFiled: '季度报告已报送。', noOpenReport: '当前没有待报送的季度报告。',
    evaluations: '评估', selfAssessment: '自评', summary: '工作总结', achievements: '主要成效', replicablePractice: '可复制推广的实践经验', proposedGrade: '自评等级',
    submitSelfAssessment: '提交自评', selfAssessed: '自评已提交。', yes: '是', midtermGrade: '中期评估', finalGrade: '终期评估', incentive: '可享受激励政策', title: '称号',
    rounds: '轮次', kind: '类型', kind_pilot: '试点', kind_demonstration: '示范创建', declaration: '申报期', decl_not_yet_open: '尚未开始', decl_open: '申报中', decl_closed: '已截止',
    quotas: '名额（城市 / 企业）', days: '计日方式', day_calendar: '自然日', day_working: '工作日', notice: '公示期', workingDays: '个工作日', versions: '规则版本',
    newRound: '新建轮次', nameZh: '名称（中文）', nameEn: '名称（英文）', opensAt: '申报开始', deadline: '申报截止', config: '规则（JSON，默认为2018年试点规则）', createRound: '创建轮次', roundCreated: '轮次已创建。',
  },
  en: {
    brand: 'Supply-chain innovation pilots', other: '中文', login: 'Log in', logout: 'Log out', username: 'Username', password: 'Password',
    inbox: 'Inbox', applications: 'Applications', task: 'Task', stage: 'Stage', status: 'Status', due: 'Due', applicant: 'Applicant',
    overdue: 'Overdue', open: 'Open', decided: 'Decided', withdrawn: 'Withdrawn', expired: 'Expired', all: 'All', page: 'Page', prev: 'Previous', next: 'Next',
    decision: 'Decision', reason: 'Reason / comment', submitDecision: 'Submit decision', decidedOk: 'Submitted.', history: 'History', content: 'Application content',
    told: 'Told', newDraft: 'New application', round: 'Round', create: 'Create draft', save: 'Save', submit: 'Submit', saved: 'Saved.', submitted: 'Submitted.',
    fullTimeline: 'Full timeline (audit)', loadTimeline: 'Show the full timeline', exportJson: 'Export JSON', exportCsv: 'Export audit records (CSV)', source: 'Source', what: 'What', who: 'Who', when: 'When',
    src_audit: 'Audit record', src_mail: 'Mail', src_workflow: 'Workflow event', chain: 'Hash chain', workflowsFrom: 'Workflow histories from',
    fixes: 'Fixes asked for', none: 'None', by: 'By', scores: 'Scores', comments: 'Comments', grade: 'Grade', note: 'Note', ids: 'Application ids (comma-separated)', open_app: 'Open the application',
    holder: 'Held by', unclaimed: 'Unclaimed: any officer of the department may claim it', delegatedBy: 'delegated by', colleague: "Colleague's username", colleagueHint: 'The username of another officer of the department',
    deskReason: 'Reason / note', confirm: 'Confirm', cancel: 'Cancel',
    attachments: 'Attachments', fileName: 'File', size: 'Size', uploadedAt: 'Uploaded', download: 'Download', attach: 'Attach a file',
    attachHint: 'PDF, OFD, PNG, JPEG, TXT, DOCX or XLSX, up to 10 MB each. The files you upload to this task are cited by your decision, their SHA-256 kept in the record.',
    cited: 'cited by your decision', uploaded: 'Uploaded.',
    pilot: 'Pilot', pilotLink: 'The pilot: quarterly reports and evaluations', period: 'Period', reports: 'Quarterly reports', quarter: 'Quarter', submittedAt: 'Submitted', late: 'Late',
    fileReport: 'File the quarterly report', reportContent: 'The report', progress: 'Progress on each pilot task', progressHint: 'Report progress on at least one of the pilot tasks', indicators: 'Key indicators', indicatorName: 'Indicator', value: 'Value', unit: 'Unit',
    problems: 'Problems', reportFiled: 'Quarterly report filed.', noOpenReport: 'No quarterly report is open for filing now.',
    evaluations: 'Evaluations', selfAssessment: 'Self-assessment', summary: 'Summary', achievements: 'Achievements', replicablePractice: 'Replicable practice', proposedGrade: 'Proposed grade',
    submitSelfAssessment: 'Submit the self-assessment', selfAssessed: 'Self-assessment submitted.', yes: 'Yes', midtermGrade: 'Mid-term evaluation', finalGrade: 'Final evaluation', incentive: 'Eligible for incentives', title: 'Title',
    rounds: 'Rounds', kind: 'Kind', kind_pilot: 'Pilot', kind_demonstration: 'Demonstration', declaration: 'Declarations', decl_not_yet_open: 'Not yet open', decl_open: 'Open', decl_closed: 'Closed',
    quotas: 'Places (cities / enterprises)', days: 'Days counted', day_calendar: 'Calendar days', day_working: 'Working days', notice: 'Public notice', workingDays: 'working days', versions: 'Rule versions',
    newRound: 'New round', nameZh: 'Name (Chinese)', nameEn: 'Name (English)', opensAt: 'Declarations open', deadline: 'Declaration deadline', config: 'Rules (JSON; the 2018 pilot rules to start from)', createRound: 'Create the round', roundCreated: 'Round created.',
  },
};

const STAGES = {
  provincialReview: { zh: '省级联合审核', en: 'Provincial joint review', decisions: ['approve', 'return', 'reject'] },
  expertReview: { zh: '专家评审', en: 'Expert review', decisions: ['score', 'decline'] },
  selectionCountersign: { zh: '试点名单会签', en: 'Selection countersign', decisions: ['approve', 'object'] },
  selectionRevision: { zh: '名单修改', en: 'List revision', decisions: ['revise'] },
  quarterlyCompilation: { zh: '季度汇总', en: 'Quarterly compilation', decisions: ['compile'] },
  evaluation: { zh: '评估打分', en: 'Evaluation grading', decisions: ['grade'] },
};
const DECISIONS = {
  approve: { zh: '同意', en: 'Approve' }, return: { zh: '退回补正', en: 'Return for revision' }, reject: { zh: '不同意', en: 'Reject' },
  score: { zh: '评分', en: 'Score' }, decline: { zh: '谢绝评审', en: 'Decline' }, object: { zh: '提出异议', en: 'Object' },
  revise: { zh: '修改名单', en: 'Revise the list' }, compile: { zh: '汇总报送', en: 'Compile and send' }, grade: { zh: '评定等级', en: 'Grade' },
};
// The officers' desk (POST /api/tasks/:id/<path>), in the order of the action bar; each button shows
// only where the task's `may` allows it. `colleague`: asks for a username and a reason; `reason`: asks
// for a reason; neither: acts at once.
const DESK = {
  claim: { zh: '签收', en: 'Claim', path: 'claim', done: { zh: '已签收，此任务由您办理。', en: 'Claimed: the task is yours to decide.' } },
  release: { zh: '释放', en: 'Release', path: 'release', done: { zh: '已释放，任务回到本部门待签收。', en: 'Released: the task is back with the department.' } },
  transfer: { zh: '转办', en: 'Transfer', path: 'transfer', colleague: true, done: { zh: '已转办。', en: 'Transferred.' } },
  delegate: { zh: '委派', en: 'Delegate', path: 'delegate', colleague: true, done: { zh: '已委派，您可随时收回。', en: 'Delegated: you may take it back at any time.' } },
  takeBack: { zh: '收回', en: 'Take back', path: 'take-back', done: { zh: '已收回，此任务由您办理。', en: 'Taken back: the task is yours again.' } },
  reassign: { zh: '改派', en: 'Reassign', path: 'reassign', colleague: true, done: { zh: '已改派。', en: 'Reassigned.' } },
  withdraw: { zh: '撤回', en: 'Withdraw decision', path: 'withdraw', reason: true, done: { zh: '决定已撤回，任务重新待办。', en: 'Decision withdrawn: the task is open again.' } },
  return: { zh: '退回', en: 'Return', path: 'return', reason: true, done: { zh: '已退回上一环节。', en: 'Returned to the previous step.' } },
};
// The stages whose decisions may cite attachments (usecases/decisionSchemas.ts), and the file types
// the server takes (usecases/attachments.ts), by extension for files the browser gives no type.
const ATTACH_STAGES = ['provincialReview', 'selectionCountersign', 'selectionRevision', 'evaluation'];
const ATTACH_TYPES = {
  pdf: 'application/pdf', ofd: 'application/ofd', png: 'image/png', jpg: 'image/jpeg', jpeg: 'image/jpeg', txt: 'text/plain',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};
const PILOT_STATUSES = { running: { zh: '试点实施中', en: 'Running' }, completed: { zh: '试点已结束', en: 'Completed' } };
const REPORT_STATUSES = { due: { zh: '待报送', en: 'Due' }, submitted: { zh: '已报送', en: 'Submitted' }, missing: { zh: '缺报', en: 'Missing' } };
const EVALUATION_STATUSES = { self_assessment: { zh: '待自评', en: 'Awaiting the self-assessment' }, grading: { zh: '评估打分中', en: 'Being graded' }, graded: { zh: '已评定', en: 'Graded' } };

const ANNEX_FIELDS = {
  1: [
    ['cityName', 'text', '城市名称', 'City'], ['industrialBase', 'area', '产业基础', 'Industrial base'], ['keyIndustries', 'area', '重点产业集群', 'Key industry clusters'],
    ['infrastructure', 'area', '基础设施与信息技术', 'Infrastructure and IT'], ['chosenTasks', 'tasks', '试点任务', 'Chosen tasks'], ['approach', 'area', '总体思路', 'Approach'],
    ['targets', 'area', '目标任务', 'Targets'], ['content', 'area', '试点内容', 'Pilot content'], ['safeguards', 'area', '保障措施', 'Safeguards'],
    ['contactName', 'text', '联系人', 'Contact'], ['contactPhone', 'text', '联系电话', 'Phone'], ['contactEmail', 'email', '电子邮箱', 'E-mail'],
  ],
  2: [
    ['legalName', 'text', '企业名称', 'Legal name'], ['creditCode', 'text', '统一社会信用代码', 'Credit code'], ['legalRepresentative', 'text', '法定代表人', 'Legal representative'],
    ['industry', 'text', '所属行业', 'Industry'], ['registeredCapitalWanCny', 'number', '注册资本（万元）', 'Registered capital (10k CNY)'], ['employees', 'number', '职工人数', 'Employees'],
    ['independentLegalPerson', 'bool', '独立法人', 'Independent legal person'], ['managementSystem', 'area', '供应链管理制度', 'Management system'], ['talent', 'area', '供应链人才', 'Talent'],
    ['platform', 'area', '供应链平台', 'Platform'], ['chosenTasks', 'tasks', '试点任务', 'Chosen tasks'], ['targets', 'area', '目标', 'Targets'], ['measures', 'area', '措施', 'Measures'],
    ['contactName', 'text', '联系人', 'Contact'], ['contactPhone', 'text', '联系电话', 'Phone'], ['contactEmail', 'email', '电子邮箱', 'E-mail'],
  ],
};

let lang = localStorage.getItem('pilotflow.lang') || 'zh';
let token = sessionStorage.getItem('pilotflow.token');
let me = null;
let reference = null;
const main = document.getElementById('main');
const t = (key) => T[lang][key] ?? key;
const label = (l) => (l ? l[lang] ?? l.zh : '');
const esc = (s) => String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
const when = (iso) => (iso ? new Date(iso).toLocaleString(lang === 'zh' ? 'zh-CN' : 'en-GB') : '');

/** One API call; a refusal throws an Error carrying the server's message (and its fields). */
async function request(method, path, { body, raw, contentType } = {}) {
  const res = await fetch(path, {
    method,
    headers: {
      'accept-language': lang === 'zh' ? 'zh-CN' : 'en',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(raw !== undefined ? { 'content-type': contentType } : body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    body: raw !== undefined ? raw : body === undefined ? undefined : JSON.stringify(body),
  });
  if (res.ok) return res.status === 204 ? null : res.json();
  const message = await refusal(res);
  if (res.status === 401 && path !== '/api/auth/login') logout();
  throw new Error(message);
}

async function refusal(res) {
  const data = await res.json().catch(() => null);
  if (!data?.error) return `HTTP ${res.status}`;
  const fields = (data.error.fields ?? []).map((f) => `${f.field}: ${f.message}`).join('\n');
  return data.error.message + (fields ? '\n' + fields : '');
}

const api = (method, path, body) => request(method, path, { body });

function go(path) {
  history.pushState(null, '', path);
  render();
}

function logout() {
  if (token) fetch('/api/auth/logout', { method: 'POST', headers: { authorization: `Bearer ${token}` } }).catch(() => {});
  token = null;
  me = null;
  sessionStorage.removeItem('pilotflow.token');
  go('/login');
}

function nav() {
  const el = document.getElementById('nav');
  document.querySelector('[data-t=brand]').textContent = t('brand');
  document.getElementById('lang').textContent = t('other');
  document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
  if (!me) return (el.innerHTML = '');
  const links = me.role === 'applicant' ? [['/applications', t('applications')]] : me.role === 'auditor' ? [['/', t('inbox')], ['/applications', t('applications')]] : [['/', t('inbox')]];
  if (me.role !== 'applicant' && me.role !== 'expert') links.push(['/rounds', t('rounds')]);
  el.innerHTML = links.map(([href, text]) => `<a href="${href}" data-link>${esc(text)}</a>`).join('') + `<span>${esc(me.displayName)}</span><a href="#" id="logout">${t('logout')}</a>`;
  document.getElementById('logout').onclick = (e) => (e.preventDefault(), logout());
}

async function render() {
  const path = location.pathname;
  if (!token) return loginPage();
  try {
    me ??= await api('GET', '/api/me');
    reference ??= await api('GET', '/api/reference');
  } catch {
    return;
  }
  nav();
  let m;
  if ((m = path.match(/^\/tasks\/(.+)$/))) return taskPage(decodeURIComponent(m[1]));
  if ((m = path.match(/^\/applications\/(.+)$/))) return applicationPage(decodeURIComponent(m[1]));
  if ((m = path.match(/^\/pilots\/(.+)$/))) return pilotPage(decodeURIComponent(m[1]));
  if (path === '/rounds') return roundsPage();
  if (path === '/applications' || (path === '/' && me.role === 'applicant')) return applicationsPage();
  return inboxPage();
}

function loginPage() {
  nav();
  main.innerHTML = `<section class="card narrow"><h1>${t('login')}</h1>
    <form id="login"><label for="username">${t('username')}</label><input id="username" name="username" type="text" autocomplete="username">
    <label for="password">${t('password')}</label><input id="password" name="password" type="password" autocomplete="current-password">
    <p><button type="submit">${t('login')}</button></p><p class="error" id="error"></p></form></section>`;
  document.getElementById('login').onsubmit = async (e) => {
    e.preventDefault();
    try {
      const session = await api('POST', '/api/auth/login', { username: e.target.username.value, password: e.target.password.value });
      token = session.token;
      me = session.user;
      sessionStorage.setItem('pilotflow.token', token);
      go(location.pathname === '/login' ? '/' : location.pathname);
    } catch (err) {
      document.getElementById('error').textContent = err.message;
    }
  };
}

const inboxQuery = { status: 'open', stage: '', page: 1 };

async function inboxPage() {
  const q = new URLSearchParams({ status: inboxQuery.status, page: String(inboxQuery.page), pageSize: '20', ...(inboxQuery.stage ? { stage: inboxQuery.stage } : {}) });
  const box = await api('GET', `/api/tasks?${q}`);
  const pages = Math.max(1, Math.ceil(box.total / box.pageSize));
  main.innerHTML = `<section class="card"><h1>${t('inbox')}</h1>
    <div class="row"><label>${t('status')} <select id="status">${['open', 'decided', 'withdrawn', 'expired', 'all'].map((s) => `<option value="${s}" ${s === inboxQuery.status ? 'selected' : ''}>${t(s)}</option>`).join('')}</select></label>
    <label>${t('stage')} <select id="stage"><option value="">${t('all')}</option>${Object.entries(STAGES).map(([k, v]) => `<option value="${k}" ${k === inboxQuery.stage ? 'selected' : ''}>${label(v)}</option>`).join('')}</select></label></div>
    <p class="counts">${['open', 'decided', 'withdrawn', 'expired'].map((s) => `${t(s)} ${box.counts[s]}`).join(' · ')}</p>
    <table><thead><tr><th>${t('task')}</th><th>${t('stage')}</th><th>${t('applicant')}</th><th>${t('due')}</th><th>${t('status')}</th></tr></thead><tbody>
    ${box.items.map((task) => `<tr class="${task.overdue && task.status === 'open' ? 'overdue' : ''}" data-task="${esc(task.id)}"><td><a href="/tasks/${encodeURIComponent(task.id)}" data-link>${esc(task.id)}</a></td>
      <td>${label(STAGES[task.stage])}</td><td>${esc(task.application?.organization ?? task.roundId ?? '')}</td><td>${when(task.dueAt)}</td>
      <td><span class="badge">${t(task.status)}</span>${task.overdue && task.status === 'open' ? ` <span class="badge overdue">${t('overdue')}</span>` : ''}</td></tr>`).join('') || `<tr><td colspan="5">${t('none')}</td></tr>`}
    </tbody></table>
    <p class="row"><button class="secondary" id="prev" ${inboxQuery.page <= 1 ? 'disabled' : ''}>${t('prev')}</button> ${t('page')} ${box.page} / ${pages} <button class="secondary" id="next" ${inboxQuery.page >= pages ? 'disabled' : ''}>${t('next')}</button></p></section>`;
  document.getElementById('status').onchange = (e) => ((inboxQuery.status = e.target.value), (inboxQuery.page = 1), inboxPage());
  document.getElementById('stage').onchange = (e) => ((inboxQuery.stage = e.target.value), (inboxQuery.page = 1), inboxPage());
  document.getElementById('prev').onclick = () => ((inboxQuery.page -= 1), inboxPage());
  document.getElementById('next').onclick = () => ((inboxQuery.page += 1), inboxPage());
}

function annexView(app) {
  const fields = ANNEX_FIELDS[app.kind === 'city' || app.kind === 'ftz' ? 1 : 2];
  const taskName = (code) => label([...reference.cityTasks, ...reference.enterpriseTasks].find((x) => x.code === code)) || code;
  const show = (key) => (key === 'chosenTasks' ? (app.annex[key] ?? []).map(taskName).join('；') : app.annex[key]);
  return `<dl>${fields.map(([key, , zh, en]) => `<dt>${lang === 'zh' ? zh : en}</dt><dd>${esc(show(key))}</dd>`).join('')}</dl>`;
}

function timeline(app) {
  return `<ol class="timeline">${app.history.map((e) => `<li><div class="when">${when(e.at)} · ${esc(e.actorRole ?? 'system')}</div><strong>${esc(e.action)}</strong>
    ${e.toStatus ? ` → ${label(reference.statuses[e.toStatus]) || esc(e.toStatus)}` : ''}${e.reason ? `<div>${esc(e.reason)}</div>` : ''}
    ${e.told?.length ? `<div class="when">${t('told')}: ${e.told.map((n) => esc(n.email)).join(', ')}</div>` : ''}</li>`).join('')}</ol>`;
}

function decisionForm(task, rubric) {
  const stage = STAGES[task.stage];
  const extra = {
    expertReview: `<label>${t('scores')}</label>${(rubric ?? []).map((c) => `<div class="row"><span class="grow">${esc(label(c))}</span><input type="number" min="0" max="100" name="score_${c.code}" class="score"></div>`).join('')}<label for="comments">${t('comments')}</label><textarea id="comments" name="comments"></textarea>`,
    evaluation: `<label for="grade">${t('grade')}</label><select id="grade" name="grade">${Object.entries(reference.grades).map(([k, v]) => `<option value="${k}">${label(v)}</option>`).join('')}</select><label for="comments">${t('comments')}</label><textarea id="comments" name="comments"></textarea>`,
    selectionRevision: `<label for="ids">${t('ids')}</label><input type="text" id="ids" name="ids">`,
    quarterlyCompilation: `<label for="note">${t('note')}</label><textarea id="note" name="note"></textarea>`,
  }[task.stage] ?? '';
  const needsReason = ['provincialReview', 'expertReview', 'selectionCountersign', 'selectionRevision'].includes(task.stage);
  return `<form id="decide"><label for="decision">${t('decision')}</label><select id="decision" name="decision">${stage.decisions.map((d) => `<option value="${d}">${label(DECISIONS[d])}</option>`).join('')}</select>
    ${extra}${needsReason ? `<label for="reason">${t('reason')}</label><textarea id="reason" name="reason"></textarea>` : ''}
    <p><button type="submit">${t('submitDecision')}</button></p><p class="error" id="error"></p></form>`;
}

function decisionBody(task, form, rubric) {
  const v = (name) => form.elements[name]?.value?.trim() || undefined;
  const body = { decision: v('decision'), reason: v('reason') };
  if (task.stage === 'expertReview' && body.decision === 'score') {
    body.scores = Object.fromEntries((rubric ?? []).map((c) => [c.code, Number(v(`score_${c.code}`))]));
    body.comments = v('comments');
    delete body.reason;
  }
  if (task.stage === 'evaluation') Object.assign(body, { grade: v('grade'), comments: v('comments') });
  if (task.stage === 'selectionRevision') body.applicationIds = (v('ids') ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  if (task.stage === 'quarterlyCompilation') body.note = v('note');
  // The decision cites every file this officer has uploaded to the task (the server takes only
  // those: usecases/attachments.ts citedAttachments), whether uploaded in this visit of the page or
  // an earlier one; the list marks them. Another officer's uploads stay listed but are not cited.
  const mine = ATTACH_STAGES.includes(task.stage) ? (task.attachments ?? []).filter((a) => a.uploadedById === me.id).map((a) => a.id) : [];
  if (mine.length) body.attachments = mine;
  return Object.fromEntries(Object.entries(body).filter(([, x]) => x !== undefined));
}

/** Who holds the task: its assignee (and who delegated it to them), or nobody yet. */
function holderLine(task) {
  const who = (u) => `${esc(u.displayName)} (${esc(u.username)})`;
  if (task.assignee) return `${t('holder')}: <strong>${who(task.assignee)}</strong>${task.owner ? ` · ${t('delegatedBy')}: ${who(task.owner)}` : ''}`;
  return task.status === 'open' && task.departmentId ? `${t('holder')}: ${t('unclaimed')}` : '';
}

function deskBar(task) {
  const shown = Object.keys(DESK).filter((a) => task.may?.[a]);
  if (!shown.length) return '';
  return `<div class="desk"><p class="row" id="desk-actions">${shown.map((a) => `<button type="button" class="secondary" data-action="${a}">${label(DESK[a])}</button>`).join('')}</p>
    <div id="desk-slot"></div><p class="error" id="desk-error"></p></div>`;
}

function deskForm(action) {
  const d = DESK[action];
  return `<form id="desk-form" class="inline" data-action="${action}"><strong>${label(d)}</strong>
    ${d.colleague ? `<label for="desk-username">${t('colleague')}</label><input type="text" id="desk-username" name="username" required autocomplete="off" placeholder="${esc(t('colleagueHint'))}">` : ''}
    <label for="desk-reason">${t('deskReason')}</label><textarea id="desk-reason" name="reason" required></textarea>
    <p class="row"><button type="submit">${t('confirm')}</button><button type="button" class="secondary" id="desk-cancel">${t('cancel')}</button></p></form>`;
}

const fileSize = (n) => (n < 1024 ? `${n} B` : n < 1024 * 1024 ? `${(n / 1024).toFixed(1)} KB` : `${(n / 1024 / 1024).toFixed(1)} MB`);
const mayAttach = (task) => task.may?.decide && ATTACH_STAGES.includes(task.stage);

function attachmentsCard(task) {
  const list = task.attachments ?? [];
  if (!list.length && !mayAttach(task)) return '';
  return `<section class="card" id="attachments"><h2>${t('attachments')}</h2>
    <table><thead><tr><th>${t('fileName')}</th><th>${t('size')}</th><th>${t('uploadedAt')}</th><th></th></tr></thead><tbody>
    ${list.map((a) => `<tr data-attachment="${esc(a.id)}"><td>${esc(a.name)}${mayAttach(task) && a.uploadedById === me.id ? ` <span class="badge">${t('cited')}</span>` : ''}</td>
      <td>${fileSize(a.size)}</td><td>${when(a.createdAt)}</td><td><a href="#" data-download="${esc(a.id)}">${t('download')}</a></td></tr>`).join('') || `<tr><td colspan="4">${t('none')}</td></tr>`}
    </tbody></table>
    ${mayAttach(task) ? `<p><label for="attach-file">${t('attach')}</label><input type="file" id="attach-file" multiple accept="${Object.keys(ATTACH_TYPES).map((e) => '.' + e).join(',')}"></p><p class="hint">${t('attachHint')}</p>` : ''}
    <p class="error" id="attach-error"></p><p class="notice" id="attach-notice"></p></section>`;
}

/** The bytes need the bearer token, so the download goes through fetch and an object URL. */
async function download(attachment) {
  await downloadFile(`/api/attachments/${encodeURIComponent(attachment.id)}`, attachment.name);
}

async function downloadFile(path, name) {
  const res = await fetch(path, { headers: { authorization: `Bearer ${token}`, 'accept-language': lang === 'zh' ? 'zh-CN' : 'en' } });
  if (!res.ok) throw new Error(await refusal(res));
  const url = URL.createObjectURL(await res.blob());
  const a = Object.assign(document.createElement('a'), { href: url, download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

function typeOf(file) {
  if (Object.values(ATTACH_TYPES).includes(file.type)) return file.type;
  return ATTACH_TYPES[file.name.split('.').pop().toLowerCase()] ?? (file.type || 'application/octet-stream');
}

/** Wires the attachments card; an upload redraws the card only, so a half-filled decision form keeps its input. */
function wireAttachments(task) {
  const card = document.getElementById('attachments');
  if (!card) return;
  const error = card.querySelector('#attach-error');
  card.querySelectorAll('a[data-download]').forEach((a) => {
    a.onclick = async (e) => {
      e.preventDefault();
      error.textContent = '';
      try {
        await download(task.attachments.find((x) => x.id === a.dataset.download));
      } catch (err) {
        error.textContent = err.message;
      }
    };
  });
  const input = card.querySelector('#attach-file');
  if (!input) return;
  input.onchange = async () => {
    error.textContent = '';
    input.disabled = true;
    let done = 0;
    try {
      for (const file of input.files) {
        const uploaded = await request('POST', `/api/tasks/${encodeURIComponent(task.id)}/attachments?name=${encodeURIComponent(file.name)}`, { raw: file, contentType: typeOf(file) });
        task.attachments = [...(task.attachments ?? []), uploaded];
        done += 1;
      }
    } catch (err) {
      error.textContent = err.message;
    }
    const message = error.textContent;
    card.outerHTML = attachmentsCard(task);
    wireAttachments(task);
    document.getElementById('attach-error').textContent = message;
    if (done) document.getElementById('attach-notice').textContent = t('uploaded');
  };
}

/** The task page; `notice` ({key, text}) is shown above it after an action. */
async function taskPage(id, notice) {
  const task = await api('GET', `/api/tasks/${encodeURIComponent(id)}`);
  const app = task.applicationId ? await api('GET', `/api/applications/${task.applicationId}`).catch(() => null) : null;
  const rubric = task.stage === 'expertReview' && app ? (await api('GET', '/api/rounds')).find((r) => r.id === app.roundId)?.config?.rubric : undefined;
  main.innerHTML = `${notice ? `<p class="notice" id="done" data-notice="${esc(notice.key)}">${esc(notice.text)}</p>` : ''}
    <section class="card"><h1>${label(STAGES[task.stage])} — ${esc(task.id)}</h1>
    <p><span class="badge" id="task-status">${t(task.status)}</span> ${task.overdue ? `<span class="badge overdue">${t('overdue')}</span>` : ''} ${t('due')}: ${when(task.dueAt)}
    ${task.decision ? ` · ${t('decision')}: ${label(DECISIONS[task.decision]) || esc(task.decision)}` : ''}</p>
    <p id="holder">${holderLine(task)}</p>
    ${deskBar(task)}
    ${task.may?.decide ? decisionForm(task, rubric) : ''}</section>
    ${attachmentsCard(task)}
    ${app ? `<section class="card"><h2>${t('content')} — ${esc(app.organization.name)} (${label(app.kindLabel)}) · ${label(app.statusLabel)}</h2>${annexView(app)}</section><section class="card"><h2>${t('history')}</h2>${timeline(app)}</section>` : ''}`;
  wireDesk(task);
  wireAttachments(task);
  const form = document.getElementById('decide');
  if (form) {
    form.onsubmit = async (e) => {
      e.preventDefault();
      try {
        await api('POST', `/api/tasks/${encodeURIComponent(id)}/decision`, decisionBody(task, form, rubric));
      } catch (err) {
        return (document.getElementById('error').textContent = err.message);
      }
      await taskPage(id, { key: 'decided', text: t('decidedOk') });
    };
  }
}

function wireDesk(task) {
  const bar = document.getElementById('desk-actions');
  if (!bar) return;
  const slot = document.getElementById('desk-slot');
  const error = document.getElementById('desk-error');
  const act = async (action, body, controls) => {
    error.textContent = '';
    controls.forEach((c) => (c.disabled = true));
    try {
      await api('POST', `/api/tasks/${encodeURIComponent(task.id)}/${DESK[action].path}`, body);
    } catch (err) {
      controls.forEach((c) => (c.disabled = false));
      return (error.textContent = err.message);
    }
    await taskPage(task.id, { key: action, text: label(DESK[action].done) });
  };
  bar.querySelectorAll('button[data-action]').forEach((button) => {
    button.onclick = () => {
      const action = button.dataset.action;
      error.textContent = '';
      if (!DESK[action].colleague && !DESK[action].reason) return act(action, {}, [...bar.querySelectorAll('button')]);
      slot.innerHTML = deskForm(action);
      const form = document.getElementById('desk-form');
      (form.elements.username ?? form.elements.reason).focus();
      document.getElementById('desk-cancel').onclick = () => ((slot.innerHTML = ''), (error.textContent = ''));
      form.onsubmit = (e) => {
        e.preventDefault();
        const body = { reason: form.elements.reason.value.trim(), ...(form.elements.username ? { username: form.elements.username.value.trim() } : {}) };
        act(action, body, [...bar.querySelectorAll('button'), ...form.querySelectorAll('button')]);
      };
    };
  });
}

async function applicationsPage() {
  const [apps, rounds] = await Promise.all([api('GET', '/api/applications'), api('GET', '/api/rounds')]);
  const open = rounds.filter((r) => r.open);
  main.innerHTML = `<section class="card"><h1>${t('applications')}</h1><table><thead><tr><th>${t('applicant')}</th><th>${t('round')}</th><th>${t('status')}</th></tr></thead><tbody>
    ${apps.map((a) => `<tr><td><a href="/applications/${a.id}" data-link>${esc(a.organization?.name ?? a.id)}</a></td><td>${esc(a.roundId)}</td><td>${label(a.statusLabel) || esc(a.status)}</td></tr>`).join('') || `<tr><td colspan="3">${t('none')}</td></tr>`}
    </tbody></table></section>
    ${me.role === 'applicant' && open.length ? `<section class="card"><h2>${t('newDraft')}</h2><form id="new" class="row"><label>${t('round')} <select name="round">${open.map((r) => `<option value="${r.id}">${esc(lang === 'zh' ? r.nameZh : r.nameEn)}</option>`).join('')}</select></label><button type="submit">${t('create')}</button></form><p class="error" id="error"></p></section>` : ''}`;
  const form = document.getElementById('new');
  if (form) {
    form.onsubmit = async (e) => {
      e.preventDefault();
      try {
        const created = await api('POST', '/api/applications', { roundId: form.elements.round.value, annex: {} });
        go(`/applications/${created.id}`);
      } catch (err) {
        document.getElementById('error').textContent = err.message;
      }
    };
  }
}

function annexForm(app) {
  const n = app.kind === 'city' || app.kind === 'ftz' ? 1 : 2;
  const tasks = n === 1 ? reference.cityTasks : reference.enterpriseTasks;
  return `<form id="annex">${ANNEX_FIELDS[n].map(([key, type, zh, en]) => {
    const value = app.annex[key];
    const name = lang === 'zh' ? zh : en;
    if (type === 'tasks') return `<label>${name}</label>${tasks.map((task) => `<div><label class="sub"><input type="checkbox" name="chosenTasks" value="${task.code}" ${(value ?? []).includes(task.code) ? 'checked' : ''}> ${esc(label(task))}</label></div>`).join('')}`;
    if (type === 'bool') return `<label><input type="checkbox" name="${key}" ${value ? 'checked' : ''}> ${name}</label>`;
    if (type === 'area') return `<label for="${key}">${name}</label><textarea id="${key}" name="${key}">${esc(value)}</textarea>`;
    return `<label for="${key}">${name}</label><input id="${key}" name="${key}" type="${type === 'number' ? 'number' : type === 'email' ? 'email' : 'text'}" value="${esc(value)}">`;
  }).join('')}<p class="row"><button type="button" class="secondary" id="save">${t('save')}</button><button type="submit" id="submit">${t('submit')}</button></p><p class="error" id="error"></p><p class="notice" id="notice"></p></form>`;
}

function annexFromForm(app, form) {
  const n = app.kind === 'city' || app.kind === 'ftz' ? 1 : 2;
  const annex = {};
  for (const [key, type] of ANNEX_FIELDS[n]) {
    if (type === 'tasks') annex.chosenTasks = [...form.querySelectorAll('input[name=chosenTasks]:checked')].map((c) => c.value);
    else if (type === 'bool') annex[key] = form.elements[key].checked || undefined;
    else if (type === 'number') annex[key] = form.elements[key].value === '' ? undefined : Number(form.elements[key].value);
    else annex[key] = form.elements[key].value.trim() || undefined;
  }
  return Object.fromEntries(Object.entries(annex).filter(([, v]) => v !== undefined && !(Array.isArray(v) && v.length === 0)));
}

async function applicationPage(id) {
  const app = await api('GET', `/api/applications/${id}`);
  const returned = [...app.history].reverse().find((e) => e.action === 'returned');
  const editable = me.role === 'applicant' && (app.status === 'draft' || app.status === 'returned');
  main.innerHTML = `<section class="card"><h1>${esc(app.organization.name)} — <span id="app-status">${label(app.statusLabel)}</span></h1>
    ${app.status === 'returned' && returned ? `<div class="fixes"><strong>${t('fixes')}</strong><ul>${(returned.detail.fixes ?? []).map((f) => `<li>${esc(f.party)}: ${esc(f.reason)}</li>`).join('')}</ul></div>` : ''}
    ${['pilot', 'completed'].includes(app.status) ? `<p><a href="/pilots/${encodeURIComponent(app.id)}" data-link id="pilot-link">${t('pilotLink')}</a></p>` : ''}
    ${editable ? annexForm(app) : annexView(app)}</section>
    <section class="card"><h2>${t('history')}</h2>${timeline(app)}</section>
    ${AUDITING_ROLES.includes(me.role) ? `<section class="card" id="audit"><h2>${t('fullTimeline')}</h2><p class="row"><button type="button" id="load-timeline">${t('loadTimeline')}</button>
      <button type="button" class="secondary" data-export="json">${t('exportJson')}</button><button type="button" class="secondary" data-export="csv">${t('exportCsv')}</button></p><div id="full-timeline"></div><p class="error" id="audit-error"></p></section>` : ''}`;
  wireAudit(id);
  const form = document.getElementById('annex');
  if (!form) return;
  const save = () => api('PUT', `/api/applications/${id}`, { annex: annexFromForm(app, form) });
  const show = (key) => (document.getElementById('notice').textContent = t(key));
  document.getElementById('save').onclick = async () => {
    try {
      await save();
      show('saved');
    } catch (err) {
      document.getElementById('error').textContent = err.message;
    }
  };
  form.onsubmit = async (e) => {
    e.preventDefault();
    try {
      await save();
      await api('POST', `/api/applications/${id}/submit`);
      await applicationPage(id);
      main.insertAdjacentHTML('afterbegin', `<p class="notice" id="done">${t('submitted')}</p>`);
    } catch (err) {
      document.getElementById('error').textContent = err.message;
    }
  };
}

/** Who reads an application's full timeline (the server decides; the page only offers it). */
const AUDITING_ROLES = ['auditor', 'admin', 'provincial_officer', 'national_officer'];

/** The auditor's view: audit records, mail and workflow events merged by time, with the chain's hashes; exports. */
function wireAudit(id) {
  const section = document.getElementById('audit');
  if (!section) return;
  const fail = (err) => (document.getElementById('audit-error').textContent = err.message);
  document.getElementById('load-timeline').onclick = async () => {
    try {
      const full = await api('GET', `/api/applications/${encodeURIComponent(id)}/timeline`);
      const hashOf = new Map(full.records.map((r) => [r.id, r]));
      document.getElementById('full-timeline').innerHTML = `<p class="hint">${t('workflowsFrom')}: ${full.workflows.map((w) => `${esc(w.workflowId)} (${esc(w.source)}, ${w.eventCount})`).join('; ')}</p>
        <table><thead><tr><th>${t('when')}</th><th>${t('source')}</th><th>${t('what')}</th><th>${t('who')}</th><th>${t('chain')}</th></tr></thead><tbody>
        ${full.timeline.map((e) => `<tr data-source="${esc(e.source)}"><td>${when(e.at)}</td><td>${t('src_' + e.source)}</td><td>${esc(e.what)}</td><td>${esc(e.who ?? '')}</td>
          <td class="hash">${e.source === 'audit' && hashOf.get(e.ref)?.hash ? `#${hashOf.get(e.ref).seq} ${esc(hashOf.get(e.ref).hash.slice(0, 12))}…` : ''}</td></tr>`).join('')}</tbody></table>`;
    } catch (err) {
      fail(err);
    }
  };
  for (const button of section.querySelectorAll('[data-export]')) {
    button.onclick = () => downloadFile(`/api/applications/${encodeURIComponent(id)}/timeline?format=${button.dataset.export}`, `timeline-${id}.${button.dataset.export}`).catch(fail);
  }
}

// A pilot (GET /api/pilots/:id, id = its application's): the quarterly reports and the evaluations.
// Its applicant files the report of a quarter that is open, and the self-assessment of an evaluation
// that awaits one; everyone else who may read the application reads the page.
// The API gives no quarter's start: a quarter is taken as begun at the pilot's start plus (n − 1)
// quarters, the pilot's period divided by its number of quarters (domain/pilotCalendar.ts); a
// report still `due` of a begun quarter is offered for filing, and the workflow has the last word.
async function pilotPage(id, notice) {
  let pilot;
  try {
    pilot = await api('GET', `/api/pilots/${encodeURIComponent(id)}`);
  } catch (err) {
    main.innerHTML = `<section class="card"><h1>${t('pilot')}</h1><p class="error" id="error">${esc(err.message)}</p></section>`;
    return;
  }
  const app = await api('GET', `/api/applications/${encodeURIComponent(id)}`);
  const mine = me.role === 'applicant';
  const start = new Date(pilot.startsAt).getTime();
  const quarterMs = (new Date(pilot.endsAt).getTime() - start) / Math.max(pilot.reports.length, 1);
  const begun = (r) => Date.now() >= start + (r.quarter - 1) * quarterMs;
  const fileable = mine ? pilot.reports.filter((r) => r.status === 'due' && begun(r)) : [];
  const assessable = mine ? pilot.evaluations.filter((e) => e.status === 'self_assessment' && !e.selfAssessment) : [];
  const outcome = [
    pilot.midtermGrade ? `${t('midtermGrade')}: ${label(reference.grades[pilot.midtermGrade])}` : '',
    pilot.incentiveEligible ? t('incentive') : '',
    pilot.finalGrade ? `${t('finalGrade')}: ${label(reference.grades[pilot.finalGrade])}` : '',
    pilot.title ? `${t('title')}: ${esc(pilot.title)}` : '',
  ].filter(Boolean);
  main.innerHTML = `${notice ? `<p class="notice" id="done" data-notice="${esc(notice.key)}">${esc(notice.text)}</p>` : ''}
    <section class="card"><h1>${t('pilot')} — ${esc(app.organization.name)} <span class="badge" id="pilot-status">${label(PILOT_STATUSES[pilot.status]) || esc(pilot.status)}</span></h1>
    <p>${t('period')}: ${when(pilot.startsAt)} — ${when(pilot.endsAt)} · <a href="/applications/${encodeURIComponent(id)}" data-link>${t('open_app')}</a></p>
    ${outcome.length ? `<p>${outcome.join(' · ')}</p>` : ''}</section>
    <section class="card"><h2>${t('reports')}</h2>
    <table id="reports"><thead><tr><th>${t('quarter')}</th><th>${t('status')}</th><th>${t('due')}</th><th>${t('late')}</th><th>${t('submittedAt')}</th></tr></thead><tbody>
    ${pilot.reports.map((r) => `<tr data-quarter="${r.quarter}" class="${r.status === 'due' && new Date(r.dueAt) < new Date() ? 'overdue' : ''}"><td>${r.quarter}</td><td>${label(REPORT_STATUSES[r.status]) || esc(r.status)}</td>
      <td>${when(r.dueAt)}</td><td>${r.late ? `<span class="badge overdue">${t('late')}</span>` : ''}</td><td>${when(r.submittedAt)}${r.content ? reportContent(r.content, app) : ''}</td></tr>`).join('') || `<tr><td colspan="5">${t('none')}</td></tr>`}
    </tbody></table>
    ${mine ? (fileable.length ? reportForm(fileable, app) : `<p class="counts">${t('noOpenReport')}</p>`) : ''}</section>
    <section class="card"><h2>${t('evaluations')}</h2>
    <table id="evaluations"><thead><tr><th>${t('stage')}</th><th>${t('status')}</th><th>${t('selfAssessment')}</th><th>${t('grade')}</th></tr></thead><tbody>
    ${pilot.evaluations.map((e) => `<tr data-stage="${esc(e.stage)}"><td>${label(reference.evaluationStages[e.stage]) || esc(e.stage)}</td><td>${label(EVALUATION_STATUSES[e.status]) || esc(e.status)}</td>
      <td>${e.selfAssessment ? t('yes') : ''}</td><td>${e.grade ? label(reference.grades[e.grade]) : ''}</td></tr>`).join('') || `<tr><td colspan="4">${t('none')}</td></tr>`}
    </tbody></table>
    ${assessable.map(selfAssessmentForm).join('')}</section>`;

  const report = document.getElementById('report-form');
  if (report) {
    report.onsubmit = async (e) => {
      e.preventDefault();
      try {
        await api('POST', `/api/pilots/${encodeURIComponent(id)}/reports/${report.elements.quarter.value}`, reportBody(report, app));
      } catch (err) {
        return (report.querySelector('.error').textContent = err.message);
      }
      await pilotPage(id, { key: 'report', text: t('reportFiled') });
    };
  }
  document.querySelectorAll('form.self-assessment').forEach((form) => {
    form.onsubmit = async (e) => {
      e.preventDefault();
      const v = (name) => form.elements[name].value.trim();
      try {
        await api('POST', `/api/pilots/${encodeURIComponent(id)}/evaluations/${form.dataset.stage}/self-assessment`, {
          summary: v('summary'), achievements: v('achievements'), replicablePractice: v('replicablePractice'), proposedGrade: v('proposedGrade'),
        });
      } catch (err) {
        return (form.querySelector('.error').textContent = err.message);
      }
      await pilotPage(id, { key: 'self-assessment', text: t('selfAssessed') });
    };
  });
}

const chosenTasksOf = (app) => {
  const all = [...reference.cityTasks, ...reference.enterpriseTasks];
  return (app.annex.chosenTasks ?? []).map((code) => all.find((x) => x.code === code) ?? { code, zh: code, en: code });
};

function reportContent(content, app) {
  const task = (code) => label(chosenTasksOf(app).find((x) => x.code === code)) || code;
  return `<details><summary>${t('reportContent')}</summary><dl>
    ${(content.progress ?? []).map((p) => `<dt>${esc(task(p.task))}</dt><dd>${esc(p.summary)}</dd>`).join('')}
    ${(content.indicators ?? []).length ? `<dt>${t('indicators')}</dt><dd>${content.indicators.map((i) => `${esc(i.name)}: ${esc(i.value)} ${esc(i.unit)}`).join('\n')}</dd>` : ''}
    ${content.problems ? `<dt>${t('problems')}</dt><dd>${esc(content.problems)}</dd>` : ''}</dl></details>`;
}

const INDICATOR_ROWS = 3;

function reportForm(fileable, app) {
  return `<form id="report-form"><h2>${t('fileReport')}</h2>
    <label for="report-quarter">${t('quarter')}</label><select id="report-quarter" name="quarter">${fileable.map((r) => `<option value="${r.quarter}">${r.quarter}</option>`).join('')}</select>
    <label>${t('progress')}</label><p class="hint">${t('progressHint')}</p>
    ${chosenTasksOf(app).map((task) => `<label for="progress_${esc(task.code)}" class="sub">${esc(label(task))}</label><textarea id="progress_${esc(task.code)}" name="progress_${esc(task.code)}" data-task="${esc(task.code)}"></textarea>`).join('')}
    <label>${t('indicators')}</label>
    <table><thead><tr><th>${t('indicatorName')}</th><th>${t('value')}</th><th>${t('unit')}</th></tr></thead><tbody>
    ${Array.from({ length: INDICATOR_ROWS }, (_, i) => `<tr><td><input type="text" name="indicator_name_${i}"></td><td><input type="number" step="any" name="indicator_value_${i}"></td><td><input type="text" name="indicator_unit_${i}"></td></tr>`).join('')}
    </tbody></table>
    <label for="problems">${t('problems')}</label><textarea id="problems" name="problems"></textarea>
    <p><button type="submit">${t('fileReport')}</button></p><p class="error"></p></form>`;
}

function reportBody(form, app) {
  const progress = chosenTasksOf(app)
    .map((task) => ({ task: task.code, summary: form.elements[`progress_${task.code}`].value.trim() }))
    .filter((p) => p.summary);
  const indicators = [];
  for (let i = 0; i < INDICATOR_ROWS; i++) {
    const name = form.elements[`indicator_name_${i}`].value.trim();
    const value = form.elements[`indicator_value_${i}`].value;
    // a named indicator without a value goes as null, for the server to name the field
    if (name) indicators.push({ name, value: value === '' ? null : Number(value), unit: form.elements[`indicator_unit_${i}`].value.trim() });
  }
  return { progress, indicators, problems: form.elements.problems.value.trim() };
}

function selfAssessmentForm(evaluation) {
  const stage = esc(evaluation.stage);
  const area = (name) => `<label for="${name}_${stage}">${t(name)}</label><textarea id="${name}_${stage}" name="${name}" required></textarea>`;
  return `<form class="self-assessment" id="self-assessment-${stage}" data-stage="${stage}"><h2>${t('selfAssessment')} — ${label(reference.evaluationStages[evaluation.stage]) || stage}</h2>
    ${area('summary')}${area('achievements')}${area('replicablePractice')}
    <label for="proposedGrade_${stage}">${t('proposedGrade')}</label><select id="proposedGrade_${stage}" name="proposedGrade">${Object.entries(reference.grades).map(([k, v]) => `<option value="${k}">${label(v)}</option>`).join('')}</select>
    <p><button type="submit">${t('submitSelfAssessment')}</button></p><p class="error"></p></form>`;
}

document.getElementById('lang').onclick = () => {
  lang = lang === 'zh' ? 'en' : 'zh';
  localStorage.setItem('pilotflow.lang', lang);
  render();
};
document.addEventListener('click', (e) => {
  const a = e.target.closest('a[data-link]');
  if (a) {
    e.preventDefault();
    go(a.getAttribute('href'));
  }
});
window.addEventListener('popstate', render);
render();

/** The rounds and their rules; the admin creates a round here, the server validating it as a whole. */
async function roundsPage() {
  const rounds = await api('GET', '/api/rounds');
  const row = (r) => `<tr data-round="${esc(r.id)}"><td>${esc(lang === 'zh' ? r.nameZh : r.nameEn)}</td><td>${t(`kind_${r.kind}`)}</td>
    <td>${when(r.declarationOpensAt)} – ${when(r.declarationDeadline)} <span class="badge">${t(`decl_${r.declaration}`)}</span></td>
    <td>${r.config.selection?.quotas ? `${r.config.selection.quotas.city} / ${r.config.selection.quotas.enterprise}` : ''}</td>
    <td>${t(`day_${r.config.dayCount ?? 'calendar'}`)}</td><td>${r.config.publicNotice ? `${r.config.publicNotice.workingDays} ${t('workingDays')}` : t('none')}</td><td>${r.configVersion}</td></tr>`;
  main.innerHTML = `<section class="card"><h1>${t('rounds')}</h1><table><thead><tr><th>${t('round')}</th><th>${t('kind')}</th><th>${t('declaration')}</th><th>${t('quotas')}</th><th>${t('days')}</th><th>${t('notice')}</th><th>${t('versions')}</th></tr></thead>
    <tbody>${rounds.map(row).join('')}</tbody></table></section>${me.role === 'admin' ? await newRoundForm(rounds) : ''}`;
  const form = document.getElementById('new-round');
  if (!form) return;
  form.onsubmit = async (e) => {
    e.preventDefault();
    const f = e.target;
    const out = document.getElementById('round-result');
    try {
      const config = JSON.parse(f.config.value);
      const created = await api('POST', '/api/rounds', {
        kind: f.kind.value, nameZh: f.nameZh.value, nameEn: f.nameEn.value,
        declarationOpensAt: new Date(f.opensAt.value).toISOString(), declarationDeadline: new Date(f.deadline.value).toISOString(), config,
      });
      await roundsPage();
      document.getElementById('round-result').textContent = `${t('roundCreated')} ${created.id}`;
    } catch (err) {
      out.className = 'error';
      out.textContent = err.message;
    }
  };
}

async function newRoundForm(rounds) {
  const base = rounds.find((r) => r.id === 'pilot-2018')?.config ?? {};
  const local = (d) => new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
  return `<section class="card"><h2>${t('newRound')}</h2><form id="new-round">
    <label for="kind">${t('kind')}</label><select id="kind" name="kind"><option value="demonstration">${t('kind_demonstration')}</option><option value="pilot">${t('kind_pilot')}</option></select>
    <label for="nameZh">${t('nameZh')}</label><input id="nameZh" name="nameZh" type="text">
    <label for="nameEn">${t('nameEn')}</label><input id="nameEn" name="nameEn" type="text">
    <div class="row"><label>${t('opensAt')} <input name="opensAt" type="datetime-local" value="${local(new Date())}"></label>
    <label>${t('deadline')} <input name="deadline" type="datetime-local" value="${local(new Date(Date.now() + 30 * 86_400_000))}"></label></div>
    <label for="config">${t('config')}</label><textarea id="config" name="config" rows="14" class="mono">${esc(JSON.stringify(base, null, 2))}</textarea>
    <p><button type="submit">${t('createRound')}</button></p><p id="round-result"></p></form></section>`;
}
