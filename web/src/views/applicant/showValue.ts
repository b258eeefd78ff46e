// An annex value in words: the pilot tasks by name, yes / no, a choice by its label, text as it is.
import { useI18n } from 'vue-i18n';
import { label } from '../../i18n';
import { session } from '../../session';
import { annexNumber, type AnnexField } from './annexFields';
import type { PilotTask } from './types';

export function useShowValue(kind: () => string) {
  const { t } = useI18n();
  return (field: AnnexField, value: unknown): string => {
    if (value === undefined || value === null || value === '' || (Array.isArray(value) && !value.length)) return '';
    if (field.type === 'bool' || field.type === 'yesno') return value === true ? t('common.yes') : t('common.no');
    if (field.type === 'choice') return t(`applicant.choices.${field.key}.${String(value)}`);
    if (field.type === 'tasks' && Array.isArray(value)) {
      const ref_ = session.reference as unknown as { cityTasks?: PilotTask[]; enterpriseTasks?: PilotTask[] } | null;
      const tasks = (annexNumber(kind()) === 1 ? ref_?.cityTasks : ref_?.enterpriseTasks) ?? [];
      return value
        .map((code) =>
          label(
            tasks.find((x) => x.code === code),
            String(code),
          ),
        )
        .join(t('applicant.listSep'));
    }
    return String(value);
  };
}
