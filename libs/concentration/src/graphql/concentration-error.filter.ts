import { Catch } from '@nestjs/common';
import type { GqlExceptionFilter } from '@nestjs/graphql';
import { ProcessRunError, ProcessRunErrorCode } from '@rre/process-runs';
import { QuantityError } from '@rre/quantities';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { ConcentrationError, ConcentrationErrorCode } from '../domain/concentration-error';

type Refusal = ConcentrationError | ProcessRunError;

/** A request concentration refused: stable code, field, value, rule, and whether retrying can help. */
export class ConcentrationGraphQLError extends GraphQLError {
  constructor(refusal: Refusal | QuantityError) {
    const details =
      refusal instanceof QuantityError
        ? {
            code: 'INVALID_INPUT',
            field: refusal.field,
            value: refusal.value,
            rule: refusal.rule,
            retryable: false,
          }
        : {
            code: refusal.code,
            field: refusal.field,
            value: refusal.value,
            rule: refusal.rule,
            retryable: refusal instanceof ProcessRunError ? refusal.retryable : false,
          };
    super(refusal.message, { extensions: details });
    this.name = 'ConcentrationGraphQLError';
  }
}

@Catch(ConcentrationError, ProcessRunError, QuantityError)
export class ConcentrationErrorFilter implements GqlExceptionFilter {
  catch(error: Refusal | QuantityError): GraphQLError {
    return new ConcentrationGraphQLError(error);
  }
}

/**
 * For a GraphQL module's `formatError`: a concentration refusal as the client should see it, or
 * undefined for any other error (the service's own formatter handles those).
 */
export function formatConcentrationError(
  formatted: GraphQLFormattedError,
  error: unknown,
): GraphQLFormattedError | undefined {
  const refusal =
    error instanceof ConcentrationGraphQLError
      ? error
      : error instanceof GraphQLError && error.originalError instanceof ConcentrationGraphQLError
        ? error.originalError
        : undefined;
  if (!refusal) return undefined;
  return {
    message: refusal.message,
    ...(formatted.locations ? { locations: formatted.locations } : {}),
    ...(formatted.path ? { path: formatted.path } : {}),
    extensions: { ...refusal.extensions },
  };
}

/**
 * Concentration's refusals (its own and the run library's) for @rre/auth's
 * `graphqlHardening(config, { clientErrors })`: the formatter shows them as they are.
 */
export const CONCENTRATION_CLIENT_ERRORS = {
  codes: [...new Set([...Object.values(ConcentrationErrorCode), ...Object.values(ProcessRunErrorCode)])],
  extensions: ['field', 'value', 'rule', 'retryable'],
} as const;
