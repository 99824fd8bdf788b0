import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import type { RequestLike } from '@rre/auth';
import { signGatewayRequest } from './gateway-signature';
import { FORWARDED_HEADERS } from './in-process-subgraph';

/**
 * The gateway's data source for a subgraph in another process: forwards the caller's Authorization
 * (and correlation) headers, and signs each request with the gateway secret so that the subgraph
 * can tell it came through the gateway. A subgraph's refusal (401, 429) reaches the client as the
 * subgraph's own GraphQL error, as it does from an in-process subgraph.
 */
export class RemoteSubgraphDataSource extends RemoteGraphQLDataSource {
  private readonly gatewaySecret: string | undefined;

  constructor(options: { url: string; gatewaySecret?: string }) {
    super({
      url: options.url,
      // A GraphQL answer with a 4xx status is still the subgraph's answer: pass its errors on.
      fetcher: async (input, init) => {
        const response = await fetch(input as string, init as RequestInit);
        if (response.ok || !response.headers.get('content-type')?.startsWith('application/json')) {
          return response as never;
        }
        const body = await response.text();
        return new Response(body, { status: 200, headers: response.headers }) as never;
      },
    });
    this.gatewaySecret = options.gatewaySecret;
  }

  override willSendRequest(options: GraphQLDataSourceProcessOptions): void {
    const incoming = (options.context as { req?: RequestLike } | undefined)?.req;
    const headers = options.request.http?.headers;
    if (!headers) return;
    for (const name of FORWARDED_HEADERS) {
      const value = incoming?.headers[name];
      if (typeof value === 'string') headers.set(name, value);
    }
    if (this.gatewaySecret) {
      const signed = signGatewayRequest(this.gatewaySecret, {
        authorization: headers.get('authorization') ?? undefined,
        query: options.request.query ?? '',
      });
      for (const [name, value] of Object.entries(signed)) headers.set(name, value);
    }
  }
}
