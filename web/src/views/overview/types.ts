// The answer of GET /api/rounds/:id/overview (usecases/roundOverview.ts) and of POST /api/tasks/:id/urge.
export interface Overview {
  round: { id: string; nameZh: string; nameEn: string };
  provinceCode: string | null;
  generatedAt: string;
  steps: string[];
  applications: { provinceCode: string | null; status: string; step: string; count: number }[];
  overdueByDepartment: { departmentId: string | null; count: number }[];
  overdueTasks: {
    id: string;
    stage: string;
    departmentId: string | null;
    provinceCode: string | null;
    applicationId: string | null;
    organization: string | null;
    dueAt: string;
    lastUrgedAt: string | null;
  }[];
  stageDurations: { stage: string; decided: number; medianDays: number | null }[];
  expertLoad: { userId: string | null; name: string | null; index: number; open: number; done: number }[];
  selection: {
    status: string;
    countersignRound: number;
    publishedAt: string | null;
    decided: number;
    total: number;
    tasks: {
      id: string;
      departmentId: string | null;
      status: string;
      decision: string | null;
      decidedAt: string | null;
      dueAt: string;
    }[];
  } | null;
}

export interface Urged {
  taskId: string;
  urgedAt: string;
  mailed: number;
  nextUrgeAt: string;
}

export interface RoundItem {
  id: string;
  nameZh: string;
  nameEn: string;
}
