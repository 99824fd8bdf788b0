import {
  authConfigSpec,
  loadOrCreateSigningKey,
  mintToken,
  resolveAuthSettings,
  SIGNING_KEY_FILE,
} from '@rre/auth';
import { loadConfig } from '@rre/config';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { PlantActor } from '../plant/plant-actors';

/** Bearer tokens for the plant's actors. */
export interface TokenSource {
  tokenFor(actor: PlantActor): Promise<string>;
}

/**
 * Tokens signed with the embedded platform's local key (`<DATA_DIR>/keys`, or AUTH_KEY_DIR), as
 * `npm run token` signs them: the same issuer, audience and claim names (AUTH_* from `env`). The key
 * must exist: a new key would sign tokens the target does not accept.
 */
export async function signingKeyTokens(options: {
  keyDir: string;
  env?: Record<string, string | undefined>;
}): Promise<TokenSource> {
  const keyDir = path.resolve(options.keyDir);
  if (!existsSync(path.join(keyDir, SIGNING_KEY_FILE))) {
    throw new Error(
      `no signing key in ${keyDir}: pass the --data-dir (or --key-dir) of the embedded platform you simulate against, or --tokens <file> for a platform with an OIDC provider`,
    );
  }
  const config = loadConfig('simulator', authConfigSpec, {
    ...(options.env ?? process.env),
    AUTH_JWKS_URL: undefined,
  });
  const settings = resolveAuthSettings(
    { ...config, AUTH_KEY_DIR: keyDir },
    { dataDir: keyDir, service: 'simulator' },
  );
  if (settings.mode !== 'embedded') throw new Error('unreachable: no JWKS URL');
  const key = await loadOrCreateSigningKey(settings.keyDir, settings.keyAlgorithm);
  const minted = new Map<string, Promise<string>>();
  return {
    tokenFor: (actor) => {
      let token = minted.get(actor.name);
      if (!token) {
        token = mintToken(
          key,
          {
            subject: actor.subject,
            organisationId: actor.organisationId,
            roles: actor.roles,
            machine: actor.machine,
            ttl: '12h',
          },
          { issuer: settings.issuer, audience: settings.audience, claims: settings.claims },
        );
        minted.set(actor.name, token);
      }
      return token;
    },
  };
}

/**
 * Tokens from a JSON file `{ "<actor name>": "<token>", ... }` (for a platform whose tokens come
 * from an OIDC provider); `npm run simulate -- --list-actors` prints the names and the roles each needs.
 */
export function fileTokens(file: string): TokenSource {
  const tokens = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  return {
    tokenFor: async (actor) => {
      const token = tokens[actor.name];
      if (typeof token !== 'string') {
        throw new Error(
          `${file} has no token for actor "${actor.name}" (subject ${actor.subject}, organisation ${actor.organisationId}, roles ${actor.roles.join(',')}${actor.machine ? ', machine client' : ''})`,
        );
      }
      return token;
    },
  };
}
