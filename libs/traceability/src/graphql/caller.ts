import { type Principal, principalOf } from '@rre/auth';
import type { GraphqlContext } from '@rre/process-runs';
import { TraceabilityError } from '../domain/traceability-error';

/** The signed-in caller; FORBIDDEN without one. */
export function callerOf(context: GraphqlContext): Principal {
  const principal = principalOf(context.req);
  if (!principal) {
    throw new TraceabilityError({
      code: 'FORBIDDEN',
      field: 'caller',
      value: 'none',
      rule: 'must be signed in',
    });
  }
  return principal;
}
