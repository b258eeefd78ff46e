// The Temporal SDK's logger, writing through pino: workflow code's `log` (delivered by the SDK's
// logger sink, and not repeated on replay) and activities' logs come out as the process's JSON
// lines, at their own level; the SDK's own chatter (bundling, worker state, core) only from WARN up.
import type { LogLevel, LogMetadata, Logger as SdkLogger } from '@temporalio/common';
import type { Logger } from './logger';

const PINO_LEVEL = { TRACE: 'trace', DEBUG: 'debug', INFO: 'info', WARN: 'warn', ERROR: 'error' } as const;
const RANK: Record<LogLevel, number> = { TRACE: 0, DEBUG: 1, INFO: 2, WARN: 3, ERROR: 4 };
/** the components whose messages are pilotflow's own, kept at every level pino lets through */
const OURS = new Set(['workflow', 'activity']);

export function sdkLogger(logger: Logger): SdkLogger {
  const log = (level: LogLevel, message: string, meta: LogMetadata = {}) => {
    const component = typeof meta.sdkComponent === 'string' ? meta.sdkComponent : undefined;
    if (!(component && OURS.has(component)) && RANK[level] < RANK.WARN) return;
    // bigint timestamps the SDK adds are not JSON: pino would throw on them
    const fields = Object.fromEntries(
      Object.entries(meta).map(([k, v]) => [k, typeof v === 'bigint' ? v.toString() : v]),
    );
    logger[PINO_LEVEL[level]](fields, message);
  };
  return {
    log,
    trace: (m, meta) => log('TRACE', m, meta),
    debug: (m, meta) => log('DEBUG', m, meta),
    info: (m, meta) => log('INFO', m, meta),
    warn: (m, meta) => log('WARN', m, meta),
    error: (m, meta) => log('ERROR', m, meta),
  };
}
