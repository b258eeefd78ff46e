// The round overview as an Excel workbook (GET /api/rounds/:id/overview.xlsx): the same figures as
// the JSON overview (usecases/roundOverview.ts, same permissions), a sheet per table, headers and
// names in Chinese — what an officer files or forwards.
import { loadExcelJS } from '../documents/excel';
import { stageName } from '../domain/stages';
import { chinaTime } from '../domain/workingCalendar';
import { PROVINCES } from '../domain/provinces';
import type { CurrentUser, UseCaseDeps } from './context';
import { roundOverview, type OverviewStep } from './roundOverview';

const STEP_NAMES: Record<OverviewStep, string> = {
  declaration: '申报',
  provincialReview: '省级审核',
  expertReview: '专家评审',
  selection: '遴选',
  publicNotice: '公示',
  pilot: '试点实施',
  final: '终期评估',
};
const TASK_STATUS: Record<string, string> = { open: '待办', decided: '已办', withdrawn: '已撤回', expired: '已失效' };
const DECISIONS: Record<string, string> = { approve: '通过', object: '提出异议', revise: '修改名单' };
const SELECTION_STATUS: Record<string, string> = { countersigning: '会签中', revising: '修改中', published: '已公布' };

const cst = (iso: string | null) => (iso ? chinaTime(iso) : '');
const provinceName = (code: string | null) =>
  code ? (PROVINCES.find((p) => p.code === code)?.nameZh ?? code) : '（全国）';

export async function roundOverviewXlsx(
  deps: UseCaseDeps,
  user: CurrentUser,
  roundId: string,
): Promise<{ fileName: string; data: Buffer }> {
  const o = await roundOverview(deps, user, roundId);
  const departmentIds = [
    ...new Set([
      ...o.overdueByDepartment.map((d) => d.departmentId),
      ...o.overdueTasks.map((t) => t.departmentId),
      ...(o.selection?.tasks ?? []).map((t) => t.departmentId),
    ]),
  ];
  const names = new Map(
    (
      await deps.db.department.findMany({
        where: { id: { in: departmentIds.filter((d): d is string => d !== null) } },
        select: { id: true, nameZh: true },
      })
    ).map((d) => [d.id, d.nameZh]),
  );
  const department = (id: string | null) => (id ? (names.get(id) ?? id) : '评审专家');

  const book = new (await loadExcelJS()).Workbook();
  book.creator = 'pilotflow';
  book.created = new Date(o.generatedAt);
  const sheet = (name: string, columns: [string, number][], rows: (string | number | null)[][]) => {
    const ws = book.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
    ws.columns = columns.map(([header, width]) => ({ header, width }));
    ws.getRow(1).font = { bold: true };
    ws.addRows(rows);
    return ws;
  };

  // province × step, as the overview's table (a never-submitted draft is not counted there either)
  const grid = new Map<string | null, Partial<Record<OverviewStep, number>>>();
  for (const a of o.applications) {
    const row = grid.get(a.provinceCode) ?? {};
    row[a.step] = (row[a.step] ?? 0) + a.count;
    grid.set(a.provinceCode, row);
  }
  const provinces = [...grid.keys()].sort((a, b) => (a ?? '').localeCompare(b ?? ''));
  sheet(
    '申报进度',
    [['省份', 16], ...o.steps.map((s): [string, number] => [STEP_NAMES[s], 10]), ['合计', 10]],
    provinces.map((p) => {
      const counts = o.steps.map((s) => grid.get(p)?.[s] ?? 0);
      return [provinceName(p), ...counts, counts.reduce((a, b) => a + b, 0)];
    }),
  );
  sheet(
    '逾期部门',
    [
      ['部门', 36],
      ['逾期任务数', 12],
    ],
    o.overdueByDepartment.map((d) => [department(d.departmentId), d.count]),
  );
  sheet(
    '逾期任务',
    [
      ['任务编号', 40],
      ['环节', 16],
      ['部门', 36],
      ['省份', 14],
      ['申报单位', 36],
      ['办理期限（北京时间）', 20],
      ['最近催办（北京时间）', 20],
    ],
    o.overdueTasks.map((t) => [
      t.id,
      stageName(t.stage, 'zh'),
      department(t.departmentId),
      provinceName(t.provinceCode),
      t.organization ?? '',
      cst(t.dueAt),
      cst(t.lastUrgedAt),
    ]),
  );
  sheet(
    '办理时长',
    [
      ['环节', 16],
      ['已办任务数', 12],
      ['办理天数中位数', 16],
    ],
    o.stageDurations.map((d) => [stageName(d.stage, 'zh'), d.decided, d.medianDays]),
  );
  sheet(
    '专家负荷',
    [
      ['专家', 20],
      ['待评', 10],
      ['已评', 10],
    ],
    o.expertLoad.map((e) => [e.name ?? `专家${e.index}`, e.open, e.done]),
  );
  const selection = o.selection;
  sheet(
    '名单会签',
    [
      ['部门', 36],
      ['状态', 10],
      ['意见', 12],
      ['办理时间（北京时间）', 20],
      ['办理期限（北京时间）', 20],
    ],
    (selection?.tasks ?? []).map((t) => [
      department(t.departmentId),
      TASK_STATUS[t.status] ?? t.status,
      t.decision ? (DECISIONS[t.decision] ?? t.decision) : '',
      cst(t.decidedAt),
      cst(t.dueAt),
    ]),
  );
  if (selection) {
    book.getWorksheet('名单会签')!.addRow([]);
    book
      .getWorksheet('名单会签')!
      .addRow([
        `会签轮次 ${selection.countersignRound}，已会签 ${selection.decided} / ${selection.total}，${SELECTION_STATUS[selection.status] ?? selection.status}`,
      ]);
  }
  const data = Buffer.from(await book.xlsx.writeBuffer());
  return { fileName: `${o.round.nameZh}-轮次总览-${cst(o.generatedAt).slice(0, 10)}.xlsx`, data };
}
