import type { PlantActor } from '../plant/plant-actors';
import type { TokenSource } from './token-source';

export interface GraphqlError {
  readonly message: string;
  readonly extensions?: {
    readonly code?: string;
    readonly retryAfterSeconds?: number;
    readonly [key: string]: unknown;
  };
}

export interface GraphqlAnswer {
  readonly data?: Record<string, unknown> | null;
  readonly errors?: readonly GraphqlError[];
}

export interface PlatformClientOptions {
  /** The GraphQL endpoint, e.g. http://localhost:3000/graphql. */
  readonly url: string;
  readonly tokens: TokenSource;
  /** Requests per second at most (all actors together); unset: as fast as the platform answers. */
  readonly rate?: number;
  /** How often a request that found no server (or a 502/503) is sent again; default 5. */
  readonly connectionRetries?: number;
  readonly sleep?: (ms: number) => Promise<void>;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Sends GraphQL requests as plant actors, one at a time, paced to `rate`. A request the rate
 * limiter refused (RATE_LIMITED) waits the time it names and goes again; so does one that found
 * no server. Resending is safe: every mutation carries its idempotency key.
 */
export class PlatformClient {
  /** Requests answered (rate-limited and failed attempts not counted). */
  requestsSent = 0;
  rateLimitedWaits = 0;
  private nextSlotMs = 0;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(private readonly options: PlatformClientOptions) {
    if (options.rate !== undefined && !(options.rate > 0)) {
      throw new Error(`rate: got ${options.rate}, must be a number of requests per second above 0`);
    }
    this.sleep = options.sleep ?? defaultSleep;
  }

  get url(): string {
    return this.options.url;
  }

  async request(
    actor: PlantActor,
    query: string,
    variables: Record<string, unknown> = {},
  ): Promise<GraphqlAnswer> {
    const token = await this.options.tokens.tokenFor(actor);
    let connectionFailures = 0;
    for (;;) {
      await this.pace();
      let response: Response;
      try {
        response = await fetch(this.options.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify({ query, variables }),
        });
      } catch (error) {
        connectionFailures += 1;
        if (connectionFailures > (this.options.connectionRetries ?? 5)) {
          throw new Error(
            `no answer from ${this.options.url}: ${(error as Error).cause ?? (error as Error).message}`,
          );
        }
        await this.sleep(200 * 2 ** connectionFailures);
        continue;
      }
      if (response.status === 502 || response.status === 503) {
        connectionFailures += 1;
        if (connectionFailures > (this.options.connectionRetries ?? 5)) {
          throw new Error(`${this.options.url} answered HTTP ${response.status}`);
        }
        await this.sleep(200 * 2 ** connectionFailures);
        continue;
      }
      const text = await response.text();
      let answer: GraphqlAnswer;
      try {
        answer = JSON.parse(text) as GraphqlAnswer;
      } catch {
        throw new Error(
          `${this.options.url} answered HTTP ${response.status} with no GraphQL answer: ${text.slice(0, 300)}`,
        );
      }
      const limited = answer.errors?.find((e) => e.extensions?.code === 'RATE_LIMITED');
      if (limited) {
        this.rateLimitedWaits += 1;
        await this.sleep(Math.max(1, limited.extensions?.retryAfterSeconds ?? 1) * 1000);
        continue;
      }
      this.requestsSent += 1;
      return answer;
    }
  }

  /** Like `request`, but a GraphQL error is thrown with its code and message. */
  async data(
    actor: PlantActor,
    query: string,
    variables: Record<string, unknown> = {},
  ): Promise<Record<string, unknown>> {
    const answer = await this.request(actor, query, variables);
    if (answer.errors?.length || !answer.data) {
      throw new Error(`GraphQL errors: ${JSON.stringify(answer.errors ?? 'no data')}`);
    }
    return answer.data;
  }

  /** A shipment's product passport as JSON (`GET /passports/<id>` beside the GraphQL endpoint), read as `actor`. */
  async passport(actor: PlantActor, passportId: string): Promise<Record<string, unknown>> {
    const url = new URL(`/passports/${encodeURIComponent(passportId)}`, this.options.url);
    const response = await fetch(url, {
      headers: { authorization: `Bearer ${await this.options.tokens.tokenFor(actor)}` },
    });
    if (!response.ok) throw new Error(`GET ${url.pathname}: HTTP ${response.status}`);
    return (await response.json()) as Record<string, unknown>;
  }

  private async pace(): Promise<void> {
    const { rate } = this.options;
    if (rate === undefined) return;
    const now = Date.now();
    const slot = Math.max(now, this.nextSlotMs);
    this.nextSlotMs = slot + 1000 / rate;
    if (slot > now) await this.sleep(slot - now);
  }
}
