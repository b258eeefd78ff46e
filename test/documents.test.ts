// The paper (documents/): the application as the eight bodies read it, and a unit's Annex 3 as PDF
// and Excel. Each PDF is read back with a PDF text extractor (PDF.js) and each workbook with
// exceljs; what they must hold is written out here, literally, from the notice's wording.
import fs from 'node:fs';
import ExcelJS from 'exceljs';
import { annex3Pdf, annex3Xlsx, type Annex3Table } from '../documents/annex3';
import { applicationPdf, type ApplicationPdfInput } from '../documents/applicationPdf';
import { FONT_FILES } from '../documents/fonts';
import { cityAnnex, enterpriseAnnex } from './support/fixtures';
import { pdfText } from './support/pdfText';

const ROUND = { id: 'paper-2018', nameZh: '2018年供应链创新与应用试点' };

function cityInput(overrides: Partial<ApplicationPdfInput> = {}): ApplicationPdfInput {
  return {
    id: '5a0c6c1e-7d3b-4f7e-9a57-1c2b3d4e5f60',
    kind: 'city',
    applicant: '鑫堃市',
    unit: { code: 'GD', nameZh: '广东省' },
    round: ROUND,
    annex: cityAnnex({
      cityName: '鑫堃市',
      chosenTasks: ['SUPPLY_CHAIN_FINANCE', 'GOVERNANCE'],
      safeguards: '成立由市长牵头的供应链工作领导小组',
    }),
    annexVersion: 2,
    // 16:30 UTC on 30 May is half past midnight on 31 May in Beijing
    submittedAt: new Date('2018-05-30T16:30:00Z'),
    submissions: 2,
    ...overrides,
  };
}

describe('the application as a PDF', () => {
  test("when a city's application is rendered, then the PDF names Annex 1 and its title, the applicant, its unit and kind, each chosen task in the notice's words, every field under its label, the submission time in Beijing time and the application id", async () => {
    const { text } = await pdfText(await applicationPdf(cityInput()));
    for (const expected of [
      '附件1',
      '供应链创新与应用城市试点方案',
      '鑫堃市',
      '广东省',
      '城市',
      '2018年供应链创新与应用试点',
      // notice §二 (2) and (6), the two tasks chosen
      '规范发展供应链金融服务实体经济',
      '探索供应链政府公共服务和治理新模式',
      // the eligibility of §四(一) as figures and answers (Annex 1, version 2)
      '地区生产总值（亿元）',
      '22859.35',
      '拥有比较完善的产业配套体系',
      '流通节点城市级别',
      '国家级流通节点城市',
      '重点产业集群及其影响力',
      '保障措施',
      '成立由市长牵头的供应链工作领导小组',
      '联系电话',
      '020-83123456',
      '2018-05-31 00:30',
      '第 2 次提交',
      '5a0c6c1e-7d3b-4f7e-9a57-1c2b3d4e5f60',
    ])
      expect(text).toContain(expected);
    expect(text).not.toContain('融入全球供应链'); // a task not chosen
    expect(text).not.toContain('试点企业申报表');
  });

  test("when an enterprise's application is rendered, then it is Annex 2 with its tasks in the enterprise list's words, its numbers as given and its legal personhood as 是", async () => {
    const { text } = await pdfText(
      await applicationPdf(
        cityInput({
          kind: 'enterprise',
          applicant: '鑫堃供应链管理有限公司',
          annex: enterpriseAnnex({ legalName: '鑫堃供应链管理有限公司', chosenTasks: ['SUPPLY_CHAIN_FINANCE'] }),
        }),
      ),
    );
    for (const expected of [
      '附件2',
      '供应链创新与应用试点企业申报表',
      '鑫堃供应链管理有限公司',
      '企业',
      '规范开展供应链金融业务', // notice §三 (4): the enterprises' wording of the same code
      '注册资本（万元）',
      '50000',
      '职工人数',
      '1200',
      '具有独立法人资格',
      '是',
      '91440101MA59ABCD1X',
      '主营业务收入（万元）',
      '860000',
      '供应链管理能力',
      '行业影响',
      '示范带动',
      '协同平台模式已在同行业推广',
    ])
      expect(text).toContain(expected);
    expect(text).not.toContain('规范发展供应链金融服务实体经济'); // the cities' wording
    expect(text).not.toContain('城市试点方案');
  });

  test('when the annex holds a field the form does not list and the application was never submitted, then the field is printed under its key and the time says it is a draft', async () => {
    const { text } = await pdfText(
      await applicationPdf(
        cityInput({ annex: { cityName: '鑫堃市', mainRevenueWanCny: 7654321 }, submittedAt: null, submissions: 0 }),
      ),
    );
    expect(text).toContain('mainRevenueWanCny');
    expect(text).toContain('7654321');
    expect(text).toContain('未提交（草稿）');
  });

  test('when the same application is rendered twice, then the bytes are identical, and the font comes from the npm package, embedded as a subset far smaller than its file', async () => {
    const [first, second] = [await applicationPdf(cityInput()), await applicationPdf(cityInput())];
    expect(first.equals(second)).toBe(true);
    expect(FONT_FILES.normal).toMatch(/node_modules[\\/]@expo-google-fonts[\\/]noto-sans-sc[\\/]/);
    expect(fs.statSync(FONT_FILES.normal).size).toBeGreaterThan(5_000_000);
    const raw = first.toString('latin1');
    expect(raw).toContain('/FontFile2'); // an embedded TrueType font
    expect(raw).toMatch(/\/BaseFont \/[A-Z]{6}\+NotoSansSC-Regular/); // a subset's name carries a six-letter tag
    expect(first.length).toBeLessThan(200_000);
  });
});

