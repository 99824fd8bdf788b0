import type { GraphQLDataSource, GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import type { ApolloServer } from '@apollo/server';
import type { ApolloFederationDriver } from '@nestjs/apollo';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { GraphQLModule, GraphQLSchemaHost } from '@nestjs/graphql';
import {
  applyRequestSizeLimit,
  type GraphqlHardening,
  type RequestAuthenticator,
  type RequestLike,
} from '@rre/auth';
import type { Logger } from '@rre/telemetry';
import type { GraphQLSchema } from 'graphql';
import type { SubgraphDefinition } from './subgraph-definition';
import { SubgraphModule } from './subgraph.module';
import { subgraphSdl } from './subgraph-schema';
import { subgraphTypeModules, subgraphTypeProblems } from './subgraph-types';

/** Request headers the gateway passes on to a subgraph: the user's token and the flow's correlation. */
export const FORWARDED_HEADERS = ['authorization', 'x-correlation-id', 'traceparent'] as const;

export interface InProcessSubgraph {
  readonly name: string;
  /** The subgraph's Nest application (initialised, not listening). */
  readonly app: INestApplication;
  readonly schema: GraphQLSchema;
  /** Its SDL with federation directives, as `_service { sdl }` answers. */
  readonly sdl: string;
  /** Runs a gateway fetch through the subgraph's own Apollo Server pipeline. */
  readonly dataSource: GraphQLDataSource;
  close(): Promise<void>;
}

export interface InProcessSubgraphOptions {
  authenticator: RequestAuthenticator;
  authLogger?: Logger;
  hardening: Pick<GraphqlHardening, 'validationRules' | 'plugins' | 'formatError' | 'maxRequestBytes'>;
  introspection: boolean;
  logLevel?: string;
}

/**
 * Starts a subgraph inside this process, as its own Nest application: the same module, guard,
 * hardening and error formatter as the service on its own, but without a port. The gateway in
 * front of it (the platform's) calls it through `dataSource`, which runs each fetch through the
 * subgraph's Apollo Server (`executeOperation`: its plugins verify the forwarded token again, its
 * formatter formats its errors), as an HTTP request would.
 */
export async function startInProcessSubgraph(
  definition: SubgraphDefinition,
  options: InProcessSubgraphOptions,
): Promise<InProcessSubgraph> {
  const app = await NestFactory.create<NestExpressApplication>(
    SubgraphModule.forRoot({
      serviceModule: definition.module,
      authenticator: options.authenticator,
      authLogger: options.authLogger,
      hardening: options.hardening,
      formatError: definition.formatError,
      introspection: options.introspection,
    }),
    { logger: options.logLevel === 'silent' ? false : ['error', 'warn'], abortOnError: false },
  );
  try {
    applyRequestSizeLimit(app, options.hardening.maxRequestBytes);
    await app.init();
    const schema = app.get(GraphQLSchemaHost).schema;
    const driver = (app.get(GraphQLModule, { strict: false }) as GraphQLModule<ApolloFederationDriver>)
      .graphQlAdapter;
    const server = driver.instance as unknown as ApolloServer<{ req: RequestLike }>;
    return {
      name: definition.name,
      app,
      schema,
      sdl: subgraphSdl(schema),
      dataSource: new InProcessSubgraphDataSource(server),
      close: () => app.close(),
    };
  } catch (error) {
    await app.close();
    const problems = subgraphTypeProblems(subgraphTypeModules(definition.module));
    if (problems.length === 0) throw error;
    throw new Error(
      `subgraph ${definition.name}: its GraphQL types collide with another subgraph's in this process:\n- ${problems.join('\n- ')}`,
      { cause: error },
    );
  }
}

/** A gateway data source that runs fetches through an in-process subgraph's Apollo Server. */
export class InProcessSubgraphDataSource implements GraphQLDataSource {
  constructor(private readonly server: ApolloServer<{ req: RequestLike }>) {}

  async process(options: GraphQLDataSourceProcessOptions) {
    const incoming = (options.context as { req?: RequestLike } | undefined)?.req;
    const headers: Record<string, string> = {};
    for (const name of FORWARDED_HEADERS) {
      const value = incoming?.headers[name];
      if (typeof value === 'string') headers[name] = value;
    }
    // A request of its own, so that the subgraph verifies the token itself, as over HTTP.
    const req: RequestLike = {
      headers,
      ip: incoming?.ip,
      socket: { remoteAddress: incoming?.socket?.remoteAddress },
    };
    const response = await this.server.executeOperation(
      {
        query: options.request.query,
        variables: options.request.variables,
        operationName: options.request.operationName,
      },
      { contextValue: { req } },
    );
    if (response.body.kind !== 'single') throw new Error('an in-process subgraph answered with a stream');
    const { data, errors, extensions } = response.body.singleResult;
    return { data, errors, extensions };
  }
}
