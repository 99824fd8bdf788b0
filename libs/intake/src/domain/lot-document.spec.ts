import { IntakeError } from './intake-error';
import {
  checkDocumentName,
  checkMediaType,
  type DocumentUpload,
  type LotDocument,
  versionOfUpload,
} from './lot-document';

const hashA = 'a'.repeat(64);
const hashB = 'b'.repeat(64);
const stored = (version: number, sha256: string): LotDocument => ({
  id: `d${version}`,
  lotId: 'lot-1',
  name: 'certificate.pdf',
  version,
  kind: 'CERTIFICATE',
  mediaType: 'application/pdf',
  sha256,
  sizeBytes: 1024,
  storageKey: `sha256/${sha256}`,
  uploadedBy: { subject: 'u-1', organisationId: 'org-a' },
  uploadedAt: new Date('2026-03-02T09:00:00Z'),
});
const upload = (sha256: string, newVersion = false): DocumentUpload => ({
  name: 'certificate.pdf',
  kind: 'CERTIFICATE',
  mediaType: 'application/pdf',
  sha256,
  sizeBytes: 2048,
  storageKey: `sha256/${sha256}`,
  newVersion,
});

describe('document versions', () => {
  it('makes a new name version 1', () => {
    expect(versionOfUpload([], upload(hashA))).toEqual({ kind: 'new', version: 1 });
  });

  it('treats the same bytes under the same name as the stored version, whichever it is', () => {
    const existing = [stored(1, hashA), stored(2, hashB)];
    expect(versionOfUpload(existing, upload(hashA))).toEqual({ kind: 'existing', document: existing[0] });
  });

  it('refuses other bytes under a stored name unless a new version is asked for, then makes version 2', () => {
    let error: unknown;
    try {
      versionOfUpload([stored(1, hashA)], upload(hashB));
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(IntakeError);
    expect((error as IntakeError).code).toBe('DOCUMENT_VERSION_REQUIRED');
    expect((error as IntakeError).rule).toBe(
      'must be uploaded with newVersion to become version 2; a document is never replaced',
    );
    expect(versionOfUpload([stored(1, hashA)], upload(hashB, true))).toEqual({ kind: 'new', version: 2 });
  });

  it('checks names and media types', () => {
    expect(checkDocumentName('証明書 2026-03.pdf')).toBe('証明書 2026-03.pdf');
    expect(() => checkDocumentName('../etc/passwd')).toThrow(IntakeError);
    expect(() => checkDocumentName(' padded.pdf')).toThrow(IntakeError);
    expect(checkMediaType('Application/PDF')).toBe('application/pdf');
    expect(() => checkMediaType('pdf')).toThrow('must be a media type such as application/pdf');
  });
});