const TABLE: Annex3Table = {
  round: ROUND,
  unit: { code: 'SZ', nameZh: '深圳市商务局' },
  // 17:00 UTC on 30 May is 31 May in Beijing
  sentAt: new Date('2018-05-30T17:00:00Z'),
  rows: [
    {
      rank: 2,
      kind: 'enterprise',
      name: '乙鑫供应链有限公司',
      unitName: '深圳市',
      tasks: ['PLATFORMS'],
      contact: { name: '王芳', phone: '0755-83765432', email: 'b@yi.example.org' },
    },
    {
      rank: 1,
      kind: 'city',
      name: '深圳市',
      unitName: '深圳市',
      tasks: ['INDUSTRY_SUPPLY_CHAIN', 'GREEN_SUPPLY_CHAIN'],
      contact: { name: '张伟', phone: '0755-83123456', email: 'sc@sz.example.org' },
    },
    {
      rank: 1,
      kind: 'enterprise',
      name: '甲堃物流股份有限公司',
      unitName: '深圳市',
      tasks: ['SUPPLY_CHAIN_FINANCE'],
      contact: { name: '李娜', phone: '0755-83000000', email: 'a@jia.example.org' },
      remark: '上市公司',
    },
  ],
};

describe("a unit's Annex 3 (申报汇总表)", () => {
  test("when Annex 3 is rendered as a PDF, then it is one landscape A4 page with the notice's title, the unit by its seal, the Beijing date, the columns, and the applicants cities first, then by rank", async () => {
    const pdf = await annex3Pdf(TABLE);
    expect(pdf.toString('latin1')).toContain('/MediaBox [0 0 841.89 595.28]'); // A4, landscape
    const { pages, text } = await pdfText(pdf);
    expect(pages).toBe(1);
    for (const expected of [
      '附件3',
      '申报供应链创新与应用试点单位汇总表',
      '报送单位（盖章）：深圳市商务局',
      '报送日期：2018年5月31日',
      '序号 申报主体名称 类型 所在地区 申报试点任务 联系人及电话 推荐排序 备注',
      '建设和完善各类供应链平台',
      '李娜 0755-83000000',
      '上市公司',
    ])
      expect(text).toContain(expected);
    const order = ['深圳市 城市', '甲堃物流股份有限公司', '乙鑫供应链有限公司'].map((s) => text.indexOf(s));
    expect(order.every((i) => i >= 0)).toBe(true);
    expect(order).toEqual([...order].sort((a, b) => a - b));
  });

  test('when Annex 3 is exported as Excel, then the workbook read back has the title, the unit and date, the column headers and the rows in rank order (cities first), printed landscape on A4', async () => {
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(new Uint8Array(await annex3Xlsx(TABLE)).buffer);
    const ws = book.getWorksheet('附件3')!;
    const values = (n: number) => Array.from({ length: 8 }, (_, i) => ws.getRow(n).getCell(i + 1).value ?? null);
    expect(ws.getCell('A2').value).toBe('申报供应链创新与应用试点单位汇总表');
    expect(ws.getCell('A4').value).toBe('报送单位（盖章）：深圳市商务局　　报送日期：2018年5月31日');
    expect(values(5)).toEqual([
      '序号',
      '申报主体名称',
      '类型',
      '所在地区',
      '申报试点任务',
      '联系人及电话',
      '推荐排序',
      '备注',
    ]);
    expect([6, 7, 8].map(values)).toEqual([
      [
        1,
        '深圳市',
        '城市',
        '深圳市',
        '推动完善重点产业供应链体系（农业、工业、流通）；发展全过程全环节的绿色供应链体系',
        '张伟 0755-83123456\nsc@sz.example.org',
        1,
        null,
      ],
      [
        2,
        '甲堃物流股份有限公司',
        '企业',
        '深圳市',
        '规范开展供应链金融业务',
        '李娜 0755-83000000\na@jia.example.org',
        1,
        '上市公司',
      ],
      [
        3,
        '乙鑫供应链有限公司',
        '企业',
        '深圳市',
        '建设和完善各类供应链平台',
        '王芳 0755-83765432\nb@yi.example.org',
        2,
        null,
      ],
    ]);
    expect(ws.rowCount).toBe(8);
    expect(ws.pageSetup).toMatchObject({ orientation: 'landscape', paperSize: 9 });
  });
});
