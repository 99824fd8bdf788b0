import { Catch } from '@nestjs/common';
import type { GqlExceptionFilter } from '@nestjs/graphql';
import { GraphQLError } from 'graphql';
import { MesNotificationError, MesNotificationErrorCode } from '../mes-notification-error';

function graphqlCodeOf(code: MesNotificationErrorCode): string {
  switch (code) {
    case MesNotificationErrorCode.FORBIDDEN_ORGANISATION:
      return 'FORBIDDEN';
    case MesNotificationErrorCode.UNKNOWN_SUBSCRIPTION:
    case MesNotificationErrorCode.UNKNOWN_DELIVERY:
      return 'NOT_FOUND';
    case MesNotificationErrorCode.IDEMPOTENCY_KEY_REUSED:
      return 'CONFLICT';
    default:
      return 'BAD_USER_INPUT';
  }
}

@Catch(MesNotificationError)
export class MesNotificationErrorFilter implements GqlExceptionFilter {
  catch(error: MesNotificationError): GraphQLError {
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
}
