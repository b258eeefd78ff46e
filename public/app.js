// The pilotflow web page: one module, no build step. Officers work their inbox and decide tasks;
// applicants draft, submit and revise; auditors read an application's timeline. Everything goes
// through the JSON API with the user's bearer token; the server decides what each user may do.

const T = {
  zh: {
    brand: '供应链创新与应用试点', other: 'English', login: '登录', logout: '退出', username: '用户名', password: '密码',
    inbox: '待办任务', applications: '申报', task: '任务', stage: '阶段', status: '状态', due: '办理期限', applicant: '申报单位',
    overdue: '已逾期', open: '待办', decided: '已办', withdrawn: '已撤回', expired: '已失效', all: '全部', page: '页', prev: '上一页', next: '下一页',
    decision: '决定', reason: '理由 / 意见', submitDecision: '提交决定', decidedOk: '已提交。', history: '办理记录', content: '申报材料',
    told: '已通知', newDraft: '新建申报', round: '轮次', create: '创建草稿', save: '保存', submit: '提交申报', saved: '已保存。', submitted: '已提交。',
    fixes: '需补正的内容', none: '暂无', by: '办理人', scores: '评分', comments: '评审意见', grade: '等级', note: '说明', ids: '申报编号（逗号分隔）', open_app: '查看申报',
  },
  en: {
    brand: 'Supply-chain innovation pilots', other: '中文', login: 'Log in', logout: 'Log out', username: 'Username', password: 'Password',
    inbox: 'Inbox', applications: 'Applications', task: 'Task', stage: 'Stage', status: 'Status', due: 'Due', applicant: 'Applicant',
    overdue: 'Overdue', open: 'Open', decided: 'Decided', withdrawn: 'Withdrawn', expired: 'Expired', all: 'All', page: 'Page', prev: 'Previous', next: 'Next',
    decision: 'Decision', reason: 'Reason / comment', submitDecision: 'Submit decision', decidedOk: 'Submitted.', history: 'History', content: 'Application content',
    told: 'Told', newDraft: 'New application', round: 'Round', create: 'Create draft', save: 'Save', submit: 'Submit', saved: 'Saved.', submitted: 'Submitted.',
    fixes: 'Fixes asked for', none: 'None', by: 'By', scores: 'Scores', comments: 'Comments', grade: 'Grade', note: 'Note', ids: 'Application ids (comma-separated)', open_app: 'Open the application',
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

async function api(method, path, body) {
  const res = await fetch(path, {
    method,
    headers: { 'accept-language': lang === 'zh' ? 'zh-CN' : 'en', ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const data = res.status === 204 ? null : await res.json();
  if (res.status === 401 && path !== '/api/auth/login') {
    logout();
    throw new Error(data.error.message);
  }
  if (!res.ok) {
    const fields = (data.error.fields ?? []).map((f) => `${f.field}: ${f.message}`).join('\n');
    throw new Error(data.error.message + (fields ? '\n' + fields : ''));
  }
  return data;
}

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
  if (path === '/applications' || (path === '/' && me.role === 'applicant')) return applicationsPage();
  return inboxPage();
}

function loginPage() {
  nav();
  main.innerHTML = `<section class="card" style="max-width:24rem;margin:auto"><h1>${t('login')}</h1>
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
    expertReview: `<label>${t('scores')}</label>${(rubric ?? []).map((c) => `<div class="row"><span style="flex:1">${esc(label(c))}</span><input type="number" min="0" max="100" name="score_${c.code}" style="width:6rem"></div>`).join('')}<label for="comments">${t('comments')}</label><textarea id="comments" name="comments"></textarea>`,
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
  return Object.fromEntries(Object.entries(body).filter(([, x]) => x !== undefined));
}

async function taskPage(id) {
  const task = await api('GET', `/api/tasks/${encodeURIComponent(id)}`);
  const app = task.applicationId ? await api('GET', `/api/applications/${task.applicationId}`).catch(() => null) : null;
  const rubric = task.stage === 'expertReview' && app ? (await api('GET', '/api/rounds')).find((r) => r.id === app.roundId)?.config?.rubric : undefined;
  main.innerHTML = `<section class="card"><h1>${label(STAGES[task.stage])} — ${esc(task.id)}</h1>
    <p><span class="badge" id="task-status">${t(task.status)}</span> ${task.overdue ? `<span class="badge overdue">${t('overdue')}</span>` : ''} ${t('due')}: ${when(task.dueAt)}
    ${task.decision ? ` · ${t('decision')}: ${label(DECISIONS[task.decision]) || esc(task.decision)}` : ''}</p>
    ${task.status === 'open' && me.role !== 'auditor' && me.role !== 'admin' ? decisionForm(task, rubric) : ''}</section>
    ${app ? `<section class="card"><h2>${t('content')} — ${esc(app.organization.name)} (${label(app.kindLabel)}) · ${label(app.statusLabel)}</h2>${annexView(app)}</section><section class="card"><h2>${t('history')}</h2>${timeline(app)}</section>` : ''}`;
  const form = document.getElementById('decide');
  if (form) {
    form.onsubmit = async (e) => {
      e.preventDefault();
      try {
        await api('POST', `/api/tasks/${encodeURIComponent(id)}/decision`, decisionBody(task, form, rubric));
        await taskPage(id);
        main.insertAdjacentHTML('afterbegin', `<p class="notice" id="done">${t('decidedOk')}</p>`);
      } catch (err) {
        document.getElementById('error').textContent = err.message;
      }
    };
  }
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
    if (type === 'tasks') return `<label>${name}</label>${tasks.map((task) => `<div><label style="font-weight:400"><input type="checkbox" name="chosenTasks" value="${task.code}" ${(value ?? []).includes(task.code) ? 'checked' : ''}> ${esc(label(task))}</label></div>`).join('')}`;
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
    ${editable ? annexForm(app) : annexView(app)}</section>
    <section class="card"><h2>${t('history')}</h2>${timeline(app)}</section>`;
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
