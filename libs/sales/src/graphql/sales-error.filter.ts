import { Catch } from '@nestjs/common';
import type { GqlExceptionFilter } from '@nestjs/graphql';
import { ProcessRunError, ProcessRunErrorCode } from '@rre/process-runs';
import { QuantityError } from '@rre/quantities';
import { GraphQLError } from 'graphql';
import { SalesError, SalesErrorCode } from '../domain/sales-error';

/** A request sales refused: stable code, field, value, rule, and whether retrying can help. */
export class SalesGraphQLError extends GraphQLError {
  constructor(refusal: SalesError | ProcessRunError | QuantityError) {
    super(refusal.message, {
      extensions: {
        code: refusal instanceof QuantityError ? 'INVALID_INPUT' : refusal.code,
        field: refusal.field,
        value: refusal.value,
        rule: refusal.rule,
        retryable: refusal instanceof QuantityError ? false : refusal.retryable,
      },
    });
    this.name = 'SalesGraphQLError';
  }
}

@Catch(SalesError, ProcessRunError, QuantityError)
export class SalesErrorFilter implements GqlExceptionFilter {
  catch(error: SalesError | ProcessRunError | QuantityError): GraphQLError {
    return new SalesGraphQLError(error);
  }
}

/** Sales' refusals (its own and the run library's) for @rre/auth's `graphqlHardening(config, { clientErrors })`. */
export const SALES_CLIENT_ERRORS = {
  codes: [...new Set([...Object.values(SalesErrorCode), ...Object.values(ProcessRunErrorCode)])],
  extensions: ['field', 'value', 'rule', 'retryable'],
} as const;
