// Every setting pilotflow reads, in one place: environment variables with defaults that run the
// whole system on this machine alone. The README's configuration table mirrors this file.
import path from 'node:path';

/**
 * Every environment variable pilotflow reads: this file reads no other (the type of `env` below
 * makes reading one not listed here a compile error). The deployment files in deploy/ may set
 * only these; test/deploy.test.ts checks both.
 */
export const ENV_VARS = [
  'PORT',
  'HOST',
  'PUBLIC_URL',
  'DATA_DIR',
  'DATABASE_URL',
  'EMBEDDED_DB_PORT',
  'TEMPORAL_ADDRESS',
  'TEMPORAL_NAMESPACE',
  'TEMPORAL_TASK_QUEUE',
  'TEMPORAL_PORT',
  'TEMPORAL_UI_PORT',
  'TEMPORAL_CLI_PATH',
  'TEMPORAL_TLS',
  'TEMPORAL_TLS_CA',
  'TEMPORAL_TLS_CERT',
  'TEMPORAL_TLS_KEY',
  'TEMPORAL_TLS_SERVER_NAME',
  'TEMPORAL_API_KEY',
  'EMBEDDED_DB_PASSWORD',
  'ACTOR_SIGNING_KEYS',
  'AUDIT_CHAIN_KEYS',
  'AUDIT_ANCHOR_FILE',
  'AUDIT_ANCHOR_EVERY_MINUTES',
  'TRUST_PROXY',
  'SMTP_URL',
  'SMTP_SINK_PORT',
  'MAIL_FROM',
  'DEMO_MODE',
  'SESSION_TTL_HOURS',
  'LOG_LEVEL',
  'ARCHIVE_EVERY_MINUTES',
  'UPDATE_WAIT_SECONDS',
  'WORKFLOW_BUNDLE',
] as const;

export type EnvVar = (typeof ENV_VARS)[number];

const env: Partial<Record<EnvVar, string>> = process.env;

function int(name: EnvVar, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a non-negative integer, got "${raw}"`);
  return value;
}

function bool(name: EnvVar, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  return ['1', 'true', 'yes', 'on'].includes(raw.toLowerCase());
}

/** The reserved domain (RFC 2606) of every default mailbox: mail to it can never reach a real person. */
export const MAIL_DOMAIN = 'pilotflow.example.org';

/** A URL with its password hidden, for logs. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(unparsable URL)';
  }
}

export interface Config {
  host: string;
  port: number;
  publicUrl: string;
  dataDir: string;
  /** A PostgreSQL URL; unset means the embedded PGlite database in dataDir. */
  databaseUrl?: string;
  embeddedDbPort: number;
  /** A Temporal frontend address; unset means start the CLI dev server with its data in dataDir. */
  temporalAddress?: string;
  temporalNamespace: string;
  taskQueue: string;
  temporalPort: number;
  temporalUiPort: number;
  temporalCliPath?: string;
  /** The SMTP server all mail goes to; by default the embedded sink that npm start runs. */
  smtpUrl: string;
  /** The port npm start runs the embedded SMTP sink on, when SMTP_URL is unset. */
  smtpSinkPort: number;
  /** Whether SMTP_URL was set, i.e. no embedded sink is wanted. */
  smtpExternal: boolean;
  mailFrom: string;
  /** The domain of Message-IDs and of the default mailboxes (a reserved domain: never a real address). */
  mailDomain: string;
  demoMode: boolean;
  sessionTtlHours: number;
  logLevel: string;
  /** How often closed workflows' histories are copied into the database (0: never). */
  archiveEveryMinutes: number;
  /** How the API and the workers reach Temporal beyond its address: TLS (optionally mutual) and an API key. */
  temporalTls: { enabled: boolean; caFile?: string; certFile?: string; keyFile?: string; serverName?: string };
  temporalApiKey?: string;
  /** The embedded database's password (platform/secrets.ts generates one in demo mode). */
  embeddedDbPassword?: string;
  /** "kid:base64key,…": the first signs, all verify (platform/secrets.ts). */
  actorSigningKeys?: string;
  auditChainKeys?: string;
  /** Where the audit chains' heads are anchored, outside the database (append-only). */
  auditAnchorFile: string;
  auditAnchorEveryMinutes: number;
  /** Express's "trust proxy": how many proxies stand before the API (for the client address of login throttling). */
  trustProxy: number;
  /** How long the API waits for a workflow to accept an Update before answering 503 (platform/updateDeadline.ts). */
  updateWaitSeconds: number;
  /** A workflow bundle built ahead (bundleWorkflowCode with this process's actor keys); unset: bundled at start. */
  workflowBundle?: string;
}

export function loadConfig(): Config {
  const port = int('PORT', 3000);
  const host = env.HOST || '127.0.0.1';
  return {
    host,
    port,
    publicUrl: env.PUBLIC_URL || `http://localhost:${port}`,
    dataDir: path.resolve(env.DATA_DIR || 'data'),
    databaseUrl: env.DATABASE_URL || undefined,
    embeddedDbPort: int('EMBEDDED_DB_PORT', 5433),
    temporalAddress: env.TEMPORAL_ADDRESS || undefined,
    temporalNamespace: env.TEMPORAL_NAMESPACE || 'default',
    taskQueue: env.TEMPORAL_TASK_QUEUE || 'pilotflow',
    temporalPort: int('TEMPORAL_PORT', 7233),
    temporalUiPort: int('TEMPORAL_UI_PORT', 8233),
    temporalCliPath: env.TEMPORAL_CLI_PATH || undefined,
    smtpUrl: env.SMTP_URL || `smtp://127.0.0.1:${int('SMTP_SINK_PORT', 2525)}`,
    smtpSinkPort: int('SMTP_SINK_PORT', 2525),
    smtpExternal: Boolean(env.SMTP_URL),
    mailFrom: env.MAIL_FROM || `pilotflow <noreply@${MAIL_DOMAIN}>`,
    mailDomain: MAIL_DOMAIN,
    demoMode: bool('DEMO_MODE', true),
    sessionTtlHours: int('SESSION_TTL_HOURS', 12),
    logLevel: env.LOG_LEVEL || 'info',
    archiveEveryMinutes: int('ARCHIVE_EVERY_MINUTES', 10),
    temporalTls: {
      enabled: bool('TEMPORAL_TLS', false) || Boolean(env.TEMPORAL_TLS_CA || env.TEMPORAL_TLS_CERT),
      caFile: env.TEMPORAL_TLS_CA || undefined,
      certFile: env.TEMPORAL_TLS_CERT || undefined,
      keyFile: env.TEMPORAL_TLS_KEY || undefined,
      serverName: env.TEMPORAL_TLS_SERVER_NAME || undefined,
    },
    temporalApiKey: env.TEMPORAL_API_KEY || undefined,
    embeddedDbPassword: env.EMBEDDED_DB_PASSWORD || undefined,
    actorSigningKeys: env.ACTOR_SIGNING_KEYS || undefined,
    auditChainKeys: env.AUDIT_CHAIN_KEYS || undefined,
    auditAnchorFile: path.resolve(env.AUDIT_ANCHOR_FILE || path.join(env.DATA_DIR || 'data', 'audit-anchors.jsonl')),
    auditAnchorEveryMinutes: int('AUDIT_ANCHOR_EVERY_MINUTES', 10),
    trustProxy: int('TRUST_PROXY', 0),
    updateWaitSeconds: int('UPDATE_WAIT_SECONDS', 30),
    workflowBundle: env.WORKFLOW_BUNDLE ? path.resolve(env.WORKFLOW_BUNDLE) : undefined,
  };
}
