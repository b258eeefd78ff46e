// The answer of GET /api/applications/:id/timeline and /api/pilots/:id/timeline (usecases/timeline.ts).
export interface AuditRecord {
  id: string;
  at: string;
  /** the actor's username (or id), or 'system' */
  actor: string;
  actorRole: string;
  action: string;
  fromStatus: string | null;
  toStatus: string | null;
  taskId: string | null;
  reason: string | null;
  detail: Record<string, unknown> | null;
  chainKey: string;
  seq: number;
  prevHash: string | null;
  hash: string;
  keyId: string | null;
  /** the detail shown is not the one hashed (a provincial officer's view) */
  redacted?: true;
}

export interface WorkflowHistory {
  workflowId: string;
  runId: string;
  type: string;
  status: string;
  source: string;
  eventCount: number;
}

export interface TimelineEntry {
  at: string;
  source: 'audit' | 'mail' | 'workflow';
  what: string;
  who: string | null;
  ref: string;
}

export interface Timeline {
  applicationId: string;
  status: string;
  records: AuditRecord[];
  workflows: WorkflowHistory[];
  timeline: TimelineEntry[];
  withheld?: { records: number; mail: number; workflows: string[] };
}
