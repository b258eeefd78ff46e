// vue-i18n with the workspace's messages; zh-CN by default, the choice kept in localStorage.
// (vue-i18n 11 interprets messages without eval, so the page's CSP needs no 'unsafe-eval'.)
import { createI18n } from 'vue-i18n';
import en from './en';
import zhCN from './zh-CN';

export type Locale = 'zh-CN' | 'en';
const KEY = 'pilotflow.workspace.locale';

// A page area's own words (each web/src/<area>/messages.ts), each under its own top-level key.
type AreaMessages = { 'zh-CN': Record<string, unknown>; en: Record<string, unknown> };
const areas = Object.values(import.meta.glob<AreaMessages>('../**/messages.ts', { eager: true, import: 'default' }));
// (typed as the base: vue-i18n's key types over a merged Record would never end)
const merged = <T extends object>(base: T, locale: Locale): T =>
  Object.assign({}, base, ...areas.map((a) => a[locale]));

export const i18n = createI18n({
  legacy: false,
  locale: (localStorage.getItem(KEY) as Locale | null) ?? 'zh-CN',
  fallbackLocale: 'zh-CN',
  messages: { 'zh-CN': merged(zhCN, 'zh-CN'), en: merged(en, 'en') },
});

export function currentLocale(): Locale {
  return i18n.global.locale.value as Locale;
}

export function setLocale(locale: Locale) {
  i18n.global.locale.value = locale;
  localStorage.setItem(KEY, locale);
  document.documentElement.lang = locale;
}

/** A {zh, en} label of the server, in the current language. */
export function label(
  value: { zh?: string; en?: string; nameZh?: string; nameEn?: string } | undefined | null,
  fallback = '',
): string {
  if (!value) return fallback;
  const zh = value.zh ?? value.nameZh;
  const en = value.en ?? value.nameEn;
  return (currentLocale() === 'en' ? en : zh) ?? zh ?? fallback;
}
