// The workflow bundle's entry point: every workflow type the worker registers.
export { applicationWorkflow } from './application';
export { expertReviewWorkflow } from './expertReview';
export { provincialReviewWorkflow } from './provincialReview';
export { selectionWorkflow } from './selection';
