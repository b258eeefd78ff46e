// The stages an officer's or expert's task belongs to, as people name them (zh-CN official register
// and English), and times as they read them: China Standard Time. Mail and exports say both so.
import { BEIJING_OFFSET_MS } from './workingCalendar';

export const TASK_STAGE_NAMES: Record<string, { zh: string; en: string }> = {
  provincialReview: { zh: '省级联合审核', en: 'provincial joint review' },
  expertReview: { zh: '专家评审', en: 'expert review' },
  selectionCountersign: { zh: '试点名单会签', en: 'countersign of the pilot list' },
  selectionRevision: { zh: '试点名单修改', en: 'revision of the pilot list' },
  quarterlyCompilation: { zh: '季度报告汇总', en: 'quarterly report compilation' },
  evaluation: { zh: '评估定级', en: 'evaluation grading' },
};

/** A task stage's name in a language; the code itself for a stage without one. */
export const stageName = (stage: string, lang: 'zh' | 'en') => TASK_STAGE_NAMES[stage]?.[lang] ?? stage;

/** "2026-12-06 16:49" in China Standard Time (UTC+8, no daylight saving). */
export function chinaTime(at: Date | string): string {
  return new Date(new Date(at).getTime() + BEIJING_OFFSET_MS).toISOString().slice(0, 16).replace('T', ' ');
}
