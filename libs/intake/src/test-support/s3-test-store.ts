import { CreateBucketCommand, type S3Client } from '@aws-sdk/client-s3';
import { randomBytes } from 'node:crypto';
import type { S3DocumentStoreSettings } from '../storage/s3-document-store-settings';

/** The message thrown when an S3 test runs without a server address. */
export const S3_TEST_ENDPOINT_NOT_SET_MESSAGE =
  'S3_TEST_ENDPOINT is not set: run `npm test` (which starts infra/s3) or `bash infra/s3/s3mock.sh start` ' +
  'and export S3_TEST_ENDPOINT=http://127.0.0.1:9590';

/**
 * Settings for a bucket of its own on the S3-compatible test server at S3_TEST_ENDPOINT (S3Mock
 * from infra/s3 accepts any credentials). Throws loudly when the variable is unset, so an S3 test
 * never silently skips.
 */
export function s3TestStore(env: NodeJS.ProcessEnv = process.env): S3DocumentStoreSettings {
  const endpoint = env['S3_TEST_ENDPOINT'];
  if (!endpoint) throw new Error(S3_TEST_ENDPOINT_NOT_SET_MESSAGE);
  return {
    bucket: `rre-test-${Date.now().toString(36)}-${randomBytes(4).toString('hex')}`,
    region: 'us-east-1',
    endpoint,
    forcePathStyle: true,
    keyPrefix: 'intake/',
    credentials: { accessKeyId: 'rre-test', secretAccessKey: 'rre-test-secret' },
  };
}

export async function createBucket(client: S3Client, bucket: string): Promise<void> {
  await client.send(new CreateBucketCommand({ Bucket: bucket }));
}
