// The workflow bundle's entry point: every workflow type the worker registers.
export { applicationWorkflow } from './application';
export { historyArchiveWorkflow } from './archive';
export { auditAnchorWorkflow } from './auditAnchor';
export { compilationWorkflow } from './compilation';
export { deliveryWorkflow } from './delivery';
export { evaluationWorkflow } from './evaluation';
export { expertReviewWorkflow } from './expertReview';
export { majorReportWorkflow } from './majorReport';
export { ministryReviewWorkflow } from './ministryReview';
export { pilotWorkflow } from './pilot';
export { provincialReviewWorkflow } from './provincialReview';
export { quarterlyReportWorkflow } from './quarterlyReport';
export { recommendationWorkflow } from './recommendation';
export { removalWorkflow } from './removal';
export { titleWorkflow } from './title';
export { selectionWorkflow } from './selection';
