import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, type CryptoKey } from 'jose';
import { AuthenticationError } from './auth-errors';
import { DEFAULT_AUDIENCE, EMBEDDED_ISSUER } from './auth-config';
import { LocalSigningKey, loadOrCreateSigningKey } from './local-signing-key';
import { createTokenVerifier, localKeySet, remoteKeySet, TokenVerifier } from './token-verifier';
import {
  hmacToken,
  signToken,
  signWithKey,
  strangerKey,
  temporaryDirectory,
  unsignedToken,
  validClaims,
} from './test-support/auth-fixtures';

async function refusal(verifier: TokenVerifier, token: string): Promise<AuthenticationError> {
  const error = await verifier.verify(token).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AuthenticationError);
  expect((error as AuthenticationError).extensions['code']).toBe('UNAUTHENTICATED');
  return error as AuthenticationError;
}

describe('token verification against the embedded key', () => {
  const tmp = temporaryDirectory();
  let key: LocalSigningKey;
  let verifier: TokenVerifier;

  beforeAll(async () => {
    key = await loadOrCreateSigningKey(tmp.dir, 'EdDSA');
    verifier = createTokenVerifier({
      keys: localKeySet(key.jwks),
      issuer: EMBEDDED_ISSUER,
      audience: DEFAULT_AUDIENCE,
    });
  });
  afterAll(() => tmp.remove());

  it('turns a valid token into the Principal, without any profile claim', async () => {
    const token = await signWithKey(key, {
      claims: { roles: ['recycler', 'lab', 'wizard'], name: 'Alice Example', email: 'alice@example.org' },
    });
    const principal = await verifier.verify(token);
    expect(principal).toEqual({
      subject: 'subject-1',
      organisationId: 'org-a',
      roles: ['recycler', 'lab'],
      clientKind: 'user',
      tokenId: 'token-1',
    });
    expect(JSON.stringify(principal)).not.toMatch(/Alice|example\.org/);
    expect(Object.isFrozen(principal)).toBe(true);
  });

  it('recognises a client-credentials token as a machine client', async () => {
    const token = await signWithKey(key, {
      claims: { client_id: 'mes-line-1', gty: 'client-credentials', roles: ['operator'] },
    });
    expect(await verifier.verify(token)).toMatchObject({ subject: 'subject-1', clientKind: 'machine' });
  });

  it('refuses an expired token', async () => {
    const token = await signWithKey(key, { expiresIn: -3600 });
    expect((await refusal(verifier, token)).reason).toBe('token_expired');
  });

  it('tolerates a small, configurable clock skew', async () => {
    const token = await signWithKey(key, { expiresIn: -10 });
    await expect(verifier.verify(token)).resolves.toMatchObject({ subject: 'subject-1' });
    const strict = createTokenVerifier({
      keys: localKeySet(key.jwks),
      issuer: EMBEDDED_ISSUER,
      audience: DEFAULT_AUDIENCE,
      clockToleranceSeconds: 0,
    });
    expect((await refusal(strict, token)).reason).toBe('token_expired');
  });

  it('refuses a token signed by another key, with the trusted kid or without', async () => {
    const other = await strangerKey('EdDSA');
    expect((await refusal(verifier, await signToken(other, 'EdDSA', { kid: key.kid }))).reason).toBe(
      'invalid_signature',
    );
    expect((await refusal(verifier, await signToken(other, 'EdDSA', { kid: 'other' }))).reason).toBe(
      'unknown_key',
    );
  });

  it('refuses a token with a tampered payload', async () => {
    const [header, , signature] = (await signWithKey(key)).split('.');
    const payload = Buffer.from(JSON.stringify(validClaims({ roles: ['admin'] }))).toString('base64url');
    expect((await refusal(verifier, `${header}.${payload}.${signature}`)).reason).toBe('invalid_signature');
  });

  it('refuses a token for another audience', async () => {
    const token = await signWithKey(key, { audience: 'some-other-api' });
    expect((await refusal(verifier, token)).reason).toBe('wrong_audience');
  });

  it('refuses a token from another issuer', async () => {
    const token = await signWithKey(key, { issuer: 'https://evil.example' });
    expect((await refusal(verifier, token)).reason).toBe('wrong_issuer');
  });

  it('refuses an unsigned token (alg: none)', async () => {
    const error = await refusal(verifier, unsignedToken(validClaims()));
    expect(error.reason).toBe('algorithm_not_allowed');
  });

  it('refuses an HS256 token, even one keyed with the public key (algorithm confusion)', async () => {
    const publicKeyBytes = Buffer.from(key.jwks.keys[0].x as string, 'base64url');
    expect((await refusal(verifier, await hmacToken(publicKeyBytes, validClaims()))).reason).toBe(
      'algorithm_not_allowed',
    );
    expect((await refusal(verifier, await hmacToken(Buffer.from('secret'), validClaims()))).reason).toBe(
      'algorithm_not_allowed',
    );
  });

  it('refuses HS* and none even if the options list them', async () => {
    const lax = createTokenVerifier({
      keys: localKeySet(key.jwks),
      issuer: EMBEDDED_ISSUER,
      audience: DEFAULT_AUDIENCE,
      algorithms: ['HS256', 'none', 'EdDSA'] as never,
    });
    expect((await refusal(lax, await hmacToken(Buffer.from('secret'), validClaims()))).reason).toBe(
      'algorithm_not_allowed',
    );
    expect((await refusal(lax, unsignedToken(validClaims()))).reason).toBe('algorithm_not_allowed');
  });

  it('refuses a token without exp, without organisation, or without subject', async () => {
    expect((await refusal(verifier, await signWithKey(key, { expiresIn: null }))).reason).toBe(
      'missing_claim',
    );
    expect((await refusal(verifier, await signWithKey(key, { claims: { org: undefined } }))).reason).toBe(
      'missing_claim',
    );
  });

  it('refuses garbage', async () => {
    for (const token of ['', 'abc', 'a.b', 'a.b.c', 'x'.repeat(20_000)]) {
      expect((await refusal(verifier, token)).reason).toMatch(/malformed_token/);
    }
  });

  it('reads roles and organisation from configured claim paths', async () => {
    const keycloakStyle = createTokenVerifier({
      keys: localKeySet(key.jwks),
      issuer: EMBEDDED_ISSUER,
      audience: DEFAULT_AUDIENCE,
      claims: { roles: 'realm_access.roles', organisation: 'https://rre.example/org' },
    });
    const token = await signWithKey(key, {
      claims: { realm_access: { roles: ['auditor'] }, 'https://rre.example/org': 'org-z' },
    });
    expect(await keycloakStyle.verify(token)).toMatchObject({ organisationId: 'org-z', roles: ['auditor'] });
  });
});

