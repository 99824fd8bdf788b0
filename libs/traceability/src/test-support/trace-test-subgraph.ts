import type { DynamicModule } from '@nestjs/common';
import {
  createAuth,
  DEFAULT_AUDIENCE,
  EMBEDDED_ISSUER,
  graphqlHardening,
  graphqlHardeningConfigSpec,
  type LocalSigningKey,
  mintToken,
} from '@rre/auth';
import { loadConfig } from '@rre/config';
import { type InProcessSubgraph, startInProcessSubgraph } from '@rre/graphql';
import { createLogger } from '@rre/telemetry';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { TRACEABILITY_CLIENT_ERRORS } from '../graphql/traceability-error.filter';

// Test code reads untyped GraphQL answers, as the specs do (eslint allows `any` there for that reason).
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type GraphqlAnswer = { data?: any; errors?: any[] };

/** The traceability subgraph in this process, with embedded auth whose key signs the test's tokens. */
export interface TraceTestSubgraph {
  readonly subgraph: InProcessSubgraph;
  readonly signingKey: LocalSigningKey;
  /** Runs a query as the gateway would forward it, for a user `usr-<organisationId>` with these roles. */
  ask(
    roles: string[],
    organisationId: string,
    query: string,
    variables: Record<string, unknown>,
  ): Promise<GraphqlAnswer>;
  /** Closes the subgraph and deletes its key directory. */
  close(): Promise<void>;
}

/**
 * Starts `module` (a TraceabilityModule.forRoot) as the traceability subgraph, with the hardening
 * of the service (rate limit off) and its client errors; `name` names its logger and key directory.
 */
export async function startTraceTestSubgraph(
  name: string,
  module: DynamicModule,
): Promise<TraceTestSubgraph> {
  const keyDir = mkdtempSync(path.join(tmpdir(), `rre-${name}-keys-`));
  const removeKeys = () => rmSync(keyDir, { recursive: true, force: true });
  try {
    const quiet = createLogger(name, { level: 'silent' });
    const auth = await createAuth({
      mode: 'embedded',
      keyDir,
      keyAlgorithm: 'EdDSA',
      issuer: EMBEDDED_ISSUER,
      audience: DEFAULT_AUDIENCE,
      algorithms: ['EdDSA'],
      clockToleranceSeconds: 30,
      claims: { roles: 'roles', organisation: 'org' },
    });
    const signingKey = auth.signingKey;
    if (!signingKey) throw new Error('embedded auth has a signing key');
    const subgraph = await startInProcessSubgraph(
      { name: 'traceability', module },
      {
        authenticator: auth.authenticator,
        authLogger: quiet,
        hardening: graphqlHardening(
          loadConfig(name, graphqlHardeningConfigSpec, { RATE_LIMIT_ENABLED: 'false' }),
          { authenticator: auth.authenticator, logger: quiet, clientErrors: TRACEABILITY_CLIENT_ERRORS },
        ),
        introspection: false,
        logLevel: 'silent',
      },
    );
    return {
      subgraph,
      signingKey,
      async ask(roles, organisationId, query, variables) {
        const token = await mintToken(signingKey, {
          subject: `usr-${organisationId}`,
          organisationId,
          roles: roles as never,
        });
        return subgraph.dataSource.process({
          request: { query, variables },
          context: { req: { headers: { authorization: `Bearer ${token}` } } },
        } as never) as Promise<GraphqlAnswer>;
      },
      async close() {
        await subgraph.close();
        removeKeys();
      },
    };
  } catch (error) {
    removeKeys();
    throw error;
  }
}
