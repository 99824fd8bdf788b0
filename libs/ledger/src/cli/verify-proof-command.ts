import { readFileSync } from 'node:fs';
import { verifyProofDocument } from '../ledger-proof';
import { publicKeyFrom } from '../signing-keys';

const USAGE =
  'usage: verify-proof <proof.json> <public-key file (PEM, or base64 of the SPKI DER or 32 raw bytes)>';

/**
 * Checks a ledger proof (or proof bundle) offline with only the plant's public key. Prints one line
 * per proof and exits 0 when every proof verifies, 1 otherwise (or on bad arguments).
 */
export function verifyProofCommand(args: readonly string[], output: (line: string) => void): number {
  const [proofFile, keyFile, ...rest] = args;
  if (!proofFile || !keyFile || rest.length > 0) {
    output(USAGE);
    return 1;
  }
  let document: unknown;
  try {
    document = JSON.parse(readFileSync(proofFile, 'utf8'));
  } catch (error) {
    output(`FAILED: cannot read the proof ${proofFile}: ${(error as Error).message}`);
    return 1;
  }
  let publicKey;
  try {
    publicKey = publicKeyFrom(readFileSync(keyFile, 'utf8'));
  } catch (error) {
    output(`FAILED: cannot read the public key ${keyFile}: ${(error as Error).message}`);
    return 1;
  }
  const result = verifyProofDocument(document, publicKey);
  for (const message of result.messages) output(message);
  return result.ok ? 0 : 1;
}
