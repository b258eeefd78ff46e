// The answers of the administrator's operations (the OpenAPI document types only the requests):
// the shapes of usecases/users.ts, mail.ts, experts.ts and calendar.ts.
import type { User } from '../../api/types';

export type Role = User['role'];

export interface Account {
  id: string;
  username: string;
  role: Role;
  displayName: string;
  email: string | null;
  departmentId: string | null;
  organizationId: string | null;
  createdAt: string | null;
  deactivatedAt: string | null;
  passwordChangedAt: string | null;
}

export interface AccountPage {
  items: Account[];
  page: number;
  pageSize: number;
  total: number;
}

export interface Mailbox {
  id: string;
  level: 'national' | 'provincial';
  provinceCode: string | null;
  nameZh: string;
  nameEn: string;
  email: string;
}

export interface Expert {
  id: string;
  name: string;
  fields: string[];
  provinceCode: string | null;
  bodies: string[];
  organizationId: string | null;
  userId: string | null;
  conflicts: { id: string; organizationId: string; reason: string }[];
}

export interface CalendarDay {
  date: string;
  kind: 'workday' | 'holiday';
  nameZh: string;
  nameEn: string;
  source?: 'admin' | 'chinese-days';
}

export interface CalendarYear {
  year: number;
  covered: boolean;
  source: 'chinese-days' | 'admin' | 'none';
  days: CalendarDay[];
}
