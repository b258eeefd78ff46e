// The 申报书 (annex version 3) on paper: its 申报表 as a table of the applicant's facts, the 正文's
// sections in order under their headings, and the 评价指标自评 as a table of the round's indicators
// with their weights, the applicant's self-scores and bases, and the weighted total they make.
import type { Content } from 'pdfmake';
import { DECLARATION_SECTIONS } from '../domain/annex';
import { groupOf } from '../domain/selection';
import type { ApplicantKind } from '../domain/applicants';
import type { RubricCriterion } from '../domain/round';
import { declarationTableLabels } from './annexLabels';

/** The 申报书's title for an applicant of this kind (a city or FTZ declares as a city). */
export function declarationTitle(kind: ApplicantKind): string {
  return groupOf(kind) === 'city' ? '全国供应链创新与应用示范城市申报书' : '全国供应链创新与应用示范企业申报书';
}

// headings are headlines: one left last on its page moves to the next (applicationPdf.ts keepHeadings)
const heading = (text: string): Content => ({ text, fontSize: 14, bold: true, margin: [0, 6, 0, 8], headlineLevel: 1 });
const given = (value: unknown, show: (v: unknown) => string, missing: string) =>
  value === undefined || value === null || value === '' ? missing : show(value);

/** Σ weight × self-score over the indicators, when every one is scored; else undefined. */
function weightedTotal(indicators: readonly RubricCriterion[], scores: Record<string, { score?: unknown }>) {
  let total = 0;
  for (const i of indicators) {
    const score = scores[i.code]?.score;
    if (typeof score !== 'number') return undefined;
    total += i.weight * score;
  }
  return Math.round(total * 100) / 100;
}

/** The three parts of the 申报书, each field as `show` words it and `missing` where it is not filled in. */
export function declarationContent(
  kind: ApplicantKind,
  annex: Record<string, unknown>,
  indicators: readonly RubricCriterion[],
  show: (key: string, value: unknown) => string,
  missing: string,
): Content[] {
  const table = Object.entries(declarationTableLabels(kind)).map(([key, label]): Content[] => [
    { text: label, bold: true },
    { text: given(annex[key], (v) => show(key, v), missing) },
  ]);
  const sections = (annex.sections ?? {}) as Record<string, unknown>;
  const scores = (annex.selfAssessment ?? {}) as Record<string, { score?: unknown; basis?: unknown }>;
  const total = weightedTotal(indicators, scores);
  const cell = (v: unknown) => given(v, String, missing);
  return [
    heading('一、申报表'),
    { table: { widths: [150, '*'], body: table }, margin: [0, 0, 0, 14] },
    heading('二、正文'),
    ...DECLARATION_SECTIONS.map((s, i): Content => ({
      stack: [
        {
          text: `（${'一二三四五六七八九十'[i]}）${s.zh}`,
          bold: true,
          fontSize: 12,
          margin: [0, 0, 0, 4],
          headlineLevel: 2,
        },
        { text: cell(sections[s.code]) },
      ],
      margin: [0, 0, 0, 10],
    })),
    heading('三、评价指标自评'),
    {
      table: {
        headerRows: 1,
        widths: ['*', 40, 46, '*'],
        body: [
          ['评价指标', '权重', '自评分', '自评依据'].map((text) => ({ text, bold: true })),
          ...indicators.map((i) => [
            i.zh,
            `${Math.round(i.weight * 1000) / 10}%`,
            cell(scores[i.code]?.score),
            cell(scores[i.code]?.basis),
          ]),
          [
            { text: '加权自评总分', bold: true, colSpan: 2 },
            '',
            { text: total === undefined ? missing : String(total), colSpan: 2 },
            '',
          ],
        ],
      },
    },
  ];
}
