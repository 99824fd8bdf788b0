import {
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import { createBucket, s3TestStore } from '../test-support/s3-test-store';
import { s3ClientFor, S3DocumentStorage } from './s3-document-storage';

const HELLO_SHA256 = '2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824';
const HELLO_KEY = `sha256/2c/${HELLO_SHA256}`;

describe('S3DocumentStorage against a real S3-compatible server (S3_TEST_ENDPOINT)', () => {
  const settings = s3TestStore();
  let client: S3Client;
  let spool: string;

  beforeAll(async () => {
    client = s3ClientFor(settings);
    await createBucket(client, settings.bucket);
  });
  afterAll(() => client?.destroy());
  beforeEach(() => {
    spool = mkdtempSync(path.join(tmpdir(), 'rre-s3-spool-'));
  });
  afterEach(() => rmSync(spool, { recursive: true, force: true }));

  async function objectKeys(bucket = settings.bucket): Promise<string[]> {
    const listed = await client.send(new ListObjectsV2Command({ Bucket: bucket }));
    return (listed.Contents ?? []).map((object) => object.Key as string).sort();
  }

  it('uploads "hello" as one object under its SHA-256 (checked by the store), reads it back, and keeps it once', async () => {
    const storage = new S3DocumentStorage(settings, spool, client);
    const stored = await storage.put(Readable.from([Buffer.from('hel'), Buffer.from('lo')]), 1024);
    expect(stored).toEqual({ sha256: HELLO_SHA256, sizeBytes: 5, storageKey: HELLO_KEY });
    const head = await client.send(
      new HeadObjectCommand({ Bucket: settings.bucket, Key: `intake/${HELLO_KEY}`, ChecksumMode: 'ENABLED' }),
    );
    expect(head.ContentLength).toBe(5);
    expect(head.ChecksumSHA256).toBe(Buffer.from(HELLO_SHA256, 'hex').toString('base64'));
    expect(await text(storage.open(stored.storageKey))).toBe('hello');

    const again = await storage.put(Readable.from([Buffer.from('hello')]), 1024);
    expect(again).toEqual(stored);
    expect(await objectKeys()).toEqual([`intake/${HELLO_KEY}`]);
    expect(readdirSync(spool)).toEqual([]);
  });

  it('refuses more than the limit (DOCUMENT_TOO_LARGE) and sends nothing', async () => {
    const storage = new S3DocumentStorage(settings, spool, client);
    const before = await objectKeys();
    await expect(
      storage.put(Readable.from([Buffer.alloc(600), Buffer.alloc(600)]), 1000),
    ).rejects.toMatchObject({
      code: 'DOCUMENT_TOO_LARGE',
      message: 'content: got more than 1000 bytes, must be at most 1000 bytes (INTAKE_DOCUMENT_MAX_BYTES)',
    });
    expect(await objectKeys()).toEqual(before);
    expect(readdirSync(spool)).toEqual([]);
  });

  it('fails with the bucket and key named when the store refuses the upload, and keeps nothing', async () => {
    const missing = { ...settings, bucket: `${settings.bucket}-missing` };
    const storage = new S3DocumentStorage(missing, spool, client);
    await expect(storage.put(Readable.from([Buffer.from('lost')]), 1024)).rejects.toThrow(
      `document store s3://${missing.bucket}/intake/sha256/`,
    );
    expect(readdirSync(spool)).toEqual([]);
  });

  it('the store refuses a body whose SHA-256 is not the one sent with it (what put relies on)', async () => {
    await expect(
      client.send(
        new PutObjectCommand({
          Bucket: settings.bucket,
          Key: 'intake/tampered',
          Body: Buffer.from('hello'),
          ChecksumSHA256: Buffer.from('0'.repeat(64), 'hex').toString('base64'),
        }),
      ),
    ).rejects.toThrow();
    expect(await objectKeys()).not.toContain('intake/tampered');
  });

  it('fails a read whose bytes no longer match the SHA-256 in their key', async () => {
    const storage = new S3DocumentStorage(settings, spool, client);
    const stored = await storage.put(Readable.from([Buffer.from('original bytes')]), 1024);
    await client.send(
      new PutObjectCommand({
        Bucket: settings.bucket,
        Key: `intake/${stored.storageKey}`,
        Body: Buffer.from('tampered bytes'),
      }),
    );
    await expect(text(storage.open(stored.storageKey))).rejects.toThrow(
      `document store s3://${settings.bucket}/intake/${stored.storageKey}: the stored bytes have SHA-256 `,
    );
    // The next upload of the same bytes finds the object changed and stores them again.
    await storage.put(Readable.from([Buffer.from('original bytes')]), 1024);
    expect(await text(storage.open(stored.storageKey))).toBe('original bytes');
    const object = await client.send(
      new GetObjectCommand({ Bucket: settings.bucket, Key: `intake/${stored.storageKey}` }),
    );
    expect(await object.Body?.transformToString()).toBe('original bytes');
  });

  it('fails a read of a key it never wrote, naming it', async () => {
    const storage = new S3DocumentStorage(settings, spool, client);
    const absent = `sha256/00/${'0'.repeat(64)}`;
    await expect(text(storage.open(absent))).rejects.toThrow(
      `document store s3://${settings.bucket}/intake/${absent}: NoSuchKey`,
    );
    expect(() => storage.open('../../etc/passwd')).toThrow('is not one this storage wrote');
  });
});
