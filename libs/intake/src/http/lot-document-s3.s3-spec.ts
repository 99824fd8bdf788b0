import { ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { createHash } from 'node:crypto';
import { IntakeTestApp } from '../test-support/intake-test-app';
import { labTech, recyclerA } from '../test-support/intake-callers';
import { LOT, REGISTER_LOT, registration } from '../test-support/intake-graphql.documents';
import { createBucket, s3TestStore } from '../test-support/s3-test-store';
import { s3ClientFor } from '../storage/s3-document-storage';

jest.setTimeout(120_000);

// Lot documents through the HTTP API with their bytes in an S3-compatible store (S3_TEST_ENDPOINT).
const store = s3TestStore();
let client: S3Client;
let app: IntakeTestApp;
let lotId: string;

beforeAll(async () => {
  client = s3ClientFor(store);
  await createBucket(client, store.bucket);
  app = await IntakeTestApp.start({ maxDocumentBytes: 1000, documentStore: store });
  lotId = (await app.graphql(recyclerA, REGISTER_LOT, { input: registration() })).data.registerLot.lot.id;
});
afterAll(async () => {
  await app?.stop();
  client?.destroy();
});

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

async function upload(target: IntakeTestApp, bytes: Buffer, query: Record<string, string>, lot = lotId) {
  const base = target.url.replace(/\/graphql$/, '');
  const response = await fetch(`${base}/intake/lots/${lot}/documents?${new URLSearchParams(query)}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/octet-stream',
      authorization: `Bearer ${await target.token(recyclerA)}`,
    },
    body: bytes,
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

async function objectKeys(bucket: string): Promise<string[]> {
  const listed = await client.send(new ListObjectsV2Command({ Bucket: bucket }));
  return (listed.Contents ?? []).map((object) => object.Key as string).sort();
}

const assayReport = Buffer.from('Nd 25.1 %, Dy 4.5 %, Th 12 ppm: ICP-MS report 2026-0301');
const revisedReport = Buffer.from('Nd 25.3 %, Dy 4.5 %, Th 12 ppm: ICP-MS report 2026-0301 rev. 1');
const meta = { name: 'icp-ms-report.pdf', kind: 'LAB_REPORT', mediaType: 'application/pdf' };

describe('lot documents in an S3-compatible store', () => {
  it('uploads into the bucket under the SHA-256 and reads the same bytes back', async () => {
    const answer = await upload(app, assayReport, meta);
    expect(answer.status).toBe(201);
    expect(answer.body).toEqual(
      expect.objectContaining({
        created: true,
        version: 1,
        sha256: sha256(assayReport),
        sizeBytes: assayReport.length,
      }),
    );
    const hash = sha256(assayReport);
    expect(await objectKeys(store.bucket)).toEqual([`intake/sha256/${hash.slice(0, 2)}/${hash}`]);
    const base = app.url.replace(/\/graphql$/, '');
    const download = await fetch(`${base}/intake/documents/${answer.body['documentId'] as string}`, {
      headers: { authorization: `Bearer ${await app.token(labTech)}` },
    });
    expect(download.status).toBe(200);
    expect(download.headers.get('x-content-sha256')).toBe(hash);
    const bytes = Buffer.from(await download.arrayBuffer());
    expect(bytes).toEqual(assayReport);
    expect(sha256(bytes)).toBe(hash);
  });

  it('refuses other bytes under the same name without newVersion, changing no row; newVersion makes version 2', async () => {
    const before = await app.rowCounts();
    const refused = await upload(app, revisedReport, meta);
    expect(refused.status).toBe(409);
    expect(refused.body).toEqual(
      expect.objectContaining({
        code: 'DOCUMENT_VERSION_REQUIRED',
        field: 'name',
        value: 'icp-ms-report.pdf',
      }),
    );
    expect(await app.rowCounts()).toEqual(before);

    const second = await upload(app, revisedReport, { ...meta, newVersion: 'true' });
    expect(second.status).toBe(201);
    expect(second.body).toEqual(
      expect.objectContaining({ created: true, version: 2, sha256: sha256(revisedReport) }),
    );
    const lot = (await app.graphql(recyclerA, LOT, { id: lotId })).data.lot;
    expect(lot.documents.map((d: { version: number; sha256: string }) => [d.version, d.sha256])).toEqual([
      [1, sha256(assayReport)],
      [2, sha256(revisedReport)],
    ]);
    expect(await objectKeys(store.bucket)).toHaveLength(2);
  });

  it('records nothing when the store fails the upload (missing bucket): no document row, no event', async () => {
    const broken = await IntakeTestApp.start({
      maxDocumentBytes: 1000,
      documentStore: { ...store, bucket: `${store.bucket}-missing` },
      database: app.database,
    });
    try {
      const registered = await broken.graphql(recyclerA, REGISTER_LOT, { input: registration() });
      const before = await broken.rowCounts();
      const failed = await upload(broken, assayReport, meta, registered.data.registerLot.lot.id);
      expect(failed.status).toBe(500);
      expect(await broken.rowCounts()).toEqual(before);
      expect(before['lot_document']).toBe(0);
    } finally {
      await broken.stop({ keepDatabase: true });
    }
  });
});
