import type { ApolloServerPlugin } from '@apollo/server';
import type { Logger } from '@rre/telemetry';
import { GraphQLError } from 'graphql';
import { AuthenticationError, RateLimitedError } from '../auth-errors';
import { AttemptDescription, authLogger, logDenied } from '../auth-log';
import { ClientKind, Principal } from '../principal';
import { clientAddress, RequestAuthenticator, RequestLike } from '../request-authenticator';

/** A token bucket: up to `burst` requests at once, refilled at `perSecond`. */
export interface TokenBucketBudget {
  burst: number;
  perSecond: number;
}

/** One budget per kind of client. MES machine clients get their own, larger one, for backfills after an outage. */
export interface RateLimitBudgets {
  user: TokenBucketBudget;
  machine: TokenBucketBudget;
  /** Requests without a token (public fields only), per client address; default: the user budget. */
  anonymous?: TokenBucketBudget;
}

export type RateLimitClient = { kind: ClientKind | 'anonymous'; id: string };

export interface RateLimitDecision {
  allowed: boolean;
  /** Whole requests left in the bucket after this one. */
  remaining: number;
  /** When the refused request could succeed, in whole seconds (0 if allowed). */
  retryAfterSeconds: number;
}

interface Bucket {
  tokens: number;
  updatedAt: number;
}

/**
 * Per-client token buckets, in memory (per process: with N replicas a client gets N budgets).
 * At most `maxClients` buckets are kept (default 100 000); beyond that the least recently active are forgotten.
 */
export class TokenBucketRateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private readonly now: () => number;
  private readonly maxClients: number;

  constructor(
    private readonly budgets: RateLimitBudgets,
    options: { now?: () => number; maxClients?: number } = {},
  ) {
    for (const [kind, budget] of Object.entries(budgets)) {
      if (!(budget.burst >= 1 && budget.perSecond > 0)) {
        throw new Error(`rate limit budget "${kind}": burst must be ≥ 1 and perSecond > 0`);
      }
    }
    this.now = options.now ?? (() => performance.now());
    this.maxClients = options.maxClients ?? 100_000;
  }

  budgetOf(kind: RateLimitClient['kind']): TokenBucketBudget {
    return kind === 'anonymous' ? (this.budgets.anonymous ?? this.budgets.user) : this.budgets[kind];
  }

  /** Takes `cost` tokens from the client's bucket if it has them. */
  take(client: RateLimitClient, cost = 1): RateLimitDecision {
    const budget = this.budgetOf(client.kind);
    const key = `${client.kind}:${client.id}`;
    const now = this.now();
    const bucket = this.buckets.get(key);
    let tokens = budget.burst;
    if (bucket) {
      tokens = Math.min(budget.burst, bucket.tokens + ((now - bucket.updatedAt) / 1000) * budget.perSecond);
      this.buckets.delete(key); // re-inserted below: the map stays in least-recently-used order
    }
    const allowed = tokens >= cost;
    if (allowed) tokens -= cost;
    this.buckets.set(key, { tokens, updatedAt: now });
    this.evict();
    return {
      allowed,
      remaining: Math.floor(tokens),
      retryAfterSeconds: allowed ? 0 : Math.max(1, Math.ceil((cost - tokens) / budget.perSecond)),
    };
  }

  /** How many clients have a partly spent bucket. */
  get size(): number {
    return this.buckets.size;
  }

  /** Over `maxClients`: forgets the least recently active half (their buckets are most likely full again). */
  private evict(): void {
    if (this.buckets.size <= this.maxClients) return;
    for (const key of this.buckets.keys()) {
      this.buckets.delete(key);
      if (this.buckets.size <= this.maxClients / 2) break;
    }
  }
}

/** The bucket a request draws from: the subject for a token, the client address without one. */
export function rateLimitClientOf(principal: Principal | undefined, request: RequestLike): RateLimitClient {
  return principal
    ? { kind: principal.clientKind, id: principal.subject }
    : { kind: 'anonymous', id: clientAddress(request) };
}

export interface RequestAdmissionOptions {
  authenticator: RequestAuthenticator;
  /** Omit to admit any number of requests. */
  rateLimiter?: TokenBucketRateLimiter;
  logger?: Logger;
}

/**
 * An Apollo Server plugin that admits or refuses each request: a token that is presented must
 * verify (else HTTP 401, UNAUTHENTICATED, with `WWW-Authenticate`), and the client must have budget
 * left (else HTTP 429, RATE_LIMITED, with `Retry-After` and `extensions.retryAfterSeconds`). Every
 * request draws from the budget when it starts; the refusal is sent once the operation is resolved
 * (Apollo Server turns errors thrown earlier into HTTP 500). A request without a token is admitted
 * here; the guard decides per field. Needs the HTTP request as `contextValue.req` (NestJS's Apollo
 * driver provides it).
 */
export function requestAdmissionPlugin(
  options: RequestAdmissionOptions,
): ApolloServerPlugin<{ req?: RequestLike }> {
  const log = () => options.logger ?? authLogger();
  return {
    async requestDidStart({ contextValue, request }) {
      const req = contextValue.req;
      if (!req) return;
      const attempt: AttemptDescription = {
        operationName: request.operationName ?? undefined,
        fieldPath: '(request)',
      };
      let refusal: GraphQLError | undefined;
      let principal: Principal | undefined;
      try {
        principal = await options.authenticator.authenticate(req);
      } catch (error) {
        if (!(error instanceof AuthenticationError)) throw error;
        logDenied('UNAUTHENTICATED', error.reason, undefined, attempt, log());
        refusal = new GraphQLError(error.message, {
          extensions: {
            ...error.extensions,
            http: { status: 401, headers: new Map([['www-authenticate', 'Bearer error="invalid_token"']]) },
          },
        });
      }
      if (!refusal && options.rateLimiter) {
        const client = rateLimitClientOf(principal, req);
        const decision = options.rateLimiter.take(client);
        if (!decision.allowed) {
          logDenied(
            'RATE_LIMITED',
            `${client.kind} budget spent`,
            principal,
            { ...attempt, ...(principal ? {} : { client: client.id }) },
            log(),
          );
          refusal = new RateLimitedError(decision.retryAfterSeconds);
        }
      }
      if (!refusal) return;
      const refused = refusal;
      return {
        async didResolveOperation() {
          throw refused;
        },
      };
    },
  };
}
