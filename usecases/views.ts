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
  applicationId: string | null;
  roundId: string | null;
  stage: string;
  reviewRound: number;
  departmentId: string | null;
  assigneeId: string | null;
  ownerId?: string | null;
  result: unknown;
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
    roundId: t.roundId,
    stage: t.stage,
    reviewRound: t.reviewRound,
    departmentId: t.departmentId,
    assigneeId: t.assigneeId,
    ownerId: t.ownerId ?? null,
    provinceCode: t.provinceCode,
    status: t.status,
    overdue: t.overdue,
    decision: t.decision,
    reason: t.reason,
    result: t.result,
    decidedById: t.decidedById,
    decidedAt: t.decidedAt,
    dueAt: t.dueAt,
    createdAt: t.createdAt,
  };
}

/**
 * A department's task as its applicant sees it: the department, its decision and reason and the
 * due time — never who in it holds or decided the task, nor internal marks (overdue).
 */
export function applicantTaskView(
  t: Parameters<typeof taskView>[0],
  department: { id: string; nameZh: string; nameEn: string } | null,
) {
  return {
    id: t.id,
    applicationId: t.applicationId,
    roundId: t.roundId,
    stage: t.stage,
    reviewRound: t.reviewRound,
    departmentId: t.departmentId,
    department,
    status: t.status,
    decision: t.decision,
    reason: t.reason,
    decidedAt: t.decidedAt,
    dueAt: t.dueAt,
    createdAt: t.createdAt,
  };
}
