import { Catch } from '@nestjs/common';
import type { GqlExceptionFilter } from '@nestjs/graphql';
import { ProcessRunError, ProcessRunErrorCode } from '@rre/process-runs';
import { GraphQLError } from 'graphql';
import { PeopleError, PeopleErrorCode } from '../domain/people-error';

/** A request the directory refused (its own refusals and the idempotency key's): code, field, value, rule. */
export class PeopleGraphQLError extends GraphQLError {
  constructor(refusal: PeopleError | ProcessRunError) {
    super(refusal.message, {
      extensions: {
        code: refusal.code,
        field: refusal.field,
        value: refusal.value,
        rule: refusal.rule,
        retryable: refusal.retryable,
      },
    });
    this.name = 'PeopleGraphQLError';
  }
}

@Catch(PeopleError, ProcessRunError)
export class PeopleErrorFilter implements GqlExceptionFilter {
  catch(error: PeopleError | ProcessRunError): GraphQLError {
    return new PeopleGraphQLError(error);
  }
}

/** The directory's refusals for @rre/auth's `graphqlHardening(config, { clientErrors })`. */
export const PEOPLE_CLIENT_ERRORS = {
  codes: [...new Set([...Object.values(PeopleErrorCode), ...Object.values(ProcessRunErrorCode)])],
  extensions: ['field', 'value', 'rule', 'retryable'],
} as const;
