import { Catch } from '@nestjs/common';
import type { GqlExceptionFilter } from '@nestjs/graphql';
import { ProcessRunError, ProcessRunErrorCode } from '@rre/process-runs';
import { QuantityError } from '@rre/quantities';
import { GraphQLError } from 'graphql';
import { ReductionError, ReductionErrorCode } from '../domain/reduction-error';

/** A request reduction refused: stable code, field, value, rule, and whether retrying can help. */
export class ReductionGraphQLError extends GraphQLError {
  constructor(refusal: ReductionError | ProcessRunError | QuantityError) {
    super(refusal.message, {
      extensions: {
        code: refusal instanceof QuantityError ? 'INVALID_INPUT' : refusal.code,
        field: refusal.field,
        value: refusal.value,
        rule: refusal.rule,
        retryable: refusal instanceof ProcessRunError ? refusal.retryable : false,
      },
    });
    this.name = 'ReductionGraphQLError';
  }
}

@Catch(ReductionError, ProcessRunError, QuantityError)
export class ReductionErrorFilter implements GqlExceptionFilter {
  catch(error: ReductionError | ProcessRunError | QuantityError): GraphQLError {
    return new ReductionGraphQLError(error);
  }
}

/**
 * Reduction's refusals (its own and the run library's) for @rre/auth's
 * `graphqlHardening(config, { clientErrors })`: the formatter shows them as they are.
 */
export const REDUCTION_CLIENT_ERRORS = {
  codes: [...new Set([...Object.values(ReductionErrorCode), ...Object.values(ProcessRunErrorCode)])],
  extensions: ['field', 'value', 'rule', 'retryable'],
} as const;
