import { decodeEventData, IntakeEventTypes, intakeV1 } from '@rre/contracts';
import { createHash } from 'node:crypto';
import { IntakeTestApp } from '../test-support/intake-test-app';
import { labTech, recyclerA, recyclerB } from '../test-support/intake-callers';
import { LOT, REGISTER_LOT, registration } from '../test-support/intake-graphql.documents';
import type { IntakeCaller } from '../application/intake-caller';

jest.setTimeout(120_000);

let app: IntakeTestApp;
let lotId: string;

beforeAll(async () => {
  app = await IntakeTestApp.start({ maxDocumentBytes: 1000 });
  lotId = (await app.graphql(recyclerA, REGISTER_LOT, { input: registration() })).data.registerLot.lot.id;
});
afterAll(async () => {
  await app?.stop();
});

const base = () => app.url.replace(/\/graphql$/, '');
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

async function upload(
  caller: IntakeCaller | undefined,
  bytes: Buffer,
  query: Record<string, string>,
  headers: Record<string, string> = {},
  lot = lotId,
) {
  const response = await fetch(`${base()}/intake/lots/${lot}/documents?${new URLSearchParams(query)}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/octet-stream',
      ...(caller ? { authorization: `Bearer ${await app.token(caller)}` } : {}),
      ...headers,
    },
    body: bytes,
  });
  return { status: response.status, body: (await response.json()) as any };
}

const certificate = Buffer.from('%PDF-1.7 dismantling certificate, 4 drums of EV rotor magnets');
const corrected = Buffer.from('%PDF-1.7 dismantling certificate, 5 drums of EV rotor magnets');
const meta = { name: 'dismantling-certificate.pdf', kind: 'CERTIFICATE', mediaType: 'application/pdf' };

describe('lot documents', () => {
  it('stores an upload with its SHA-256, size and media type, lists it on the lot, and gives the bytes back', async () => {
    const answer = await upload(recyclerA, certificate, meta);
    expect(answer.status).toBe(201);
    expect(answer.body).toEqual(
      expect.objectContaining({
        lotId,
        created: true,
        replayed: false,
        name: 'dismantling-certificate.pdf',
        version: 1,
        kind: 'CERTIFICATE',
        mediaType: 'application/pdf',
        sha256: sha256(certificate),
        sizeBytes: certificate.length,
      }),
    );
    const lot = (await app.graphql(labTech, LOT, { id: lotId })).data.lot;
    expect(lot.documents).toEqual([
      expect.objectContaining({
        id: answer.body.documentId,
        version: 1,
        sha256: sha256(certificate),
        downloadPath: `/intake/documents/${answer.body.documentId}`,
        uploadedBy: { subject: 'usr-recycler-a1' },
      }),
    ]);
    const download = await fetch(`${base()}/intake/documents/${answer.body.documentId}`, {
      headers: { authorization: `Bearer ${await app.token(labTech)}` },
    });
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toBe('application/pdf');
    expect(download.headers.get('x-content-sha256')).toBe(sha256(certificate));
    expect(Buffer.from(await download.arrayBuffer())).toEqual(certificate);
  });

  it('takes the same bytes under the same name again as that version, creating nothing', async () => {
    const before = await app.rowCounts();
    const again = await upload(recyclerA, certificate, meta);
    expect(again.body).toEqual(expect.objectContaining({ created: false, version: 1 }));
    expect(await app.rowCounts()).toEqual(before);
  });

  it('refuses other bytes under the same name without newVersion (409), and makes version 2 with it', async () => {
    const before = await app.rowCounts();
    const refused = await upload(recyclerA, corrected, meta);
    expect(refused.status).toBe(409);
    expect(refused.body).toEqual(
      expect.objectContaining({
        code: 'DOCUMENT_VERSION_REQUIRED',
        field: 'name',
        value: 'dismantling-certificate.pdf',
        rule: 'must be uploaded with newVersion to become version 2; a document is never replaced',
        retryable: false,
      }),
    );
    expect(await app.rowCounts()).toEqual(before);
    const second = await upload(recyclerA, corrected, { ...meta, newVersion: 'true' });
    expect(second.body).toEqual(
      expect.objectContaining({ created: true, version: 2, sha256: sha256(corrected) }),
    );
    const lot = (await app.graphql(recyclerA, LOT, { id: lotId })).data.lot;
    expect(lot.documents.map((d: any) => [d.name, d.version])).toEqual([
      ['dismantling-certificate.pdf', 1],
      ['dismantling-certificate.pdf', 2],
    ]);
    const events = await app.outboxOf(lotId);
    expect(events.map((event) => [event.type, event.sequence])).toEqual([
      [IntakeEventTypes.LotRegistered, '1'],
      [IntakeEventTypes.LotDocumentAdded, '2'],
      [IntakeEventTypes.LotDocumentAdded, '3'],
    ]);
    const added = decodeEventData(IntakeEventTypes.LotDocumentAdded, events[2].data);
    expect({ ...added, $typeName: undefined, lot: added.lot?.lotId }).toEqual({
      $typeName: undefined,
      lot: lotId,
      documentId: second.body.documentId,
      name: 'dismantling-certificate.pdf',
      version: 2,
      kind: intakeV1.DocumentKind.CERTIFICATE,
      mediaType: 'application/pdf',
      sha256: sha256(corrected),
      sizeBytes: BigInt(corrected.length),
    });
    expect(events[2].attributes.actorsub).toBe('usr-recycler-a1');
  });

  it('replays an upload with the same Idempotency-Key and refuses the key for other bytes', async () => {
    const photo = Buffer.from('JFIF photo of drum 1');
    const photoMeta = { name: 'drum-1.jpg', kind: 'PHOTO', mediaType: 'image/jpeg' };
    const first = await upload(recyclerA, photo, photoMeta, { 'idempotency-key': 'photo-1' });
    const replay = await upload(recyclerA, photo, photoMeta, { 'idempotency-key': 'photo-1' });
    expect(replay.body).toEqual(
      expect.objectContaining({ replayed: true, documentId: first.body.documentId }),
    );
    const other = await upload(recyclerA, Buffer.from('another photo'), photoMeta, {
      'idempotency-key': 'photo-1',
    });
    expect(other.status).toBe(409);
    expect(other.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
  });

  it('refuses a document above the size limit (1000 bytes here), a JSON body, another organisation and no token, changing nothing', async () => {
    const before = await app.rowCounts();
    const large = await upload(recyclerA, Buffer.alloc(1001, 1), {
      ...meta,
      name: 'big.bin',
      mediaType: 'application/octet-stream',
    });
    expect(large.status).toBe(413);
    expect(large.body.code).toBe('DOCUMENT_TOO_LARGE');
    const json = await upload(
      recyclerA,
      Buffer.from('{"a":1}'),
      { ...meta, name: 'a.json' },
      { 'content-type': 'application/json' },
    );
    expect(json.status).toBe(400);
    expect(json.body.field).toBe('content-type');
    const foreign = await upload(recyclerB, certificate, { ...meta, name: 'other.pdf' });
    expect(foreign.status).toBe(404);
    expect(foreign.body.code).toBe('UNKNOWN_LOT');
    const anonymous = await upload(undefined, certificate, { ...meta, name: 'anon.pdf' });
    expect(anonymous.status).toBe(401);
    const badName = await upload(recyclerA, certificate, { ...meta, name: '../escape.pdf' });
    expect(badName.status).toBe(400);
    expect(await app.rowCounts()).toEqual(before);

    const lot = (await app.graphql(recyclerA, LOT, { id: lotId })).data.lot;
    const download = await fetch(`${base()}/intake/documents/${lot.documents[0].id}`, {
      headers: { authorization: `Bearer ${await app.token(recyclerB)}` },
    });
    expect(download.status).toBe(404);
  });
});
