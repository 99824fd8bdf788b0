import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { IntakeError } from '../domain/intake-error';

export interface SpooledContent {
  /** The temporary file holding the bytes; the caller moves, uploads or removes it. */
  readonly file: string;
  readonly sha256: string;
  readonly sizeBytes: number;
}

/**
 * Writes incoming document bytes to a new temporary file in `directory` while hashing (SHA-256) and
 * counting them. More than `maxBytes` is refused (DOCUMENT_TOO_LARGE); on any failure the temporary
 * file is removed, so nothing is kept.
 */
export async function spoolMeasured(
  content: Readable,
  maxBytes: number,
  directory: string,
): Promise<SpooledContent> {
  await mkdir(directory, { recursive: true, mode: 0o700 });
  const file = path.join(directory, `${randomUUID()}.part`);
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
    await pipeline(content, measure, createWriteStream(file, { mode: 0o600 }));
  } catch (error) {
    await rm(file, { force: true });
    throw error;
  }
  return { file, sha256: hash.digest('hex'), sizeBytes };
}
