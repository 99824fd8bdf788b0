import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { DocumentStorage, StoredContent } from '../application/ports/document-storage.port';
import { IntakeError } from '../domain/intake-error';

/**
 * Document bytes in a directory, content-addressed: `sha256/<first two hex digits>/<sha256>`. Bytes
 * are written to a temporary file while hashed and counted, then moved into place; the same bytes
 * uploaded twice are kept once, and a file is never overwritten with other bytes.
 */
export class LocalDirectoryDocumentStorage implements DocumentStorage {
  constructor(private readonly directory: string) {}

  async put(content: Readable, maxBytes: number): Promise<StoredContent> {
    const incoming = path.join(this.directory, 'incoming');
    await mkdir(incoming, { recursive: true, mode: 0o700 });
    const temporary = path.join(incoming, `${randomUUID()}.part`);
    const hash = createHash('sha256');
    let sizeBytes = 0;
    const measure = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        sizeBytes += chunk.length;
        if (sizeBytes > maxBytes) {
          done(
            new IntakeError({
              code: 'DOCUMENT_TOO_LARGE',
              field: 'content',
              value: `more than ${maxBytes} bytes`,
              rule: `must be at most ${maxBytes} bytes (INTAKE_DOCUMENT_MAX_BYTES)`,
            }),
          );
          return;
        }
        hash.update(chunk);
        done(null, chunk);
      },
    });
    try {
      await pipeline(content, measure, createWriteStream(temporary, { mode: 0o600 }));
    } catch (error) {
      await rm(temporary, { force: true });
      throw error;
    }
    const sha256 = hash.digest('hex');
    const storageKey = `sha256/${sha256.slice(0, 2)}/${sha256}`;
    const target = this.pathOf(storageKey);
    await mkdir(path.dirname(target), { recursive: true, mode: 0o700 });
    if (await exists(target)) await rm(temporary, { force: true });
    else await rename(temporary, target);
    return { sha256, sizeBytes, storageKey };
  }

  open(storageKey: string): Readable {
    return createReadStream(this.pathOf(storageKey));
  }

  private pathOf(storageKey: string): string {
    if (!/^sha256\/[0-9a-f]{2}\/[0-9a-f]{64}$/.test(storageKey)) {
      throw new Error(`storage key "${storageKey}" is not one this storage wrote`);
    }
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