describe('verified tokens remembered', () => {
  const tmp = temporaryDirectory();
  let key: LocalSigningKey;
  let clock = 0;
  let keyLookups = 0;

  function countingVerifier(options: { clockToleranceSeconds?: number; cacheSize?: number } = {}) {
    const keys = localKeySet(key.jwks);
    return createTokenVerifier({
      keys: (...args) => {
        keyLookups++;
        return keys(...args);
      },
      issuer: EMBEDDED_ISSUER,
      audience: DEFAULT_AUDIENCE,
      clockToleranceSeconds: options.clockToleranceSeconds,
      verifiedTokenCacheSize: options.cacheSize,
      now: () => clock,
    });
  }

  beforeAll(async () => {
    key = await loadOrCreateSigningKey(tmp.dir, 'EdDSA');
  });
  beforeEach(() => {
    keyLookups = 0;
    clock = Date.now();
  });
  afterAll(() => tmp.remove());

  it('checks the signature of a token once per 60 s, then again', async () => {
    const verifier = countingVerifier();
    const token = await signWithKey(key);
    const first = await verifier.verify(token);
    clock += 59_999;
    expect(await verifier.verify(token)).toBe(first);
    expect(keyLookups).toBe(1);
    clock += 1;
    expect(await verifier.verify(token)).toEqual(first);
    expect(keyLookups).toBe(2);
  });

  it('never answers from memory after the token expires, and remembers no refusal', async () => {
    const verifier = countingVerifier({ clockToleranceSeconds: 0 });
    const shortLived = await signWithKey(key, { expiresIn: 1 });
    await verifier.verify(shortLived);
    await new Promise((resolve) => setTimeout(resolve, 2_100));
    clock = Date.now();
    expect((await refusal(verifier, shortLived)).reason).toBe('token_expired');
    expect((await refusal(verifier, shortLived)).reason).toBe('token_expired');
    expect(keyLookups).toBe(3);
    const tampered = `${(await signWithKey(key)).slice(0, -4)}AAAA`;
    expect((await refusal(verifier, tampered)).reason).toBe('invalid_signature');
    expect((await refusal(verifier, tampered)).reason).toBe('invalid_signature');
  });

  it('forgets the oldest token when full', async () => {
    const verifier = countingVerifier({ cacheSize: 2 });
    const [a, b, c] = await Promise.all(
      ['a', 'b', 'c'].map((nonce) => signWithKey(key, { claims: { nonce } })),
    );
    for (const token of [a, b, c, b, c, a] as string[]) await verifier.verify(token);
    expect(keyLookups).toBe(4);
  });
});

describe('token verification against a JWKS URL', () => {
  let server: Server;
  let jwksUrl: string;
  let privateKey: CryptoKey;
  let requests = 0;

  beforeAll(async () => {
    const pair = await generateKeyPair('RS256', { extractable: true });
    privateKey = pair.privateKey;
    const jwks = { keys: [{ ...(await exportJWK(pair.publicKey)), kid: 'rsa-1', alg: 'RS256', use: 'sig' }] };
    server = createServer((_req, res) => {
      requests += 1;
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify(jwks));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    jwksUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/.well-known/jwks.json`;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  const verifierFor = (url: string, onKeyError?: (e: unknown) => void) =>
    createTokenVerifier({
      keys: remoteKeySet(url, { timeoutDuration: 1000 }),
      issuer: 'https://idp.example',
      audience: 'rre-platform',
      onKeyError,
    });

  it('accepts a token of the provider, fetching its keys once', async () => {
    const verifier = verifierFor(jwksUrl);
    const token = await signToken(privateKey, 'RS256', { kid: 'rsa-1', issuer: 'https://idp.example' });
    expect(await verifier.verify(token)).toMatchObject({ subject: 'subject-1', organisationId: 'org-a' });
    await verifier.verify(token);
    expect(requests).toBe(1);
  });

  it('refuses a token of another key, and reports an unreachable key set as keys_unavailable', async () => {
    const verifier = verifierFor(jwksUrl);
    const forged = await signToken(await strangerKey('RS256'), 'RS256', {
      kid: 'rsa-1',
      issuer: 'https://idp.example',
    });
    expect((await refusal(verifier, forged)).reason).toBe('invalid_signature');

    const keyErrors: unknown[] = [];
    const unreachable = verifierFor('http://127.0.0.1:1/jwks.json', (e) => keyErrors.push(e));
    const token = await signToken(privateKey, 'RS256', { kid: 'rsa-1', issuer: 'https://idp.example' });
    expect((await refusal(unreachable, token)).reason).toBe('keys_unavailable');
    expect(keyErrors).toHaveLength(1);
  });
});
