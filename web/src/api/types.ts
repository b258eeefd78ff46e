// The answers the workspace reads (the OpenAPI document types requests, not answers): the shapes
// of usecases/views.ts, inbox.ts, applications.ts and api/routes/rounds.ts (/api/reference).
export interface Label {
  zh: string;
  en: string;
}
export interface Named {
  code: string;
  nameZh: string;
  nameEn: string;
}
/** A reporting unit of /api/reference (domain/provinces.ts): a province, a separately planned city in its province, the Corps. */
export interface ReportingUnit extends Named {
  kind: 'province' | 'separately_planned_city' | 'corps';
  parent?: string;
}

export interface User {
  id: string;
  username: string;
  role: 'applicant' | 'provincial_officer' | 'national_officer' | 'expert' | 'evaluator' | 'auditor' | 'admin';
  displayName: string;
  departmentId: string | null;
  organizationId: string | null;
  provinceCode: string | null;
}

export interface Task {
  id: string;
  applicationId: string | null;
  roundId: string | null;
  stage: string;
  reviewRound: number;
  departmentId: string | null;
  department?: { id: string; nameZh: string; nameEn: string } | null;
  assigneeId?: string | null;
  provinceCode?: string | null;
  status: 'open' | 'decided' | 'withdrawn' | 'expired';
  overdue?: boolean;
  decision: string | null;
  reason: string | null;
  decidedById?: string | null;
  decidedAt: string | null;
  dueAt: string;
  createdAt: string;
}

export interface InboxTask extends Task {
  application: {
    id: string;
    kind: string;
    kindLabel: Label;
    organization: string;
    round: { id: string; nameZh: string; nameEn: string };
  } | null;
}

export interface Inbox {
  items: InboxTask[];
  page: number;
  pageSize: number;
  total: number;
  counts: Record<Task['status'], number>;
}

export interface TaskDetail extends Task {
  may: Record<string, boolean>;
}

export interface HistoryEntry {
  id: string;
  at: string;
  action: string;
  actorId: string | null;
  actorRole: string | null;
  department?: { id: string; nameZh: string; nameEn: string } | null;
  fromStatus: string | null;
  toStatus: string | null;
  taskId: string | null;
  reason: string | null;
  detail: Record<string, unknown> | null;
}

export interface Application {
  id: string;
  roundId: string;
  kind: string;
  kindLabel: Label;
  provinceCode: string;
  organization: { id: string; name: string };
  status: string;
  statusLabel: Label;
  reviewRound: number;
  submittedAt: string | null;
  tasks: Task[];
  history: HistoryEntry[];
}

export interface ApplicationListItem {
  id: string;
  roundId: string;
  kind: string;
  provinceCode: string;
  organization: { id: string; name: string };
  status: string;
  statusLabel: Label;
  submittedAt: string | null;
  updatedAt: string;
}

export interface Round {
  id: string;
  nameZh: string;
  nameEn: string;
}

export interface Reference {
  applicantKinds: Record<string, Label>;
  statuses: Record<string, Label>;
  bodies: Named[];
  provincialParties: Named[];
  provinces: ReportingUnit[];
}

/** The answers of the operations the workspace calls, by method and path (as in schema.d.ts). */
export interface Answers {
  get: {
    '/api/me': User;
    '/api/reference': Reference;
    '/api/tasks': Inbox;
    '/api/tasks/{id}': TaskDetail;
    '/api/applications': ApplicationListItem[];
    '/api/applications/{id}': Application;
  };
  post: {
    '/api/auth/login': { token: string; expiresAt: string; user: User };
    '/api/tasks/{id}/decision': unknown;
  };
  put: Record<never, never>;
}
