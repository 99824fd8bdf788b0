// @rre/graphql: Apollo Federation 2 subgraphs, the gateway in front of them, and the composed schema. See README.md.
export * from './gateway-error-formatter';
export * from './gateway-graphql.module';
export * from './gateway-only.middleware';
export * from './gateway-signature';
export * from './in-process-subgraph';
export * from './platform-status/platform-status.model';
export * from './platform-status/platform-status.module';
export * from './remote-subgraph-data-source';
export * from './route-forwarding';
export * from './schema-evolution';
export * from './subgraph-definition';
export * from './subgraph.module';
export * from './supergraph-composition';
export * from './subgraph-config';
export * from './subgraph-schema';
export * from './subgraph-types';
