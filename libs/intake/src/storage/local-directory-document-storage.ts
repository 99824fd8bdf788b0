import { createReadStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import type { DocumentStorage, StoredContent } from '../application/ports/document-storage.port';
import { contentAddress, sha256OfContentAddress } from './content-address';
import { spoolMeasured } from './measured-spool';

/**
 * Document bytes in a directory, content-addressed: `sha256/<first two hex digits>/<sha256>`. Bytes
 * are written to a temporary file while hashed and counted, then moved into place; the same bytes
 * uploaded twice are kept once, and a file is never overwritten with other bytes.
 */
export class LocalDirectoryDocumentStorage implements DocumentStorage {
  constructor(private readonly directory: string) {}

  async put(content: Readable, maxBytes: number): Promise<StoredContent> {
    const { file, sha256, sizeBytes } = await spoolMeasured(
      content,
      maxBytes,
      path.join(this.directory, 'incoming'),
    );
    const storageKey = contentAddress(sha256);
    const target = this.pathOf(storageKey);
    await mkdir(path.dirname(target), { recursive: true, mode: 0o700 });
    if (await exists(target)) await rm(file, { force: true });
    else await rename(file, target);
    return { sha256, sizeBytes, storageKey };
  }

  open(storageKey: string): Readable {
    return createReadStream(this.pathOf(storageKey));
  }

  private pathOf(storageKey: string): string {
    sha256OfContentAddress(storageKey);
    return path.join(this.directory, ...storageKey.split('/'));
  }
}

async function exists(file: string): Promise<boolean> {
  try {
    await stat(file);
    return true;
  } catch {
    return false;
  }
}
