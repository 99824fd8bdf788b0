import { Catch } from '@nestjs/common';
import type { GqlExceptionFilter } from '@nestjs/graphql';
import { GraphQLError } from 'graphql';
import { TraceabilityError, TraceabilityErrorCode } from '../domain/traceability-error';

/** A request traceability refused: stable code, field, value, rule. */
export class TraceabilityGraphQLError extends GraphQLError {
  constructor(refusal: TraceabilityError) {
    super(refusal.message, {
      extensions: { code: refusal.code, field: refusal.field, value: refusal.value, rule: refusal.rule },
    });
    this.name = 'TraceabilityGraphQLError';
  }
}

@Catch(TraceabilityError)
export class TraceabilityErrorFilter implements GqlExceptionFilter {
  catch(error: TraceabilityError): GraphQLError {
    return new TraceabilityGraphQLError(error);
  }
}

/** Traceability's refusals for @rre/auth's `graphqlHardening(config, { clientErrors })`. */
export const TRACEABILITY_CLIENT_ERRORS = {
  codes: Object.values(TraceabilityErrorCode),
  extensions: ['field', 'value', 'rule'],
} as const;
