import { composeServices } from '@apollo/composition';
import { buildSchema, type GraphQLSchema, lexicographicSortSchema, parse, printSchema } from 'graphql';

export interface SubgraphSdl {
  name: string;
  /** Where the gateway finds it; a deployment overrides it (GATEWAY_SUBGRAPH_URLS). */
  url: string;
  sdl: string;
}

export interface ComposedSupergraph {
  /** The supergraph SDL the gateway serves (join directives say which subgraph resolves what). */
  supergraphSdl: string;
  /** The schema clients see (printed, types and fields sorted): the published SDL artefact. */
  apiSchemaSdl: string;
}

/** Subgraphs that do not compose, with Apollo's composition errors. */
export class CompositionError extends Error {
  constructor(readonly errors: readonly string[]) {
    super(`the subgraphs do not compose:\n${errors.map((e) => `  - ${e}`).join('\n')}`);
    this.name = 'CompositionError';
  }
}

/** Composes subgraph SDLs (Apollo Federation 2) as the gateway would, at build time. */
export function composeSupergraph(subgraphs: readonly SubgraphSdl[]): ComposedSupergraph {
  const result = composeServices(
    [...subgraphs]
      .sort((a, b) => a.name.localeCompare(b.name))
      .map((s) => ({ name: s.name, url: s.url, typeDefs: parse(s.sdl) })),
  );
  if (result.errors)
    throw new CompositionError(result.errors.map((e) => `${e.extensions['code'] ?? ''} ${e.message}`.trim()));
  return {
    supergraphSdl: result.supergraphSdl,
    apiSchemaSdl: printSortedSchema(result.schema.toAPISchema().toGraphQLJSSchema()),
  };
}

/** A schema printed with its types, fields and arguments in lexicographic order: comparable as text. */
export function printSortedSchema(schema: GraphQLSchema): string {
  return printSchema(lexicographicSortSchema(schema));
}

/** The same, from SDL. */
export function sortSdl(sdl: string): string {
  return printSortedSchema(buildSchema(sdl));
}
