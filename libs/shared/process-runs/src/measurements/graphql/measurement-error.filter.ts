import { Catch } from '@nestjs/common';
import type { GqlExceptionFilter } from '@nestjs/graphql';
import { GraphQLError } from 'graphql';
import { MeasurementError, MeasurementErrorCode } from '../measurement-error';

function graphqlCodeOf(code: MeasurementErrorCode): string {
  switch (code) {
    case MeasurementErrorCode.UNKNOWN_RUN:
    case MeasurementErrorCode.UNKNOWN_SERIES:
      return 'NOT_FOUND';
    case MeasurementErrorCode.IDEMPOTENCY_KEY_REUSED:
      return 'CONFLICT';
    default:
      return 'BAD_USER_INPUT';
  }
}

/** A refused measurement request as a client error: the message names field, value and rule; `reason` is the code. */
export function measurementGraphqlError(error: MeasurementError): GraphQLError {
  return new GraphQLError(error.message, {
    extensions: {
      code: graphqlCodeOf(error.code),
      reason: error.code,
      field: error.field,
      value: error.value,
      rule: error.rule,
    },
  });
}

@Catch(MeasurementError)
export class MeasurementErrorFilter implements GqlExceptionFilter {
  catch(error: MeasurementError): GraphQLError {
    return measurementGraphqlError(error);
  }
}
