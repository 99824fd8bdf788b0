import { principalOf } from '@rre/auth';
import { pooledUlidRandom } from '@rre/messaging';
import { ulid } from 'ulid';
import type { IntakeCaller, IntakeRequest } from '../application/intake-caller';
import { IntakeError } from '../domain/intake-error';

/** The GraphQL context as the Apollo driver builds it: the HTTP request is `req`. */
export interface GraphqlContext {
  readonly req?: { readonly headers?: Record<string, string | string[] | undefined> } & object;
}

/**
 * How intake learns who calls: from the principal that authentication established for the request
 * (@rre/auth), or undefined when the request carries none.
 */
export type IntakeCallerResolver = (
  context: GraphqlContext,
) => IntakeCaller | undefined | Promise<IntakeCaller | undefined>;

/** The principal @rre/auth verified for the request (AuthModule's guard and admission plugin). */
export const callerFromPrincipal: IntakeCallerResolver = (context) => principalOf(context.req);

const CORRELATION_ID = /^[\x21-\x7e]{1,128}$/;

export async function callerOf(
  resolve: IntakeCallerResolver,
  context: GraphqlContext,
): Promise<IntakeCaller> {
  const caller = await resolve(context);
  if (!caller) {
    throw new IntakeError({
      code: 'UNAUTHENTICATED',
      field: 'authorization',
      value: 'none',
      rule: 'a bearer token is required',
    });
  }
  return caller;
}

/** A request: the caller, the flow's correlation id (`x-correlation-id`, or a new one) and a new request id. */
export async function intakeRequestOf(
  resolve: IntakeCallerResolver,
  context: GraphqlContext,
  idempotencyKey: string | null | undefined,
): Promise<IntakeRequest> {
  const caller = await callerOf(resolve, context);
  const header = context.req?.headers?.['x-correlation-id'];
  const correlationId =
    typeof header === 'string' && CORRELATION_ID.test(header) ? header : ulid(undefined, pooledUlidRandom);
  return {
    caller,
    correlationId,
    requestId: ulid(undefined, pooledUlidRandom),
    idempotencyKey: idempotencyKey ?? undefined,
  };
}

/** GraphQL input with `null` members left out, as the application expects absent values. */
export function withoutNulls<T>(value: T): T {
  if (Array.isArray(value)) return value.map((item) => withoutNulls(item)) as T;
  if (value === null || typeof value !== 'object' || value instanceof Date || !isPlainInput(value))
    return value;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, member]) => member !== null && member !== undefined)
    .map(([key, member]) => [key, withoutNulls(member)]);
  return Object.fromEntries(entries) as T;
}

function isPlainInput(value: object): boolean {
  const prototype: unknown = Object.getPrototypeOf(value);
  // GraphQL input objects arrive as plain objects or as instances of their @InputType class.
  return prototype === Object.prototype || prototype === null || !('toFixed' in value);
}
