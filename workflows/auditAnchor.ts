// One pass of the audit anchor (activities/auditAnchor.ts), started by its Temporal Schedule: the
// chains' heads go to the anchor file, and their digest stays in this workflow's history.
import { proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../activities';
import type { AnchorDigest } from '../platform/auditAnchor';

const { anchorAuditChains } = proxyActivities<Activities>({
  startToCloseTimeout: '10 minutes',
  retry: { maximumInterval: '5 minutes' },
});

export async function auditAnchorWorkflow(): Promise<AnchorDigest> {
  return anchorAuditChains();
}
