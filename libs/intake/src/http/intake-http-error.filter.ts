import { type ArgumentsHost, Catch, type ExceptionFilter } from '@nestjs/common';
import type { ServerResponse } from 'node:http';
import { IntakeError, type IntakeErrorCode } from '../domain/intake-error';

const STATUS: Partial<Record<IntakeErrorCode, number>> = {
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  UNKNOWN_LOT: 404,
  DOCUMENT_VERSION_REQUIRED: 409,
  IDEMPOTENCY_KEY_REUSED: 409,
  NOT_IN_CUSTODY: 409,
  DOCUMENT_TOO_LARGE: 413,
};

/** A refusal on intake's HTTP routes: the status, and the same details as its GraphQL errors. */
@Catch(IntakeError)
export class IntakeHttpErrorFilter implements ExceptionFilter {
  catch(error: IntakeError, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<ServerResponse>();
    if (response.headersSent) {
      response.destroy(error);
      return;
    }
    response.statusCode = STATUS[error.code] ?? 400;
    response.setHeader('content-type', 'application/json; charset=utf-8');
    response.end(
      JSON.stringify({
        message: error.message,
        code: error.code,
        field: error.field,
        value: error.value,
        rule: error.rule,
        retryable: error.retryable,
      }),
    );
  }
}
