// What the application's PDF is made of, read from the database in one query: for the API (which
// first checks that the reader may read it) and for the mail that carries it to the eight bodies.
import { isApplicantKind } from '../domain/applicants';
import { PROVINCES } from '../domain/provinces';
import type { Db } from '../platform/db';
import { applicationAnnexForm } from '../platform/annexVersion';
import type { ApplicationPdfInput } from './applicationPdf';

/** A central enterprise declaring directly goes through no province (notice §四(一)). */
const DIRECT_TO_MOFCOM = '中央企业直接向商务部申报';

export async function loadApplicationDocument(db: Db, id: string) {
  const app = await db.application.findUnique({
    where: { id },
    include: {
      organization: { select: { name: true } },
      round: { select: { id: true, nameZh: true } },
      // an expert reads only what a seat of theirs is on (usecases/access.ts)
      tasks: { select: { assigneeId: true } },
    },
  });
  if (!app) return null;
  if (!isApplicantKind(app.kind)) throw new Error(`application ${app.id} has unknown kind ${app.kind}`);
  const form = await applicationAnnexForm(db, app);
  const province = app.provinceCode ? PROVINCES.find((p) => p.code === app.provinceCode) : undefined;
  const input: ApplicationPdfInput = {
    id: app.id,
    kind: app.kind,
    applicant: app.organization.name,
    unit: {
      code: app.provinceCode,
      nameZh: app.provinceCode ? (province?.nameZh ?? app.provinceCode) : DIRECT_TO_MOFCOM,
    },
    round: app.round,
    annex: app.annex && typeof app.annex === 'object' ? (app.annex as Record<string, unknown>) : {},
    annexVersion: form.version,
    ...(form.version === 3 ? { indicators: form.indicators } : {}),
    submittedAt: app.submittedAt,
    submissions: app.submissions,
  };
  return { app, input };
}
