import { chmodSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { loadOrCreateSigningKey, SIGNING_KEY_FILE } from './local-signing-key';
import { temporaryDirectory } from './test-support/auth-fixtures';

describe('the embedded signing key', () => {
  let tmp: ReturnType<typeof temporaryDirectory>;
  beforeEach(() => (tmp = temporaryDirectory()));
  afterEach(() => tmp.remove());

  it('is created on first use as an Ed25519 private JWK, readable by its owner only', async () => {
    const keyDir = path.join(tmp.dir, 'data', 'keys');
    const key = await loadOrCreateSigningKey(keyDir);
    expect(key.file).toBe(path.join(keyDir, SIGNING_KEY_FILE));
    expect(statSync(key.file).mode & 0o777).toBe(0o600);
    expect(statSync(keyDir).mode & 0o777).toBe(0o700);
    const stored = JSON.parse(readFileSync(key.file, 'utf8'));
    expect(stored).toMatchObject({ kty: 'OKP', crv: 'Ed25519', alg: 'EdDSA', kid: key.kid, use: 'sig' });
    expect(stored.d).toEqual(expect.any(String));
    expect(key.jwks.keys).toHaveLength(1);
    expect(key.jwks.keys[0]).not.toHaveProperty('d');
  });

  it('is the same key on the next use, whatever algorithm is asked for then', async () => {
    const first = await loadOrCreateSigningKey(tmp.dir, 'EdDSA');
    const second = await loadOrCreateSigningKey(tmp.dir, 'ES256');
    expect(second.kid).toBe(first.kid);
    expect(second.algorithm).toBe('EdDSA');
  });

  it('is one key when several processes create it at once', async () => {
    const keys = await Promise.all(Array.from({ length: 8 }, () => loadOrCreateSigningKey(tmp.dir, 'ES256')));
    expect(new Set(keys.map((k) => k.kid)).size).toBe(1);
    expect(keys[0].jwks.keys[0]).toMatchObject({ kty: 'EC', crv: 'P-256', alg: 'ES256' });
  });

  it('is refused when others may read it', async () => {
    const key = await loadOrCreateSigningKey(tmp.dir);
    chmodSync(key.file, 0o644);
    await expect(loadOrCreateSigningKey(tmp.dir)).rejects.toThrow(
      /readable by others \(mode 0644\).*chmod 600/,
    );
  });
});
