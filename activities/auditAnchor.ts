// The audit anchor's activity: writes the heads of every audit chain to the anchor file outside the
// database (platform/auditAnchor.ts) and returns their digest, which the workflow's history keeps
// as a second copy. Run on a schedule (workers/anchorSchedule.ts).
import { anchorAuditHeads, type AnchorDigest } from '../platform/auditAnchor';
import { loadConfig } from '../platform/config';
import type { ActivityDeps } from './index';

export function createAuditAnchorActivities({ db, logger }: ActivityDeps) {
  return {
    async anchorAuditChains(): Promise<AnchorDigest> {
      // read at each pass: AUDIT_ANCHOR_FILE is the worker's own setting, not the schedule's
      const file = loadConfig().auditAnchorFile;
      const digest = await anchorAuditHeads(db, file);
      logger.info({ file, ...digest }, 'audit chain heads anchored');
      return digest;
    },
  };
}
