// The JSON body of every documented operation checked against what the OpenAPI document says of it,
// before the route runs: a body the document requires must be there, a body the document does not
// describe must not be, and a top-level field the document's schema does not know (where it admits
// no others) is refused. Why here, once: the routes pass bodies on to use cases in several ways
// (some pick fields out and drop the rest, some default a missing body to {}), and the document and
// the server must not disagree about what is accepted. Types and values are left to the use cases'
// own validators, which run after authorization.
import type { NextFunction, Request, Response } from 'express';
import { DomainError, type FieldError } from '../domain/errors';
import { type Operation, jsonSchemaOf } from './openapi';

interface JsonSchema {
  properties?: Record<string, unknown>;
  additionalProperties?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
}

/** The top-level fields a body may have, or undefined where the schema admits any. */
function knownFields(schema: JsonSchema): Set<string> | undefined {
  const branches = [...(schema.anyOf ?? []), ...(schema.oneOf ?? [])];
  if (branches.length) {
    const sets = branches.map(knownFields);
    if (sets.some((s) => s === undefined)) return undefined;
    return new Set(sets.flatMap((s) => [...s!]));
  }
  if (schema.allOf?.length) {
    const sets = schema.allOf.map(knownFields).filter((s): s is Set<string> => s !== undefined);
    return sets.length ? new Set(sets.flatMap((s) => [...s])) : undefined;
  }
  if (schema.additionalProperties !== false || !schema.properties) return undefined;
  return new Set(Object.keys(schema.properties));
}

interface Check {
  method: string;
  pattern: RegExp;
  /** undefined: the operation takes no body */
  fields?: Set<string> | 'any';
  required: boolean;
}

const required: FieldError = {
  field: '(body)',
  code: 'required',
  message: { zh: '须提供 JSON 请求体', en: 'A JSON body is required' },
};
const unexpected: FieldError = {
  field: '(body)',
  code: 'unexpected_body',
  message: { zh: '此操作不接受请求体', en: 'This operation takes no body' },
};
const notJson: FieldError = {
  field: '(body)',
  code: 'not_json',
  message: {
    zh: '请求体须为 JSON（Content-Type: application/json）',
    en: 'The body must be JSON (Content-Type: application/json)',
  },
};
const unknown = (field: string): FieldError => ({
  field,
  code: 'unknown_field',
  message: { zh: '不允许的字段', en: 'Unknown field' },
});

/** Whether the request carries body bytes. */
const hasBytes = (req: Request) =>
  req.get('transfer-encoding') !== undefined || Number(req.get('content-length') ?? 0) > 0;

/** Whether the request carries no body (body-parser leaves it undefined, or makes {} of an empty one). */
function noBody(req: Request): boolean {
  return req.body === undefined || !hasBytes(req);
}

/** Middleware checking the JSON body of the given operations (GETs and uploads are left alone). */
export function bodyCheck(operations: readonly Operation[]) {
  const checks: Check[] = operations
    .filter((op) => op.method !== 'get' && !op.upload)
    .map((op) => ({
      method: op.method.toUpperCase(),
      pattern: new RegExp(`^${op.path.replace(/:\w+/g, '[^/]+')}/?$`, 'i'),
      fields: op.body ? (knownFields(jsonSchemaOf(op.body) as JsonSchema) ?? 'any') : undefined,
      required: op.body !== undefined && !op.bodyOptional,
    }));
  return (req: Request, _res: Response, next: NextFunction) => {
    const check = checks.find((c) => c.method === req.method && c.pattern.test(req.path));
    if (!check) return next();
    const body = req.body as unknown;
    // bytes the JSON parser left alone (a form, text): never read as "no body"
    if (req.body === undefined && hasBytes(req)) throw new DomainError('invalid_input', [notJson]);
    const absent = noBody(req);
    if (check.fields === undefined) {
      // no body documented: nothing, or an empty object (what some clients send), is all it takes
      const empty =
        absent || (typeof body === 'object' && body !== null && !Array.isArray(body) && Object.keys(body).length === 0);
      if (!empty) throw new DomainError('invalid_input', [unexpected]);
      return next();
    }
    if (absent) {
      if (check.required) throw new DomainError('invalid_input', [required]);
      return next();
    }
    if (check.fields !== 'any' && typeof body === 'object' && body !== null && !Array.isArray(body)) {
      const extra = Object.keys(body).filter((k) => !(check.fields as Set<string>).has(k));
      if (extra.length) throw new DomainError('invalid_input', extra.map(unknown));
    }
    next();
  };
}
