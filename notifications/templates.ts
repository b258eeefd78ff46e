// The text of every e-mail: one message in both languages (zh-CN first, then English), as plain
// text and as HTML, with links into the web page. The wording of each event is in
// domain/notifications.ts; this file only lays it out.
import { WHO_HEARS_WHAT, type NotificationEvent } from '../domain/notifications';
import { stageName } from '../domain/stages';
import { chinaTime } from '../domain/workingCalendar';

export interface MessageFacts {
  event: NotificationEvent;
  /** what the mail is about, e.g. the applicant's name */
  about?: string;
  applicationId?: string;
  tasks?: { id: string; stage: string; dueAt: Date }[];
  /** further lines, each in both languages */
  lines?: { zh: string; en: string }[];
  level?: number;
}

export interface RenderedMessage {
  subject: string;
  text: string;
  html: string;
}

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

export function renderMessage(facts: MessageFacts, publicUrl: string): RenderedMessage {
  const rule = WHO_HEARS_WHAT[facts.event];
  const level = facts.level
    ? { zh: `（第 ${facts.level} 级督办）`, en: ` (escalation level ${facts.level})` }
    : { zh: '', en: '' };
  const about = facts.about ? ` — ${facts.about}` : '';
  const subject = `[pilotflow] ${rule.subject.zh}${level.zh} / ${rule.subject.en}${level.en}${about}`;
  const links = [
    ...(facts.tasks ?? []).map((t) => ({
      zh: `${stageName(t.stage, 'zh')}任务，办理期限 ${chinaTime(t.dueAt)}（北京时间）`,
      en: `Task of the ${stageName(t.stage, 'en')}, due ${chinaTime(t.dueAt)} (China Standard Time)`,
      url: `${publicUrl}/workspace/tasks/${encodeURIComponent(t.id)}`,
    })),
    ...(facts.applicationId
      ? [{ zh: '申报详情', en: 'The application', url: `${publicUrl}/workspace/applications/${facts.applicationId}` }]
      : []),
  ];
  const section = (lang: 'zh' | 'en') => [rule.lead[lang] + level[lang], ...(facts.lines ?? []).map((l) => l[lang])];
  const text = [
    ...section('zh'),
    ...links.map((l) => `${l.zh}: ${l.url}`),
    '',
    ...section('en'),
    ...links.map((l) => `${l.en}: ${l.url}`),
    '',
    '— pilotflow 供应链创新与应用试点工作平台 / supply-chain innovation pilot programme (本邮件由系统自动发送 / sent automatically)',
  ].join('\n');
  const htmlSection = (lang: 'zh' | 'en') =>
    `<section lang="${lang === 'zh' ? 'zh-CN' : 'en'}">${section(lang)
      .map((l) => `<p>${escapeHtml(l)}</p>`)
      .join('')}` +
    (links.length
      ? `<ul>${links.map((l) => `<li><a href="${escapeHtml(l.url)}">${escapeHtml(l[lang])}</a></li>`).join('')}</ul>`
      : '') +
    '</section>';
  const html = `<!doctype html><html><body>${htmlSection('zh')}<hr>${htmlSection('en')}<p><small>pilotflow</small></p></body></html>`;
  return { subject, text, html };
}
