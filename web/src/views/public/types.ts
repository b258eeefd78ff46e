// The answers of /api/public/* (usecases/publicList.ts, usecases/publicObjection.ts).
export type PublicPhase = 'open' | 'awaiting_resolution' | 'final' | 'published';

export interface Text {
  zh: string;
  en: string;
}

export interface NoticeWindow {
  startsAt: string;
  endsAt: string;
  /** its first and last days, Beijing time (YYYY-MM-DD) */
  startsOn: string;
  endsOn: string;
}

export interface PublicRound {
  id: string;
  kind: string;
  nameZh: string;
  nameEn: string;
  phase: PublicPhase;
  phaseLabel: Text;
  notice: (NoticeWindow & { workingDays: number }) | null;
  publishedAt: string | null;
  finalList: { document: string; publishedOn: string } | null;
  source: Text | null;
  objectionsOpen: boolean;
}

export interface ListedApplicant {
  applicationId: string;
  name: string;
  kind: string;
  kindLabel: Text | null;
  provinceCode: string | null;
  province: Text | null;
  group: 'city' | 'enterprise';
  rank: number;
  window: NoticeWindow | null;
  objectionsOpen: boolean;
  /** its pilot removed or its title revoked since the list was published (动态管理) */
  withdrawn: { status: 'removed' | 'revoked'; at: string | null; label: Text } | null;
}

export interface PublicList extends PublicRound {
  listed: ListedApplicant[];
  howToObject: Text & { open: boolean; endpoint: string | null };
}

export interface PublicObjectionReceipt {
  id: string;
  roundId: string;
  applicationId: string;
  receiptCode: string;
  status: string;
}

export interface ObjectionStatusAnswer {
  receiptCode: string;
  roundId: string;
  applicationId: string;
  applicant: string | null;
  status: string;
  statusLabel: Text;
  createdAt: string;
  resolution: string | null;
  resolvedAt: string | null;
}
