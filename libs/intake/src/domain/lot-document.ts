import type { Actor } from './actor';
import { IntakeError } from './intake-error';

export const DocumentKind = {
  CERTIFICATE: 'CERTIFICATE',
  PHOTO: 'PHOTO',
  LAB_REPORT: 'LAB_REPORT',
  MANIFEST_COPY: 'MANIFEST_COPY',
  OTHER: 'OTHER',
} as const;
export type DocumentKind = (typeof DocumentKind)[keyof typeof DocumentKind];
export const DOCUMENT_KINDS = Object.values(DocumentKind);

/** A document of a lot (certificate, photo, lab report, ...): one version of a named file. */
export interface LotDocument {
  readonly id: string;
  readonly lotId: string;
  readonly name: string;
  /** 1, 2, ...: a new version is added only when asked for. */
  readonly version: number;
  readonly kind: DocumentKind;
  readonly mediaType: string;
  /** SHA-256 of the bytes, 64 hex digits. */
  readonly sha256: string;
  readonly sizeBytes: number;
  /** Where the storage keeps the bytes. */
  readonly storageKey: string;
  readonly uploadedBy: Actor;
  readonly uploadedAt: Date;
}

/** What an upload states and what storing its bytes measured. */
export interface DocumentUpload {
  readonly name: string;
  readonly kind: DocumentKind;
  readonly mediaType: string;
  readonly sha256: string;
  readonly sizeBytes: number;
  readonly storageKey: string;
  /** Explicitly add a new version when a document of this name exists with other bytes. */
  readonly newVersion: boolean;
}

const MEDIA_TYPE = /^[a-z0-9][a-z0-9!#$&^_.+-]{0,126}\/[a-z0-9][a-z0-9!#$&^_.+-]{0,126}$/;

export function checkDocumentName(name: string): string {
  const forbidden = [...name].some((character) => {
    const code = character.charCodeAt(0);
    return code < 0x20 || code === 0x7f || character === '/' || character === '\\';
  });
  if (
    forbidden ||
    name.length === 0 ||
    name.length > 200 ||
    name.trim() !== name ||
    name === '.' ||
    name === '..'
  ) {
    throw new IntakeError({
      code: 'INVALID_INPUT',
      field: 'name',
      value: JSON.stringify(name),
      rule: 'must be a file name of 1 to 200 characters without slashes, control characters or surrounding spaces',
    });
  }
  return name;
}

export function checkMediaType(mediaType: string): string {
  const normalised = mediaType.trim().toLowerCase();
  if (!MEDIA_TYPE.test(normalised)) {
    throw new IntakeError({
      code: 'INVALID_INPUT',
      field: 'mediaType',
      value: JSON.stringify(mediaType),
      rule: 'must be a media type such as application/pdf or image/jpeg',
    });
  }
  return normalised;
}

/**
 * Which version an upload becomes: the same bytes under a name already stored are that version
 * again (nothing new); other bytes under a stored name need `newVersion` and become the next
 * version; a new name is version 1.
 */
export function versionOfUpload(
  existing: readonly LotDocument[],
  upload: DocumentUpload,
):
  | { readonly kind: 'existing'; readonly document: LotDocument }
  | { readonly kind: 'new'; readonly version: number } {
  const versions = existing
    .filter((document) => document.name === upload.name)
    .sort((a, b) => a.version - b.version);
  const same = versions.find((document) => document.sha256 === upload.sha256);
  if (same) return { kind: 'existing', document: same };
  const latest = versions.at(-1);
  if (!latest) return { kind: 'new', version: 1 };
  if (!upload.newVersion) {
    throw new IntakeError({
      code: 'DOCUMENT_VERSION_REQUIRED',
      field: 'name',
      value: upload.name,
      detail: `got other bytes (SHA-256 ${upload.sha256.slice(0, 12)}...) for ${JSON.stringify(upload.name)}, whose version ${latest.version} has SHA-256 ${latest.sha256.slice(0, 12)}...`,
      rule: `must be uploaded with newVersion to become version ${latest.version + 1}; a document is never replaced`,
    });
  }
  return { kind: 'new', version: latest.version + 1 };
}
