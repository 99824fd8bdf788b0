import {
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { DocumentStorage, StoredContent } from '../application/ports/document-storage.port';
import { contentAddress, sha256OfContentAddress } from './content-address';
import { spoolMeasured } from './measured-spool';
import type { S3DocumentStoreSettings } from './s3-document-store-settings';

export function s3ClientFor(settings: S3DocumentStoreSettings): S3Client {
  return new S3Client({
    region: settings.region,
    endpoint: settings.endpoint,
    forcePathStyle: settings.forcePathStyle,
    credentials: settings.credentials,
    // The SHA-256 this storage computes travels with every upload and is checked on every read;
    // the SDK's own CRC32 trailers (aws-chunked bodies) are not understood by every S3-compatible server.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
}

/**
 * Document bytes in an S3-compatible bucket, content-addressed like the local directory
 * (`<prefix>sha256/<2 hex>/<sha256>`). The bytes are first spooled to a local file while hashed and
 * counted, then sent in one PUT with their SHA-256 (`x-amz-checksum-sha256`), which the store checks
 * before it keeps the object: a PUT either stores the whole object or nothing, so a failed or
 * refused upload leaves no partial object. Bytes already stored under their hash are not sent again.
 * Reads are checked against the hash in the key and fail at the end of a stream that does not match.
 */
export class S3DocumentStorage implements DocumentStorage {
  constructor(
    private readonly settings: S3DocumentStoreSettings,
    /** Local directory for the spooled bytes while they are measured and sent. */
    private readonly spoolDirectory: string,
    private readonly client: S3Client = s3ClientFor(settings),
  ) {}

  async put(content: Readable, maxBytes: number): Promise<StoredContent> {
    const { file, sha256, sizeBytes } = await spoolMeasured(content, maxBytes, this.spoolDirectory);
    try {
      const storageKey = contentAddress(sha256);
      const checksum = Buffer.from(sha256, 'hex').toString('base64');
      if (!(await this.holds(storageKey, sizeBytes, checksum))) {
        try {
          await this.client.send(
            new PutObjectCommand({
              Bucket: this.settings.bucket,
              Key: this.objectKey(storageKey),
              Body: createReadStream(file),
              ContentLength: sizeBytes,
              ContentType: 'application/octet-stream',
              ChecksumSHA256: checksum,
            }),
          );
        } catch (error) {
          throw this.failure(storageKey, error);
        }
      }
      return { sha256, sizeBytes, storageKey };
    } finally {
      await rm(file, { force: true });
    }
  }

  open(storageKey: string): Readable {
    const sha256 = sha256OfContentAddress(storageKey);
    const hash = createHash('sha256');
    const verified = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        hash.update(chunk);
        done(null, chunk);
      },
      flush: (done) => {
        const got = hash.digest('hex');
        done(
          got === sha256
            ? null
            : new Error(`${this.describe(storageKey)}: the stored bytes have SHA-256 ${got}, not ${sha256}`),
        );
      },
    });
    this.client
      .send(new GetObjectCommand({ Bucket: this.settings.bucket, Key: this.objectKey(storageKey) }))
      .then(
        ({ Body }) => {
          if (!Body)
            verified.destroy(new Error(`${this.describe(storageKey)}: the store answered without a body`));
          // A failure while streaming (or a wrong hash) has already destroyed `verified` with its error.
          else pipeline(Body as Readable, verified).catch(() => undefined);
        },
        (error: unknown) => verified.destroy(this.failure(storageKey, error)),
      );
    return verified;
  }

  /** Whether the object is there already with these bytes (same size and stored SHA-256). */
  private async holds(storageKey: string, sizeBytes: number, checksum: string): Promise<boolean> {
    try {
      const head = await this.client.send(
        new HeadObjectCommand({
          Bucket: this.settings.bucket,
          Key: this.objectKey(storageKey),
          ChecksumMode: 'ENABLED',
        }),
      );
      return head.ContentLength === sizeBytes && head.ChecksumSHA256 === checksum;
    } catch (error) {
      if (error instanceof S3ServiceException && error.$metadata.httpStatusCode === 404) return false;
      throw this.failure(storageKey, error);
    }
  }

  private failure(storageKey: string, error: unknown): Error {
    const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    return new Error(`${this.describe(storageKey)}: ${reason}`, { cause: error });
  }

  private describe(storageKey: string): string {
    return `document store s3://${this.settings.bucket}/${this.objectKey(storageKey)}`;
  }

  private objectKey(storageKey: string): string {
    return `${this.settings.keyPrefix}${storageKey}`;
  }
}
