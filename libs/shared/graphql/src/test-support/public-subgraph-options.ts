import { RequestAuthenticator, type TokenVerifier } from '@rre/auth';
import type { InProcessSubgraphOptions } from '../in-process-subgraph';

/** For test subgraphs whose resolvers are all `@Public()`: no token to verify, no limits, quiet. */
export const PUBLIC_SUBGRAPH_OPTIONS: InProcessSubgraphOptions = {
  authenticator: new RequestAuthenticator({
    verify: () => Promise.reject(new Error('these test subgraphs take no token')),
  } as unknown as TokenVerifier),
  hardening: {
    validationRules: [],
    plugins: [],
    formatError: (formatted) => formatted,
    maxRequestBytes: 100_000,
  },
  introspection: true,
  logLevel: 'silent',
};
