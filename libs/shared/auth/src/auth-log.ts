import { createLogger, Logger } from '@rre/telemetry';
import type { Principal } from './principal';

let logger: Logger | undefined;

/** The logger for denied attempts: `createLogger('auth')` unless `setAuthLogger` replaced it. */
export function authLogger(): Logger {
  logger ??= createLogger('auth');
  return logger;
}

/** Replaces the logger for denied attempts (AuthModule.forRoot does it when given a logger). */
export function setAuthLogger(replacement: Logger | undefined): void {
  logger = replacement;
}

/** What was attempted: the GraphQL operation and field, or an HTTP route, and the target organisation. */
export interface AttemptDescription {
  operationType?: string;
  operationName?: string;
  /** The field's response path, e.g. `lot.runs.0.outputs`, or an HTTP method and path. */
  fieldPath?: string;
  targetOrganisationId?: string;
  access?: 'read' | 'write';
  /** For requests without a token: the client address the rate limit counted. */
  client?: string;
}

/**
 * Logs one denied attempt with who (subject, organisation, roles, client kind, token id) and what
 * (operation, field path, target organisation). Never the token, never a name.
 */
export function logDenied(
  code: 'UNAUTHENTICATED' | 'FORBIDDEN' | 'RATE_LIMITED',
  reason: string,
  principal: Principal | undefined,
  attempt: AttemptDescription,
  log: Logger = authLogger(),
): void {
  log.warn(
    {
      event: 'access_denied',
      code,
      reason,
      subject: principal?.subject,
      organisationId: principal?.organisationId,
      roles: principal?.roles,
      clientKind: principal?.clientKind,
      tokenId: principal?.tokenId,
      ...attempt,
    },
    `denied (${code}): ${reason}`,
  );
}
