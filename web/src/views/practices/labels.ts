// A practice's kind, stage and unit by the domain's own labels: the public library has no session,
// so no /api/reference to read them from.
import { APPLICANT_KIND_LABELS, type ApplicantKind } from '../../../../domain/applicants';
import { EVALUATION_STAGE_LABELS, type EvaluationStage } from '../../../../domain/evaluation';
import { PROVINCES } from '../../../../domain/provinces';
import { unitName } from '../../departments';
import { label } from '../../i18n';

export const kindName = (kind: string) => label(APPLICANT_KIND_LABELS[kind as ApplicantKind], kind);
export const stageName = (stage: string) => label(EVALUATION_STAGE_LABELS[stage as EvaluationStage], stage);
export function unitOf(code: string | null) {
  const unit = PROVINCES.find((p) => p.code === code);
  return unit ? unitName(unit) : (code ?? '');
}
