import path from 'node:path';
import type { DocumentStorage } from '../application/ports/document-storage.port';
import type { IntakeSettings } from '../intake-config';
import { LocalDirectoryDocumentStorage } from './local-directory-document-storage';
import { S3DocumentStorage } from './s3-document-storage';

/** The document storage the settings choose: the S3-compatible store when one is set, else the directory. */
export function documentStorageOf(documents: IntakeSettings['documents']): DocumentStorage {
  return documents.s3
    ? new S3DocumentStorage(documents.s3, path.join(documents.directory, 'incoming'))
    : new LocalDirectoryDocumentStorage(documents.directory);
}
