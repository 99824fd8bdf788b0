import { type GraphqlContext, type ProcessRequest, processRequestOf } from '@rre/process-runs';
import { ReductionError } from '../domain/reduction-error';

/** The caller's request (see processRequestOf); without a bearer token, refused as invalid input. */
export function reductionRequestOf(
  context: GraphqlContext,
  idempotencyKey: string | null | undefined,
): ProcessRequest {
  return processRequestOf(
    context,
    idempotencyKey,
    () =>
      new ReductionError({
        code: 'INVALID_INPUT',
        field: 'authorization',
        value: 'none',
        rule: 'a bearer token is required',
      }),
  );
}
