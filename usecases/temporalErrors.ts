// Turns what Temporal answers into the domain's errors, by the error's type and gRPC status — never
// by its message text: a refused Update carries a domain error code as its failure type; a workflow
// that has ended (or never existed) can no longer take decisions.
import {
  isGrpcServiceError,
  WorkflowExecutionAlreadyStartedError,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  WorkflowUpdateRPCTimeoutOrCancelledError,
} from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { DomainError, isErrorCode, type ErrorCode, type FieldError } from '../domain/errors';

/** gRPC status codes (grpc/status.h) the frontend answers Updates with. */
const GRPC_NOT_FOUND = 5;
const GRPC_FAILED_PRECONDITION = 9;

/** The gRPC status of the first gRPC error in the cause chain, if any. */
function grpcStatus(err: unknown): number | undefined {
  for (let e: unknown = err, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    if (isGrpcServiceError(e)) return e.code;
  }
  return undefined;
}

export function fromTemporal(err: unknown, whenClosed: ErrorCode): unknown {
  if (err instanceof WorkflowUpdateFailedError && err.cause instanceof ApplicationFailure) {
    const { type, details } = err.cause;
    if (type && isErrorCode(type)) return new DomainError(type, details?.[0] as FieldError[] | undefined);
  }
  if (err instanceof WorkflowExecutionAlreadyStartedError || err instanceof WorkflowNotFoundError)
    return new DomainError(whenClosed);
  // not accepted within the API's wait (platform/updateDeadline.ts): no worker took it yet
  if (err instanceof WorkflowUpdateRPCTimeoutOrCancelledError) return new DomainError('unavailable');
  const code = grpcStatus(err);
  // NOT_FOUND: the workflow execution has completed (or is gone) — its result has moved on
  if (code === GRPC_NOT_FOUND) return new DomainError(whenClosed);
  // FAILED_PRECONDITION: the workflow cannot take the Update right now (its task is failing and
  // being retried, e.g. during a bad deploy): the caller may try again; nothing was recorded.
  if (code === GRPC_FAILED_PRECONDITION) return new DomainError('unavailable');
  return err;
}
