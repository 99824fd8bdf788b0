import {
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
  createPrivateKey,
  createHash,
} from 'node:crypto';
import { CompactSign, compactVerify, exportJWK, type JWK } from 'jose';

/**
 * Signs passports as compact JWS (EdDSA, Ed25519) with the plant's key. Without a configured key
 * (development, the embedded platform) it makes a new key per process: its signatures verify only
 * against the public key it publishes while it runs (`publicJwk`).
 */
export class PassportSigner {
  private readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
  readonly ephemeral: boolean;
  readonly keyId: string;

  constructor(pem?: string) {
    if (pem === undefined) {
      const pair = generateKeyPairSync('ed25519');
      this.privateKey = pair.privateKey;
      this.ephemeral = true;
    } else {
      this.privateKey = createPrivateKey(pem);
      if (this.privateKey.asymmetricKeyType !== 'ed25519') {
        throw new Error(
          `SALES_PASSPORT_SIGNING_KEY: an ${this.privateKey.asymmetricKeyType} key, must be Ed25519`,
        );
      }
      this.ephemeral = false;
    }
    this.publicKey = createPublicKey(this.privateKey);
    const raw = this.publicKey.export({ format: 'der', type: 'spki' });
    this.keyId = createHash('sha256').update(raw).digest('base64url').slice(0, 16);
  }

  async sign(document: unknown): Promise<string> {
    return new CompactSign(new TextEncoder().encode(JSON.stringify(document)))
      .setProtectedHeader({ alg: 'EdDSA', kid: this.keyId, typ: 'application/passport+jws' })
      .sign(this.privateKey);
  }

  async verify(jws: string): Promise<unknown> {
    const { payload } = await compactVerify(jws, this.publicKey);
    return JSON.parse(new TextDecoder().decode(payload)) as unknown;
  }

  async publicJwk(): Promise<JWK> {
    return { ...(await exportJWK(this.publicKey)), kid: this.keyId, alg: 'EdDSA', use: 'sig' };
  }
}
