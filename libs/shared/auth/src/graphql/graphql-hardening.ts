import type { ApolloServerPlugin } from '@apollo/server';
import type { Logger } from '@rre/telemetry';
import { GraphQLFormattedError, ValidationRule } from 'graphql';
import { GraphqlHardeningConfig } from '../auth-config';
import { RequestAuthenticator } from '../request-authenticator';
import { complexityLimitPlugin } from './complexity-limit';
import { depthLimitRule } from './depth-limit';
import { CLIENT_ERROR_CODES, createErrorFormatter } from './error-formatter';
import { RateLimitBudgets, requestAdmissionPlugin, TokenBucketRateLimiter } from './rate-limit';

/** Budgets of the RATE_LIMIT_* variables. */
export function rateLimitBudgets(config: GraphqlHardeningConfig): RateLimitBudgets {
  return {
    user: { burst: config.RATE_LIMIT_USER_BURST, perSecond: config.RATE_LIMIT_USER_PER_MINUTE / 60 },
    machine: { burst: config.RATE_LIMIT_MACHINE_BURST, perSecond: config.RATE_LIMIT_MACHINE_PER_MINUTE / 60 },
  };
}

/** A service's own refusals: their codes and the extensions (field, value, rule, ...) clients may read. */
export interface ClientErrors {
  codes: readonly string[];
  extensions?: readonly string[];
}

export interface GraphqlHardening {
  /** For the GraphQL module's `validationRules`. */
  validationRules: ValidationRule[];
  /** For its `plugins`: request admission (token, rate limit), then the complexity limit. */
  plugins: ApolloServerPlugin[];
  /** For its `formatError`. */
  formatError: (formattedError: GraphQLFormattedError, error: unknown) => GraphQLFormattedError;
  /** For `applyRequestSizeLimit(app, maxRequestBytes)` before `listen`. */
  maxRequestBytes: number;
  rateLimiter: TokenBucketRateLimiter | undefined;
}

/**
 * Everything a GraphQL service applies, from the GRAPHQL_* and RATE_LIMIT_* variables:
 * depth limit, complexity limit (the service's `fieldCosts` defaults, overridden by
 * GRAPHQL_FIELD_COSTS), request admission with rate limits, and the error formatter.
 */
export function graphqlHardening(
  config: GraphqlHardeningConfig,
  options: {
    authenticator: RequestAuthenticator;
    fieldCosts?: Record<string, number>;
    logger?: Logger;
    /** The service's own refusals, shown to clients as they are (else: internal error). */
    clientErrors?: ClientErrors;
  },
): GraphqlHardening {
  const rateLimiter = config.RATE_LIMIT_ENABLED
    ? new TokenBucketRateLimiter(rateLimitBudgets(config))
    : undefined;
  return {
    validationRules: [depthLimitRule(config.GRAPHQL_MAX_DEPTH)],
    plugins: [
      requestAdmissionPlugin({ authenticator: options.authenticator, rateLimiter, logger: options.logger }),
      complexityLimitPlugin({
        maximumComplexity: config.GRAPHQL_MAX_COMPLEXITY,
        fieldCosts: { ...options.fieldCosts, ...config.GRAPHQL_FIELD_COSTS },
      }),
    ] as ApolloServerPlugin[],
    formatError: createErrorFormatter({
      logger: options.logger,
      clientErrorCodes: [...CLIENT_ERROR_CODES, ...(options.clientErrors?.codes ?? [])],
      clientExtensions: options.clientErrors?.extensions,
    }),
    maxRequestBytes: config.GRAPHQL_MAX_REQUEST_BYTES,
    rateLimiter,
  };
}

/**
 * Whether GraphQL introspection is on: GRAPHQL_INTROSPECTION when it is set, else on, except with
 * NODE_ENV=production (clients then use the published SDL, schema/api.graphql).
 */
export function introspectionEnabled(
  configured: boolean,
  env: Record<string, string | undefined> = process.env,
): boolean {
  if (env['GRAPHQL_INTROSPECTION'] !== undefined && env['GRAPHQL_INTROSPECTION'] !== '') return configured;
  return env['NODE_ENV'] !== 'production';
}
