import { Catch } from '@nestjs/common';
import type { GqlExceptionFilter } from '@nestjs/graphql';
import { GraphQLError } from 'graphql';

/**
 * Passes a GraphQLError a resolver throws (a refusal with its code: unknown run, key reused,
 * forbidden, ...) straight to the formatter. Without it Nest logs every refusal as an ERROR with
 * its stack, as if the service had failed; the formatter already logs what is internal, with the
 * correlation id the client sees. Other errors still reach Nest's handler and are logged there.
 */
@Catch(GraphQLError)
export class ClientRefusalFilter implements GqlExceptionFilter {
  catch(refusal: GraphQLError): GraphQLError {
    return refusal;
  }
}
