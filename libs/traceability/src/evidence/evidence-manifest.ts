import { keyIdOf } from '@rre/ledger';
import { createHash, type KeyObject, verify } from 'node:crypto';
import type { ArchiveFile } from './zip-archive';

export const EVIDENCE_MANIFEST_FORMAT = 'rre.evidence-pack.manifest.v1';
export const EVIDENCE_SIGNATURE_FORMAT = 'rre.evidence-pack.signature.v1';
export const MANIFEST_FILE = 'manifest.json';
export const MANIFEST_SIGNATURE_FILE = 'manifest.sig.json';

/** What an evidence pack holds: every other file with its SHA-256 and size. */
export interface EvidenceManifest {
  readonly format: typeof EVIDENCE_MANIFEST_FORMAT;
  readonly statementId: string;
  readonly lotId: string;
  readonly createdAt: string;
  readonly files: readonly { readonly name: string; readonly sha256: string; readonly sizeBytes: number }[];
}

/** The detached signature of `manifest.json`'s exact bytes. */
export interface ManifestSignature {
  readonly format: typeof EVIDENCE_SIGNATURE_FORMAT;
  readonly signedFile: typeof MANIFEST_FILE;
  readonly algorithm: 'Ed25519';
  readonly keyId: string;
  readonly publicKeyPem: string;
  /** Ed25519 over the bytes of manifest.json, base64. */
  readonly signature: string;
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export function manifestOf(
  files: readonly ArchiveFile[],
  about: { statementId: string; lotId: string; createdAt: Date },
): EvidenceManifest {
  return {
    format: EVIDENCE_MANIFEST_FORMAT,
    statementId: about.statementId,
    lotId: about.lotId,
    createdAt: about.createdAt.toISOString(),
    files: files.map((file) => ({
      name: file.name,
      sha256: sha256Hex(file.bytes),
      sizeBytes: file.bytes.length,
    })),
  };
}

/**
 * What is wrong with an unpacked evidence pack, checked with only the plant's public key: the
 * manifest's signature and key id, every listed file's SHA-256 and size, no file missing and none
 * that the manifest does not list. Empty when it all holds.
 */
export function evidencePackProblems(files: ReadonlyMap<string, Buffer>, publicKey: KeyObject): string[] {
  const problems: string[] = [];
  const manifestBytes = files.get(MANIFEST_FILE);
  const signatureBytes = files.get(MANIFEST_SIGNATURE_FILE);
  if (!manifestBytes) return [`${MANIFEST_FILE} is missing`];
  if (!signatureBytes) return [`${MANIFEST_SIGNATURE_FILE} is missing`];
  const signature = JSON.parse(signatureBytes.toString('utf8')) as Partial<ManifestSignature>;
  if (signature.keyId !== keyIdOf(publicKey)) {
    problems.push(
      `${MANIFEST_SIGNATURE_FILE}: signed by ${String(signature.keyId)}, the given key is ${keyIdOf(publicKey)}`,
    );
  }
  if (!verify(null, manifestBytes, publicKey, Buffer.from(signature.signature ?? '', 'base64'))) {
    problems.push(`${MANIFEST_FILE}: the signature does not verify with key ${keyIdOf(publicKey)}`);
  }
  const manifest = JSON.parse(manifestBytes.toString('utf8')) as Partial<EvidenceManifest>;
  const listed = new Set<string>();
  for (const entry of manifest.files ?? []) {
    listed.add(entry.name);
    const bytes = files.get(entry.name);
    if (!bytes) problems.push(`${entry.name}: listed in the manifest, missing from the pack`);
    else if (sha256Hex(bytes) !== entry.sha256 || bytes.length !== entry.sizeBytes) {
      problems.push(
        `${entry.name}: SHA-256 ${sha256Hex(bytes)} (${bytes.length} bytes), the manifest states ${entry.sha256} (${entry.sizeBytes} bytes)`,
      );
    }
  }
  for (const name of files.keys()) {
    if (name !== MANIFEST_FILE && name !== MANIFEST_SIGNATURE_FILE && !listed.has(name)) {
      problems.push(`${name}: in the pack, not listed in the manifest`);
    }
  }
  return problems;
}
