// Turns what Temporal answers into the domain's errors: a refused Update carries a domain error
// code as its failure type; a workflow that has ended can no longer take decisions.
import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { DomainError, isErrorCode, type ErrorCode, type FieldError } from '../domain/errors';

export function fromTemporal(err: unknown, whenClosed: ErrorCode): unknown {
  if (err instanceof WorkflowUpdateFailedError && err.cause instanceof ApplicationFailure) {
    const { type, details } = err.cause;
    if (type && isErrorCode(type)) return new DomainError(type, details?.[0] as FieldError[] | undefined);
  }
  if (err instanceof WorkflowExecutionAlreadyStartedError || err instanceof WorkflowNotFoundError) return new DomainError(whenClosed);
  if (err instanceof Error && /workflow execution already completed/i.test(err.message)) return new DomainError(whenClosed);
  // The workflow cannot take the Update right now (its task is failing and being retried, e.g.
  // during a bad deploy): the caller may try again; nothing was recorded.
  if (err instanceof Error && /FAILED_PRECONDITION|Workflow Task in failed state/i.test(err.message)) return new DomainError('unavailable');
  return err;
}
