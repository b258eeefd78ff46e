// The task page's card titles: 审核意见 / 会签情况 at a countersign; each other stage says what it is.
import type { Composer } from 'vue-i18n';

const OWN_TITLES = ['expertReview', 'quarterlyCompilation'];

export function cardTitles(t: Composer['t'], stage: string): { form: string; matrix: string } {
  return OWN_TITLES.includes(stage)
    ? { form: t(`review.titles.${stage}.form`), matrix: t(`review.titles.${stage}.matrix`) }
    : { form: t('task.form'), matrix: t('task.matrix') };
}
