// The shapes the API returns: stable, documented fields, with labels in zh-CN and English.
import { APPLICANT_KIND_LABELS, type ApplicantKind } from '../domain/applicants';
import { APPLICATION_STATUSES, type ApplicationStatus } from '../domain/status';

export function statusLabel(status: string) {
  return APPLICATION_STATUSES[status as ApplicationStatus] ?? { zh: status, en: status };
}

export function kindLabel(kind: string) {
  return APPLICANT_KIND_LABELS[kind as ApplicantKind] ?? { zh: kind, en: kind };
}

export function taskView(t: {
  id: string;
  applicationId: string;
  stage: string;
  reviewRound: number;
  departmentId: string;
  provinceCode: string | null;
  status: string;
  overdue: boolean;
  decision: string | null;
  reason: string | null;
  decidedById: string | null;
  decidedAt: Date | null;
  dueAt: Date;
  createdAt: Date;
}) {
  return {
    id: t.id,
    applicationId: t.applicationId,
    stage: t.stage,
    reviewRound: t.reviewRound,
    departmentId: t.departmentId,
    provinceCode: t.provinceCode,
    status: t.status,
    overdue: t.overdue,
    decision: t.decision,
    reason: t.reason,
    decidedById: t.decidedById,
    decidedAt: t.decidedAt,
    dueAt: t.dueAt,
    createdAt: t.createdAt,
  };
}
