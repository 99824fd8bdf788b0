import type { DynamicModule } from '@nestjs/common';
import type { GraphQLFormattedError } from 'graphql';

/**
 * A service's subgraph, ready to serve: its name in the supergraph and its Nest module (resolvers,
 * `@key` entities, `@ResolveReference`). The platform, the gateway's build-time composition and a
 * standalone service all start a subgraph from one of these.
 */
export interface SubgraphDefinition {
  /** Its name in the supergraph (`join__Graph`), e.g. `intake`. */
  name: string;
  module: DynamicModule;
  /** Formats the service's own errors before @rre/auth's formatter; prefer `clientErrors` of graphqlHardening. */
  formatError?: (formatted: GraphQLFormattedError, error: unknown) => GraphQLFormattedError | undefined;
}
