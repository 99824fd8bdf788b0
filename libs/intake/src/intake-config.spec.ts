import path from 'node:path';
import { intakeSettingsFrom, loadIntakeConfig } from './intake-config';

const settingsOf = (env: Record<string, string>) =>
  intakeSettingsFrom(loadIntakeConfig(env), { dataDir: '/var/lib/rre' });

describe('intake document store configuration', () => {
  it('keeps documents in DATA_DIR/documents by default, with no S3 store', () => {
    expect(settingsOf({}).documents).toEqual({
      directory: path.resolve('/var/lib/rre/documents'),
      maxBytes: 52_428_800,
      s3: undefined,
    });
  });

  it('selects the S3-compatible store when a bucket is set, with its endpoint, path style, prefix and keys', () => {
    const { documents } = settingsOf({
      INTAKE_DOCUMENT_S3_BUCKET: 'rre-documents',
      INTAKE_DOCUMENT_S3_ENDPOINT: 'http://127.0.0.1:9590',
      INTAKE_DOCUMENT_S3_FORCE_PATH_STYLE: 'true',
      INTAKE_DOCUMENT_S3_KEY_PREFIX: 'intake/',
      INTAKE_DOCUMENT_S3_ACCESS_KEY_ID: 'AKIAEXAMPLE',
      INTAKE_DOCUMENT_S3_SECRET_ACCESS_KEY: 'secret-example',
    });
    expect(documents.s3).toEqual({
      bucket: 'rre-documents',
      region: 'us-east-1',
      endpoint: 'http://127.0.0.1:9590',
      forcePathStyle: true,
      keyPrefix: 'intake/',
      credentials: { accessKeyId: 'AKIAEXAMPLE', secretAccessKey: 'secret-example' },
    });
    expect(documents.directory).toBe(path.resolve('/var/lib/rre/documents'));
  });

  it("leaves credentials to the AWS SDK's default chain when no key pair is set", () => {
    const { documents } = settingsOf({
      INTAKE_DOCUMENT_S3_BUCKET: 'rre-documents',
      INTAKE_DOCUMENT_S3_REGION: 'ap-northeast-1',
    });
    expect(documents.s3).toEqual({
      bucket: 'rre-documents',
      region: 'ap-northeast-1',
      endpoint: undefined,
      forcePathStyle: false,
      keyPrefix: '',
      credentials: undefined,
    });
  });

  it('refuses a bucket name S3 does not allow, and an endpoint that is not an http(s) URL', () => {
    expect(() => loadIntakeConfig({ INTAKE_DOCUMENT_S3_BUCKET: 'RRE_Documents' })).toThrow(
      'INTAKE_DOCUMENT_S3_BUCKET="RRE_Documents": must be an S3 bucket name: 3 to 63 lower-case letters, digits, dots and hyphens',
    );
    expect(() => loadIntakeConfig({ INTAKE_DOCUMENT_S3_ENDPOINT: 'ftp://store' })).toThrow(
      'INTAKE_DOCUMENT_S3_ENDPOINT="ftp://store": must be an http:// or https:// URL without credentials',
    );
  });

  it('refuses one half of the key pair, naming the other, and never shows the secret', () => {
    expect(() =>
      settingsOf({
        INTAKE_DOCUMENT_S3_BUCKET: 'rre-documents',
        INTAKE_DOCUMENT_S3_SECRET_ACCESS_KEY: 'secret-example',
      }),
    ).toThrow(
      'INTAKE_DOCUMENT_S3_ACCESS_KEY_ID=(not set): must be set together with the other of INTAKE_DOCUMENT_S3_ACCESS_KEY_ID and INTAKE_DOCUMENT_S3_SECRET_ACCESS_KEY',
    );
  });

  it('refuses S3 settings without a bucket, since they would silently do nothing', () => {
    let message = '';
    try {
      settingsOf({
        INTAKE_DOCUMENT_S3_ENDPOINT: 'http://127.0.0.1:9590',
        INTAKE_DOCUMENT_S3_ACCESS_KEY_ID: 'AKIAEXAMPLE',
        INTAKE_DOCUMENT_S3_SECRET_ACCESS_KEY: 'secret-example',
      });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toBe(
      [
        'intake: invalid configuration',
        '  INTAKE_DOCUMENT_S3_ENDPOINT="http://127.0.0.1:9590": takes effect only with INTAKE_DOCUMENT_S3_BUCKET, which is not set',
        '  INTAKE_DOCUMENT_S3_ACCESS_KEY_ID="AKIAEXAMPLE": takes effect only with INTAKE_DOCUMENT_S3_BUCKET, which is not set',
        '  INTAKE_DOCUMENT_S3_SECRET_ACCESS_KEY="****": takes effect only with INTAKE_DOCUMENT_S3_BUCKET, which is not set',
      ].join('\n'),
    );
  });
});
