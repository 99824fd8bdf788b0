import type { Logger } from '@rre/telemetry';
import { AuthSettings } from './auth-config';
import { authLogger } from './auth-log';
import { LocalSigningKey, loadOrCreateSigningKey } from './local-signing-key';
import { RequestAuthenticator } from './request-authenticator';
import { createTokenVerifier, localKeySet, remoteKeySet, TokenVerifier } from './token-verifier';

export interface Auth {
  settings: AuthSettings;
  verifier: TokenVerifier;
  authenticator: RequestAuthenticator;
  /** Embedded mode: the local signing key (its public JWKS can be published for other services). */
  signingKey: LocalSigningKey | undefined;
}

/**
 * The verifier for the settings: the OIDC provider's JWKS URL, or in embedded mode the local
 * signing key (created on first use, as the token CLI would).
 */
export async function createAuth(settings: AuthSettings, options: { logger?: Logger } = {}): Promise<Auth> {
  const log = options.logger ?? authLogger();
  const common = {
    issuer: settings.issuer,
    audience: settings.audience,
    algorithms: settings.algorithms,
    clockToleranceSeconds: settings.clockToleranceSeconds,
    claims: settings.claims,
    onKeyError: (error: unknown) =>
      log.error({ event: 'jwks_unavailable', err: error }, 'token verification keys are unavailable'),
  };
  let signingKey: LocalSigningKey | undefined;
  let verifier: TokenVerifier;
  if (settings.mode === 'remote') {
    verifier = createTokenVerifier({ keys: remoteKeySet(settings.jwksUrl), ...common });
  } else {
    signingKey = await loadOrCreateSigningKey(settings.keyDir, settings.keyAlgorithm);
    if (!settings.algorithms.includes(signingKey.algorithm)) {
      throw new Error(
        `the signing key ${signingKey.file} uses ${signingKey.algorithm}, which AUTH_ALGORITHMS (${settings.algorithms.join(',')}) does not allow`,
      );
    }
    verifier = createTokenVerifier({ keys: localKeySet(signingKey.jwks), ...common });
  }
  return { settings, verifier, authenticator: new RequestAuthenticator(verifier), signingKey };
}
