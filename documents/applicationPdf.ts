// The application as the eight bodies read it (一式八份, notice §四(一)): Annex 1 for a city or an
// FTZ, Annex 2 for an enterprise, as a PDF — who applies, through which unit, for which tasks, when
// it was submitted (Beijing time), every field of the form under its label, and the application's
// id as the reference to its audit trail on every page. A form of an older version keeps its labels;
// a demonstration round's 申报书 (version 3) is laid out as its three parts (declarationPdf.ts).
import type { Content, DocumentDefinition } from 'pdfmake';
import type { AnnexVersion } from '../domain/annex';
import type { RubricCriterion } from '../domain/round';
import { APPLICANT_KIND_LABELS, annexFor, type ApplicantKind } from '../domain/applicants';
import { chinaTime } from '../domain/workingCalendar';
import { ANNEX_TITLES, choiceLabel, labelledFields, taskLabel } from './annexLabels';
import { declarationContent, declarationTitle } from './declarationPdf';
import { renderPdf } from './pdf';

export interface ApplicationPdfInput {
  /** the application's id: the reference to its audit trail */
  id: string;
  kind: ApplicantKind;
  /** the applicant organisation's name */
  applicant: string;
  /** the unit that reports it to MOFCOM (a province's name), or how a central enterprise declares */
  unit: { code: string | null; nameZh: string };
  round: { id: string; nameZh: string };
  annex: Record<string, unknown>;
  /** the version of its form (platform/annexVersion.ts); absent: 1 */
  annexVersion?: AnnexVersion;
  /** a 申报书's indicators (the rubric of its rules), in order */
  indicators?: readonly RubricCriterion[];
  /** its latest submission; null for a draft never submitted */
  submittedAt: Date | null;
  submissions: number;
}

const NOT_GIVEN = '（未填写）';

/** A field's value as text: tasks and choices by their wording, yes/no in words, a structure line by line. */
function valueText(kind: ApplicantKind, key: string, value: unknown): string {
  if (value === undefined || value === null || value === '') return NOT_GIVEN;
  if (key === 'chosenTasks' && Array.isArray(value))
    return value.map((code, i) => `${i + 1}. ${taskLabel(kind, String(code))}`).join('\n');
  if (typeof value === 'boolean') return value ? '是' : '否';
  const choice = choiceLabel(key, value);
  if (choice) return choice;
  if (Array.isArray(value)) return value.map((v) => valueText(kind, '', v)).join('；');
  if (typeof value === 'object')
    return Object.entries(value)
      .map(([k, v]) => `${k}：${valueText(kind, k, v)}`)
      .join('\n');
  return String(value);
}

export function applicationTitle(kind: ApplicantKind, version?: AnnexVersion): string {
  return version === 3 ? declarationTitle(kind) : ANNEX_TITLES[annexFor(kind)];
}

/** "广州市-供应链创新与应用城市试点方案.pdf", without characters a file system refuses. */
export function applicationPdfFileName(
  input: Pick<ApplicationPdfInput, 'applicant' | 'kind' | 'annexVersion'>,
): string {
  return `${input.applicant}-${applicationTitle(input.kind, input.annexVersion)}.pdf`.replace(
    /[\\/:*?"<>|\u0000-\u001f]/g,
    '_',
  );
}

/**
 * A headline with nothing below it on its page starts the next one, beside what it heads (the
 * footer, drawn in the page's margin, is not below it).
 */
const keepHeadings: DocumentDefinition['pageBreakBefore'] = (node, queries) =>
  node.headlineLevel !== undefined &&
  queries.getFollowingNodesOnPage().every((next) => next.startPosition.top <= node.startPosition.top);

export function applicationPdf(input: ApplicationPdfInput): Promise<Buffer> {
  const { kind } = input;
  const declaration = input.annexVersion === 3;
  const title = applicationTitle(kind, input.annexVersion);
  const tasks = Array.isArray(input.annex.chosenTasks) ? input.annex.chosenTasks.map(String) : [];
  const submitted = input.submittedAt
    ? `${chinaTime(input.submittedAt)}（北京时间，第 ${input.submissions} 次提交）`
    : '未提交（草稿）';
  const facts: [string, string][] = [
    ['申报主体', input.applicant],
    ['申报类型', APPLICANT_KIND_LABELS[kind].zh],
    ['报送单位', input.unit.nameZh],
    ['申报批次', input.round.nameZh],
    // a 申报书 declares for a title, not for pilot tasks
    ...(declaration
      ? []
      : [
          ['申报试点任务', tasks.length ? tasks.map((t) => taskLabel(kind, t)).join('\n') : NOT_GIVEN] as [
            string,
            string,
          ],
        ]),
    ['提交时间', submitted],
    ['申报编号', input.id],
  ];
  const row = ([label, text]: [string, string]): Content[] => [{ text: label, bold: true }, { text }];
  const fields: Content[] = declaration
    ? declarationContent(kind, input.annex, input.indicators ?? [], (key, v) => valueText(kind, key, v), NOT_GIVEN)
    : [
        { text: '申报内容', fontSize: 14, bold: true, margin: [0, 0, 0, 10] },
        ...labelledFields(kind, input.annex, input.annexVersion).map(({ key, label, value }) => ({
          stack: [
            { text: label, bold: true, fontSize: 11, margin: [0, 0, 0, 2] },
            { text: valueText(kind, key, value) },
          ],
          margin: [0, 0, 0, 10],
        })),
      ];
  return renderPdf(
    {
      pageSize: 'A4',
      pageMargins: [56, 56, 56, 48],
      pageBreakBefore: keepHeadings,
      info: { title: `${input.applicant} — ${title}`, subject: input.round.nameZh },
      footer: (page, pages) => ({
        text: `申报编号 ${input.id}\u3000第 ${page} 页 / 共 ${pages} 页`,
        alignment: 'center',
        fontSize: 8,
        color: '#666666',
      }),
      content: [
        ...(declaration ? [] : [{ text: `附件${annexFor(kind)}`, fontSize: 12, bold: true }]),
        { text: title, fontSize: 18, bold: true, alignment: 'center', margin: [0, 8, 0, 16] },
        { table: { widths: [90, '*'], body: facts.map(row) }, margin: [0, 0, 0, 18] },
        ...fields,
      ],
    },
    input.submittedAt ?? new Date(),
  );
}
