// What every use case receives: the database, the Temporal client and the settings it needs.
import type { Client } from '@temporalio/client';
import type { Db } from '../platform/db';
import type { Logger } from '../platform/logger';
import type { OutboxSettings } from '../notifications/outbox';
import type { LoginThrottle } from './loginThrottle';

export interface UseCaseDeps {
  db: Db;
  temporal: Client;
  taskQueue: string;
  sessionTtlHours: number;
  logger: Logger;
  /** for the mail a use case sends itself (a reassignment) */
  outbox: OutboxSettings;
  now?: () => Date;
  /** Whether the demo accounts' published password may log in; anything but true refuses it. */
  demoMode?: boolean;
  /** Counts login attempts per account and address (usecases/loginThrottle.ts); without one, a per-process throttle in memory. */
  loginThrottle?: LoginThrottle;
  /** Express's "trust proxy" (hops): whose X-Forwarded-For names the client; 0 (the default): the socket's address. */
  trustProxy?: number;
}

/** The logged-in user, as the server knows it (never as the client claims it). */
export interface CurrentUser {
  id: string;
  username: string;
  role: 'applicant' | 'provincial_officer' | 'national_officer' | 'expert' | 'evaluator' | 'auditor' | 'admin';
  displayName: string;
  departmentId: string | null;
  organizationId: string | null;
  provinceCode: string | null;
}
