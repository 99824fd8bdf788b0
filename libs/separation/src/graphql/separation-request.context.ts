import { type GraphqlContext, processRequestOf } from '@rre/process-runs';
import type { SeparationRequest } from '../application/separation-request';
import { SeparationError } from '../domain/separation-error';

/** The caller's request (see processRequestOf); without a bearer token, refused as invalid input. */
export function separationRequestOf(
  context: GraphqlContext,
  idempotencyKey: string | null | undefined,
): SeparationRequest {
  return processRequestOf(
    context,
    idempotencyKey,
    () =>
      new SeparationError({
        code: 'INVALID_INPUT',
        field: 'authorization',
        value: 'none',
        rule: 'a bearer token is required',
      }),
  );
}
