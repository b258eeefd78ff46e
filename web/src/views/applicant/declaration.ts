// The 申报书 (annex version 3) in the workspace: its fields from the application's indicators and the
// reference's 正文 sections, each field's label (a section's or an indicator's own name, with its
// weight) and the form's title; the pilot forms' the same way, by their messages.
import { useI18n } from 'vue-i18n';
import { label } from '../../i18n';
import { session } from '../../session';
import {
  annexFields,
  annexNumber,
  type AnnexField,
  type AnnexVersion,
  type DeclarationSection,
  type Indicator,
} from './annexFields';

/** What an application says of its form (GET /api/applications/{id}). */
export interface FormOf {
  kind: string;
  annexVersion?: AnnexVersion;
  indicators?: Indicator[];
}

export function fieldsOf(app: FormOf): AnnexField[] {
  const reference = session.reference as unknown as { declarationSections?: DeclarationSection[] } | null;
  return annexFields(app.kind, app.annexVersion, {
    indicators: app.indicators ?? [],
    sections: reference?.declarationSections ?? [],
  });
}

/** The form's title: Annex 1 or 2, or the city's or enterprise's 申报书. */
export const annexTitleKey = (app: FormOf) =>
  `applicant.annexTitle.${app.annexVersion === 3 ? 'd' : ''}${annexNumber(app.kind)}`;

export function useFieldLabel() {
  const { t } = useI18n();
  return (f: AnnexField): string => {
    if (!f.of) return t(`applicant.fields.${f.key}`);
    if (f.part === 'sections') return label(f.of);
    const weight = Math.round((f.of.weight ?? 0) * 1000) / 10;
    return t(`applicant.declaration.${f.key.endsWith('.score') ? 'score' : 'basis'}`, { name: label(f.of), weight });
  };
}
