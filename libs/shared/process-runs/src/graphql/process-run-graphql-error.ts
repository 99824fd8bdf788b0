import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { ProcessRunError, ProcessRunErrorCode } from '../domain/process-run-error';

/** A refused request as a GraphQL error: stable code, field, value, rule, and whether retrying can help. */
export class ProcessRunGraphQLError extends GraphQLError {
  constructor(readonly refusal: ProcessRunError) {
    super(refusal.message, {
      extensions: {
        code: refusal.code,
        field: refusal.field,
        value: refusal.value,
        rule: refusal.rule,
        retryable: refusal.retryable,
      },
    });
    this.name = 'ProcessRunGraphQLError';
  }
}

/** A ProcessRunError as the GraphQL error the client sees; anything else unchanged. */
export function toGraphQLError(error: unknown): unknown {
  return error instanceof ProcessRunError ? new ProcessRunGraphQLError(error) : error;
}

/**
 * For a GraphQL module's `formatError`: a refusal of this library as the client should see it
 * (message, path, code, field, value, rule, retryable), or undefined for any other error.
 */
export function formatProcessRunError(
  formatted: GraphQLFormattedError,
  error: unknown,
): GraphQLFormattedError | undefined {
  const refusal =
    error instanceof ProcessRunGraphQLError
      ? error
      : error instanceof GraphQLError && error.originalError instanceof ProcessRunGraphQLError
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

/** The library's refusals for @rre/auth's `graphqlHardening(config, { clientErrors })`. */
export const PROCESS_RUN_CLIENT_ERRORS = {
  codes: Object.values(ProcessRunErrorCode),
  extensions: ['field', 'value', 'rule', 'retryable'],
} as const;
