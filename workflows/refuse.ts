// Refusals raised by Update validators: the type is a domain error code, so the API answers with
// the same status and message as for its own checks.
import { ApplicationFailure } from '@temporalio/workflow';
import { errorMessages, type ErrorCode, type FieldError } from '../domain/errors';

export function refuse(code: ErrorCode, fields?: FieldError[]): ApplicationFailure {
  return ApplicationFailure.create({
    type: code,
    message: errorMessages(code).en,
    nonRetryable: true,
    details: fields ? [fields] : undefined,
  });
}
