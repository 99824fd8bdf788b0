import { type GraphqlContext, processRequestOf } from '@rre/process-runs';
import type { ConcentrationRequest } from '../application/concentration-request';
import { ConcentrationError } from '../domain/concentration-error';

/** The caller's request (see processRequestOf); without a bearer token, refused as invalid input. */
export function concentrationRequestOf(
  context: GraphqlContext,
  idempotencyKey: string | null | undefined,
): ConcentrationRequest {
  return processRequestOf(
    context,
    idempotencyKey,
    () =>
      new ConcentrationError({
        code: 'INVALID_INPUT',
        field: 'authorization',
        value: 'none',
        rule: 'a bearer token is required',
      }),
  );
}
