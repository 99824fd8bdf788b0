import { GraphQLError } from 'graphql';

/** `extensions.code` values this library produces. */
export const ErrorCode = {
  /** No token where one is needed, or a token that failed verification (HTTP 401 semantics). */
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  /** A verified caller that may not do this (HTTP 403 semantics). */
  FORBIDDEN: 'FORBIDDEN',
  /** The caller's request budget is spent; `extensions.retryAfterSeconds` says when to retry. */
  RATE_LIMITED: 'RATE_LIMITED',
  /** The operation nests deeper than the depth limit. */
  QUERY_TOO_DEEP: 'QUERY_TOO_DEEP',
  /** The operation's estimated cost exceeds the complexity limit. */
  QUERY_TOO_COMPLEX: 'QUERY_TOO_COMPLEX',
  /** Anything unexpected; the message is generic and `extensions.correlationId` points to the log. */
  INTERNAL_SERVER_ERROR: 'INTERNAL_SERVER_ERROR',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** Why a token was refused (`extensions.reason` of an UNAUTHENTICATED error). */
export type AuthenticationFailure =
  | 'missing_token'
  | 'malformed_authorization_header'
  | 'malformed_token'
  | 'algorithm_not_allowed'
  | 'invalid_signature'
  | 'unknown_key'
  | 'token_expired'
  | 'token_not_yet_valid'
  | 'wrong_issuer'
  | 'wrong_audience'
  | 'missing_claim'
  | 'keys_unavailable';

const authenticationMessages: Record<AuthenticationFailure, string> = {
  missing_token: 'a bearer token is required',
  malformed_authorization_header: 'the Authorization header must be "Bearer <token>"',
  malformed_token: 'the token is not a well-formed JWT',
  algorithm_not_allowed: 'the token is signed with an algorithm that is not allowed',
  invalid_signature: 'the token signature is invalid',
  unknown_key: 'the token is signed with an unknown key',
  token_expired: 'the token has expired',
  token_not_yet_valid: 'the token is not valid yet',
  wrong_issuer: 'the token was issued by an untrusted issuer',
  wrong_audience: 'the token is not meant for this service',
  missing_claim: 'the token lacks a required claim',
  keys_unavailable: 'the token could not be verified: signing keys are unavailable',
};

/** A request whose caller could not be established: `extensions.code = 'UNAUTHENTICATED'`. */
export class AuthenticationError extends GraphQLError {
  constructor(
    readonly reason: AuthenticationFailure,
    detail?: string,
  ) {
    super(`Unauthenticated: ${authenticationMessages[reason]}${detail ? ` (${detail})` : ''}`, {
      extensions: { code: ErrorCode.UNAUTHENTICATED, reason },
    });
    this.name = 'AuthenticationError';
  }
}

/** A verified caller that may not do what it asked: `extensions.code = 'FORBIDDEN'`. */
export class ForbiddenError extends GraphQLError {
  constructor(readonly reason: string) {
    super(`Forbidden: ${reason}`, { extensions: { code: ErrorCode.FORBIDDEN } });
    this.name = 'ForbiddenError';
  }
}

/** A caller over its request budget: `extensions.code = 'RATE_LIMITED'` with `retryAfterSeconds`. */
export class RateLimitedError extends GraphQLError {
  constructor(readonly retryAfterSeconds: number) {
    super(`Too many requests: retry after ${retryAfterSeconds} s`, {
      extensions: {
        code: ErrorCode.RATE_LIMITED,
        retryAfterSeconds,
        http: { status: 429, headers: new Map([['retry-after', String(retryAfterSeconds)]]) },
      },
    });
    this.name = 'RateLimitedError';
  }
}
