import type { Logger } from '@rre/telemetry';
import { GraphQLError, GraphQLFormattedError } from 'graphql';
import { randomUUID } from 'node:crypto';
import { ErrorCode } from '../auth-errors';
import { authLogger } from '../auth-log';

/** Codes whose message is meant for the client and passes through unchanged. */
export const CLIENT_ERROR_CODES: readonly string[] = [
  ErrorCode.UNAUTHENTICATED,
  ErrorCode.FORBIDDEN,
  ErrorCode.RATE_LIMITED,
  ErrorCode.QUERY_TOO_DEEP,
  ErrorCode.QUERY_TOO_COMPLEX,
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'BAD_REQUEST',
  'OPERATION_RESOLUTION_FAILURE',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'NOT_FOUND',
  'CONFLICT',
];

/** Extensions a client may see; everything else (stack traces, `originalError`, SQL, ...) is dropped. */
const SAFE_EXTENSIONS = [
  'code',
  'reason',
  'retryAfterSeconds',
  'depth',
  'maxDepth',
  'complexity',
  'maxComplexity',
];

/** Codes that Apollo replaces with GRAPHQL_VALIDATION_FAILED and the formatter restores. */
const RESTORED_CODES: readonly string[] = [ErrorCode.QUERY_TOO_DEEP, ErrorCode.QUERY_TOO_COMPLEX];

export const INTERNAL_ERROR_MESSAGE = 'Internal server error';

export interface ErrorFormatterOptions {
  logger?: Logger;
  /** Codes whose messages the client may read (default CLIENT_ERROR_CODES); add a service's own. */
  clientErrorCodes?: readonly string[];
  /** Extensions of those errors the client may read, beyond code, reason and the limits' figures. */
  clientExtensions?: readonly string[];
  /** Default: a random UUID. */
  correlationId?: () => string;
}

/**
 * An Apollo `formatError` that shows clients only what is meant for them: errors with a client code
 * keep their message, path, locations and a few safe extensions. Every other error (a bug, a
 * database error with its SQL, a timeout) becomes INTERNAL_SERVER_ERROR with a generic message and
 * a `correlationId`, logged with the real error, so that support can find it.
 */
export function createErrorFormatter(
  options: ErrorFormatterOptions = {},
): (formattedError: GraphQLFormattedError, error: unknown) => GraphQLFormattedError {
  const clientCodes = new Set(options.clientErrorCodes ?? CLIENT_ERROR_CODES);
  const newCorrelationId = options.correlationId ?? (() => randomUUID());
  const safeExtensions = [...SAFE_EXTENSIONS, ...(options.clientExtensions ?? [])];
  return (formatted, error) => {
    const cause = error instanceof GraphQLError && error.originalError ? error.originalError : error;
    const ownCode =
      cause instanceof GraphQLError && RESTORED_CODES.includes(String(cause.extensions['code']))
        ? String(cause.extensions['code'])
        : undefined;
    const code = ownCode ?? (formatted.extensions?.['code'] as string | undefined);
    const location = {
      ...(formatted.locations ? { locations: formatted.locations } : {}),
      ...(formatted.path ? { path: formatted.path } : {}),
    };
    if (code !== undefined && clientCodes.has(code)) {
      const extensions: Record<string, unknown> = {};
      for (const key of safeExtensions) {
        if (formatted.extensions?.[key] !== undefined) extensions[key] = formatted.extensions[key];
      }
      extensions['code'] = code;
      const details = validationDetails(formatted.extensions?.['originalError']);
      if (details) extensions['details'] = details;
      return { message: formatted.message, ...location, extensions };
    }
    const correlationId = newCorrelationId();
    const failure = cause instanceof Error ? cause : undefined;
    (options.logger ?? authLogger()).error(
      {
        event: 'internal_error',
        correlationId,
        code,
        path: formatted.path?.join('.'),
        // Name, message and stack only: a database error's other fields hold query parameters.
        error: failure
          ? { type: failure.name, message: failure.message, stack: failure.stack }
          : { message: String(cause) },
      },
      `internal error ${correlationId}`,
    );
    return {
      message: INTERNAL_ERROR_MESSAGE,
      ...location,
      extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR, correlationId },
    };
  };
}

/** The messages of a NestJS 4xx HttpException's response (e.g. ValidationPipe), if they are strings. */
function validationDetails(originalError: unknown): string[] | undefined {
  const message = (originalError as { message?: unknown } | undefined)?.message;
  if (Array.isArray(message) && message.every((m) => typeof m === 'string')) return message as string[];
  return undefined;
}
