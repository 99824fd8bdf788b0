import { principalOf } from '@rre/auth';
import { ulid } from 'ulid';
import type { ProcessRequest } from '../application/process-request';

/** The GraphQL context as the Apollo driver builds it: the HTTP request is `req`. */
export interface GraphqlContext {
  readonly req?: { readonly headers?: Record<string, string | string[] | undefined> } & object;
}

const CORRELATION_ID = /^[\x21-\x7e]{1,128}$/;

/**
 * Who calls (the principal @rre/auth verified), the flow's correlation id (the header or a new one),
 * a new request id and the key. Without a principal, throws what `unauthenticated` returns.
 */
export function processRequestOf(
  context: GraphqlContext,
  idempotencyKey: string | null | undefined,
  unauthenticated: () => Error,
): ProcessRequest {
  const principal = principalOf(context.req);
  if (!principal) throw unauthenticated();
  const header = context.req?.headers?.['x-correlation-id'];
  return {
    actor: { subject: principal.subject, organisationId: principal.organisationId },
    correlationId: typeof header === 'string' && CORRELATION_ID.test(header) ? header : ulid(),
    requestId: ulid(),
    idempotencyKey: idempotencyKey ?? undefined,
  };
}

/** GraphQL input with `null` members left out, as the application expects absent values. */
export function withoutNulls<T>(value: T): T {
  if (Array.isArray(value)) return value.map((item) => withoutNulls(item)) as T;
  if (value === null || typeof value !== 'object' || value instanceof Date) return value;
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>)
      .filter(([, member]) => member !== null && member !== undefined)
      .map(([key, member]) => [key, withoutNulls(member)]),
  ) as T;
}
