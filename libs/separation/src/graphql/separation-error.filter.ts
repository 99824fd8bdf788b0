import { Catch } from '@nestjs/common';
import type { GqlExceptionFilter } from '@nestjs/graphql';
import { ProcessRunError, ProcessRunErrorCode, toGraphQLError } from '@rre/process-runs';
import { QuantityError } from '@rre/quantities';
import { GraphQLError } from 'graphql';
import { SeparationError, SeparationErrorCode } from '../domain/separation-error';

/** Separation's refusals as GraphQL errors: stable code, field, value, rule, and whether retrying can help. */
@Catch(SeparationError, ProcessRunError, QuantityError)
export class SeparationErrorFilter implements GqlExceptionFilter {
  catch(error: SeparationError | ProcessRunError | QuantityError): unknown {
    if (error instanceof ProcessRunError) return toGraphQLError(error);
    const code = error instanceof SeparationError ? error.code : 'INVALID_INPUT';
    return new GraphQLError(error.message, {
      extensions: { code, field: error.field, value: error.value, rule: error.rule, retryable: false },
    });
  }
}

/**
 * Separation's refusals (its own and the run library's) for @rre/auth's
 * `graphqlHardening(config, { clientErrors })`: the formatter shows them as they are.
 */
export const SEPARATION_CLIENT_ERRORS = {
  codes: [...new Set([...Object.values(SeparationErrorCode), ...Object.values(ProcessRunErrorCode)])],
  extensions: ['field', 'value', 'rule', 'retryable'],
} as const;
