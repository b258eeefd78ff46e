// Times as officers read them: China Standard Time (Asia/Shanghai), labelled 北京时间 / CST.
import { currentLocale, i18n } from './i18n';

const DAY = 86_400_000;

export function cst(value: string | Date | null | undefined): string {
  if (!value) return '';
  const text = new Intl.DateTimeFormat(currentLocale() === 'en' ? 'en-GB' : 'zh-CN', {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  }).format(new Date(value));
  return `${text} ${i18n.global.t('common.cst')}`;
}

/** Whole days until the due time: negative once overdue (rounded away from zero). */
export function daysLeft(dueAt: string, now = Date.now()): number {
  const diff = new Date(dueAt).getTime() - now;
  return diff >= 0 ? Math.floor(diff / DAY) : -Math.ceil(-diff / DAY);
}
