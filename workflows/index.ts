// The workflow bundle's entry point: every workflow type the worker registers.
export { applicationWorkflow } from './application';
export { provincialReviewWorkflow } from './provincialReview';
