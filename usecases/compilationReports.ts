// The quarterly reports a province's compilation carries (季度报告汇总), for its task's page: once
// sent, those it sent (QuarterlyReport.compilationId); while open, the province's reports of the
// quarter received and not yet sent — the workflow takes each as it is delivered to it.
import type { UseCaseDeps } from './context';

export async function compilationReports(
  deps: UseCaseDeps,
  task: {
    id: string;
    stage: string;
    status: string;
    roundId: string | null;
    provinceCode: string | null;
    reviewRound: number;
  },
) {
  if (task.stage !== 'quarterlyCompilation' || !task.roundId || !task.provinceCode) return undefined;
  const reports = await deps.db.quarterlyReport.findMany({
    where:
      task.status === 'open'
        ? {
            compilationId: null,
            status: 'submitted',
            quarter: task.reviewRound,
            pilot: { roundId: task.roundId, provinceCode: task.provinceCode },
          }
        : { compilationId: task.id },
    include: {
      pilot: { select: { kind: true, application: { select: { organization: { select: { name: true } } } } } },
    },
    orderBy: [{ submittedAt: 'asc' }, { id: 'asc' }],
  });
  return reports.map((r) => ({
    id: r.id,
    pilotId: r.pilotId,
    applicant: r.pilot.application.organization.name,
    kind: r.pilot.kind,
    quarter: r.quarter,
    late: r.late,
    submittedAt: r.submittedAt,
    content: r.content,
  }));
}
