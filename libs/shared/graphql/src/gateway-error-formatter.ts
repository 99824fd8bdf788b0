import type { GraphQLFormattedError } from 'graphql';

/**
 * The gateway's `formatError`: an error a subgraph sent (the gateway marks it with
 * `extensions.serviceName`) was already formatted by that subgraph's own formatter, so it passes
 * as the subgraph wrote it; anything the gateway raised itself (validation, limits, a subgraph it
 * could not reach) goes through `fallback` (@rre/auth's formatter, which shows nothing internal).
 */
export function gatewayErrorFormatter(
  fallback: (formatted: GraphQLFormattedError, error: unknown) => GraphQLFormattedError,
): (formatted: GraphQLFormattedError, error: unknown) => GraphQLFormattedError {
  return (formatted, error) => {
    const extensions = formatted.extensions;
    if (typeof extensions?.['serviceName'] !== 'string') return fallback(formatted, error);
    const { serviceName: _subgraph, ...own } = extensions;
    return {
      message: formatted.message,
      ...(formatted.locations ? { locations: formatted.locations } : {}),
      ...(formatted.path ? { path: formatted.path } : {}),
      extensions: own,
    };
  };
}
