// Annex 3 (《申报供应链创新与应用试点单位汇总表》, notice §四(一)): the table a reporting unit sends
// MOFCOM with its applications, one row per applicant it recommends, in its order of
// recommendation — as a landscape A4 PDF and as an Excel workbook (its 电子版). Cities and FTZs
// are ranked apart from enterprises, so the rows run by form (Annex 1 first), then by rank.
import type ExcelJS from 'exceljs';
import { loadExcelJS } from './excel';
import type { Content } from 'pdfmake';
import { APPLICANT_KIND_LABELS, annexFor, type ApplicantKind } from '../domain/applicants';
import { beijingDate } from '../domain/workingCalendar';
import { ANNEX_TITLES, taskLabel } from './annexLabels';
import { renderPdf } from './pdf';

export interface Annex3Row {
  /** its place in the unit's recommendation (1 = first), within its form's ranking */
  rank: number;
  kind: ApplicantKind;
  name: string;
  /** where it is (所在地区), e.g. 深圳市 */
  unitName: string;
  /** the chosen tasks' codes (domain/annex.ts); anything else is printed as it is */
  tasks: string[];
  contact: { name: string; phone: string; email: string };
  /** 备注 */
  remark?: string;
}

export interface Annex3Table {
  round: { id: string; nameZh: string };
  /** the reporting unit, whose seal the table bears */
  unit: { code: string; nameZh: string };
  sentAt: Date;
  rows: Annex3Row[];
}

export const ANNEX3_COLUMNS = [
  '序号',
  '申报主体名称',
  '类型',
  '所在地区',
  '申报试点任务',
  '联系人及电话',
  '推荐排序',
  '备注',
] as const;

/** Numbers and the kind centred, text from the left. */
const ALIGN = ['center', 'left', 'center', 'left', 'left', 'left', 'center', 'left'];

/** The table's rows as text, in the order they are printed. */
export function annex3Lines(table: Annex3Table): string[][] {
  const rows = [...table.rows].sort((a, b) => annexFor(a.kind) - annexFor(b.kind) || a.rank - b.rank);
  return rows.map((r, i) => [
    String(i + 1),
    r.name,
    APPLICANT_KIND_LABELS[r.kind].zh,
    r.unitName,
    r.tasks.map((t) => taskLabel(r.kind, t)).join('；'),
    `${r.contact.name} ${r.contact.phone}\n${r.contact.email}`,
    String(r.rank),
    r.remark ?? '',
  ]);
}

/** "2018年5月30日", the Beijing date a document is dated by. */
function chineseDate(at: Date): string {
  const [y, m, d] = beijingDate(at).split('-').map(Number);
  return `${y}年${m}月${d}日`;
}

const signature = (table: Annex3Table) => `报送单位（盖章）：${table.unit.nameZh}`;
const dated = (table: Annex3Table) => `报送日期：${chineseDate(table.sentAt)}`;

export function annex3FileName(table: Annex3Table, ext: 'pdf' | 'xlsx'): string {
  return `${table.unit.nameZh}-${ANNEX_TITLES[3]}.${ext}`.replace(/[\\/:*?"<>|\u0000-\u001f]/g, '_');
}

export function annex3Pdf(table: Annex3Table): Promise<Buffer> {
  const header: Content[] = ANNEX3_COLUMNS.map((text) => ({ text, bold: true, alignment: 'center' }));
  return renderPdf(
    {
      pageSize: 'A4',
      pageOrientation: 'landscape',
      pageMargins: [40, 40, 40, 40],
      info: { title: `${table.unit.nameZh} — ${ANNEX_TITLES[3]}`, subject: table.round.nameZh },
      footer: (page, pages) => ({ text: `第 ${page} 页 / 共 ${pages} 页`, alignment: 'center', fontSize: 8 }),
      content: [
        { text: '附件3', fontSize: 12, bold: true },
        { text: ANNEX_TITLES[3], fontSize: 18, bold: true, alignment: 'center', margin: [0, 6, 0, 4] },
        { text: table.round.nameZh, alignment: 'center', margin: [0, 0, 0, 10] },
        {
          columns: [{ text: signature(table) }, { text: dated(table), alignment: 'right' }],
          margin: [0, 0, 0, 6],
        },
        {
          table: {
            headerRows: 1,
            dontBreakRows: true,
            widths: [28, '*', 52, 60, '*', 110, 40, 60],
            body: [
              header,
              ...annex3Lines(table).map((cells) => cells.map((text, i) => ({ text, alignment: ALIGN[i] }))),
            ],
          },
          fontSize: 9,
        },
      ],
    },
    table.sentAt,
  );
}

export async function annex3Xlsx(table: Annex3Table): Promise<Buffer> {
  const book = new (await loadExcelJS()).Workbook();
  book.creator = 'pilotflow';
  book.created = table.sentAt;
  const ws = book.addWorksheet('附件3', {
    // printed as the PDF is: landscape A4 (paper size 9), one page wide, the header row on every page
    pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
  });
  const widths = [6, 36, 14, 14, 40, 30, 10, 16];
  ws.columns = widths.map((width) => ({ width }));
  const last = ANNEX3_COLUMNS.length;
  const lines: [string, Partial<ExcelJS.Font>][] = [
    ['附件3', { bold: true }],
    [ANNEX_TITLES[3], { bold: true, size: 16 }],
    [table.round.nameZh, {}],
    [`${signature(table)}\u3000\u3000${dated(table)}`, {}],
  ];
  lines.forEach(([text, font], i) => {
    const row = ws.addRow([text]);
    ws.mergeCells(row.number, 1, row.number, last);
    row.font = font;
    if (i === 1) row.alignment = { horizontal: 'center' };
  });
  const header = ws.addRow([...ANNEX3_COLUMNS]);
  header.font = { bold: true };
  ws.pageSetup.printTitlesRow = `${header.number}:${header.number}`;
  ws.views = [{ state: 'frozen', ySplit: header.number }];
  for (const cells of annex3Lines(table)) {
    const row = ws.addRow(cells.map((c, i) => (i === 0 || i === 6 ? Number(c) : c || null)));
    row.alignment = { wrapText: true, vertical: 'top' };
  }
  return Buffer.from(await book.xlsx.writeBuffer());
}
