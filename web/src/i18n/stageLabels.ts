// The stages' names are the server's (domain/stages.ts), as mail and exports say them; a label
// starts with a capital in English.
import { STAGES, type StageCode } from '../../../domain/stages';

export function stageLabels(lang: 'zh' | 'en'): Record<StageCode, string> {
  return Object.fromEntries(
    Object.entries(STAGES).map(([code, s]) => [
      code,
      lang === 'en' ? s.names.en[0].toUpperCase() + s.names.en.slice(1) : s.names.zh,
    ]),
  ) as Record<StageCode, string>;
}
