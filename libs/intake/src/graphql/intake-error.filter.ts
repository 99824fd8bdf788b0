import { Catch } from '@nestjs/common';
import type { GqlExceptionFilter } from '@nestjs/graphql';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { IntakeError, IntakeErrorCode } from '../domain/intake-error';

/** A request intake refused, as a GraphQL error: stable code, field, value, rule, and whether retrying can help. */
export class IntakeGraphQLError extends GraphQLError {
  constructor(readonly refusal: IntakeError) {
    super(refusal.message, {
      extensions: {
        code: refusal.code,
        field: refusal.field,
        value: refusal.value,
        rule: refusal.rule,
        retryable: refusal.retryable,
      },
    });
    this.name = 'IntakeGraphQLError';
  }
}

@Catch(IntakeError)
export class IntakeErrorFilter implements GqlExceptionFilter {
  catch(error: IntakeError): GraphQLError {
    return new IntakeGraphQLError(error);
  }
}

/**
 * For a GraphQL module's `formatError`: an intake refusal as the client should see it (message,
 * path, code, field, value, rule, retryable and nothing else), or undefined for any other error,
 * which the service's own formatter then handles. The intake error's message and extensions are
 * meant for the client; they never carry SQL or stack traces.
 */
export function formatIntakeError(
  formatted: GraphQLFormattedError,
  error: unknown,
): GraphQLFormattedError | undefined {
  const refusal =
    error instanceof IntakeGraphQLError
      ? error
      : error instanceof GraphQLError && error.originalError instanceof IntakeGraphQLError
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
 * Intake's refusals for @rre/auth's `graphqlHardening(config, { clientErrors })`: their codes, and
 * the extensions a client may read (field, value, rule, retryable); the formatter shows them as
 * they are and hides everything else.
 */
export const INTAKE_CLIENT_ERRORS = {
  codes: Object.values(IntakeErrorCode),
  extensions: ['field', 'value', 'rule', 'retryable'],
} as const;
