import { loadOrCreateSigningKey, mintToken } from '@rre/auth';
import { decodeEvent, fromKafkaMessage, IntakeEventTypes, Topics } from '@rre/contracts';
import { kafkaBrokers, testKafka, uniqueGroupId, waitFor } from '@rre/testing';
import type { KafkaMessage } from 'kafkajs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { ulid } from 'ulid';
import { type RunningIntakeService, startIntakeService } from './bootstrap';
import { loadIntakeServiceConfig } from './intake-service-config';

// Distributed mode: PostgreSQL and a real Kafka broker; the lot's events arrive on the topic in order.
describe('the intake service relays its lot events to Kafka', () => {
  const databaseUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/rre_test';
  const schema = `intake_kafka_${ulid().toLowerCase().slice(-8)}`;
  let dataDir: string;
  let service: RunningIntakeService;

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'rre-intake-kafka-'));
    service = await startIntakeService(
      loadIntakeServiceConfig({
        PORT: '0',
        DATABASE_URL: databaseUrl,
        DATABASE_SCHEMA: schema,
        DATA_DIR: dataDir,
        KAFKA_BROKERS: kafkaBrokers().join(','),
        LOG_LEVEL: 'silent',
      }),
    );
  });

  afterAll(async () => {
    await service?.stop();
    const client = new Client({ connectionString: databaseUrl });
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await client.end();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('registers, screens (Th 300 ppm: quarantined) and releases a lot; its four events arrive keyed by lot id, sequence 1..4', async () => {
    const key = await loadOrCreateSigningKey(path.join(dataDir, 'keys'));
    const recycler = await mintToken(key, {
      subject: 'usr-recycler-a1',
      organisationId: 'org-a',
      roles: ['recycler'],
    });
    const lab = await mintToken(key, { subject: 'usr-lab-1', organisationId: 'org-plant', roles: ['lab'] });
    const graphql = async (token: string, query: string, variables: Record<string, unknown>) => {
      const response = await fetch(`${service.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query, variables }),
      });
      const answer = (await response.json()) as { data?: any; errors?: unknown[] };
      expect(answer.errors).toBeUndefined();
      return answer.data;
    };
    const lot = (
      await graphql(
        recycler,
        'mutation ($input: RegisterLotInput!) { registerLot(input: $input) { lot { id } } }',
        {
          input: {
            supplierSiteId: 'site-1',
            materialKind: 'LOW_GRADE_ORE',
            sourceCategory: 'PRIMARY',
            sourceEvidenceRef: 'doc-1',
            countryOfOrigin: 'JP',
            declaredMass: { value: '20', unit: 'TNE' },
            weighing: {
              ticketNumber: 'T-1',
              vehicle: 'truck',
              scale: 'wb-1',
              gross: { value: '35', unit: 'TNE' },
              tare: { value: '15', unit: 'TNE' },
            },
            receivedAt: '2026-03-02T08:00:00.000Z',
          },
        },
      )
    ).registerLot.lot;
    await graphql(lab, 'mutation ($input: ScreenLotInput!) { screenLot(input: $input) { replayed } }', {
      input: { lotId: lot.id, uraniumPpm: '0', thoriumPpm: '300' },
    });
    await graphql(lab, 'mutation ($input: ReleaseLotInput!) { releaseLot(input: $input) { replayed } }', {
      input: { lotId: lot.id, reason: 'whole-lot gamma spectrometry below 1 Bq/g' },
    });

    const received: KafkaMessage[] = [];
    const consumer = testKafka().consumer({ groupId: uniqueGroupId() });
    await consumer.connect();
    try {
      await consumer.subscribe({ topic: Topics.IntakeLotEvents, fromBeginning: true });
      await consumer.run({
        eachMessage: async ({ message }) => {
          if (message.key?.toString() === lot.id) received.push(message);
        },
      });
      await waitFor(() => received.length >= 4, "the lot's four events on the topic", { timeoutMs: 30_000 });
    } finally {
      await consumer.disconnect();
    }
    const envelopes = received.map((message) => fromKafkaMessage(message));
    expect(envelopes.map((envelope) => [envelope.sequence, envelope.type])).toEqual([
      ['1', IntakeEventTypes.LotRegistered],
      ['2', IntakeEventTypes.LotScreened],
      ['3', IntakeEventTypes.LotQuarantined],
      ['4', IntakeEventTypes.LotReleased],
    ]);
    expect(
      envelopes.every((envelope) => envelope.subject === lot.id && envelope.source === '/rre/intake'),
    ).toBe(true);
    const screened = decodeEvent(envelopes[1]);
    if (screened.type !== IntakeEventTypes.LotScreened) throw new Error('expected the screening event');
    expect(screened.message.sumOfRatios).toBe('1.23');
  });

  it("announces a document upload on the topic, with the document's hash, size and version", async () => {
    const key = await loadOrCreateSigningKey(path.join(dataDir, 'keys'));
    const recycler = await mintToken(key, {
      subject: 'usr-recycler-a1',
      organisationId: 'org-a',
      roles: ['recycler'],
    });
    const registered = await fetch(`${service.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${recycler}` },
      body: JSON.stringify({
        query: 'mutation ($input: RegisterLotInput!) { registerLot(input: $input) { lot { id } } }',
        variables: {
          input: {
            supplierSiteId: 'site-yard-1',
            materialKind: 'HDD_MAGNET',
            sourceCategory: 'POST_CONSUMER',
            sourceEvidenceRef: 'doc-cert-8',
            countryOfOrigin: 'JP',
            declaredMass: { value: '500', unit: 'KGM' },
            weighing: {
              ticketNumber: 'WB-8',
              vehicle: 'truck 8',
              scale: 'wb-1',
              gross: { value: '700', unit: 'KGM' },
              tare: { value: '200', unit: 'KGM' },
            },
            receivedAt: '2026-03-02T08:00:00Z',
          },
        },
      }),
    });
    const lotId = ((await registered.json()) as { data: { registerLot: { lot: { id: string } } } }).data
      .registerLot.lot.id;
    const bytes = Buffer.from('%PDF-1.7 certificate of 30 dismantled hard disk drives');
    const upload = await fetch(
      `${service.url}/intake/lots/${lotId}/documents?name=hdd-certificate.pdf&kind=CERTIFICATE&mediaType=application/pdf`,
      {
        method: 'POST',
        headers: { 'content-type': 'application/octet-stream', authorization: `Bearer ${recycler}` },
        body: bytes,
      },
    );
    expect(upload.status).toBe(201);
    const { documentId, sha256 } = (await upload.json()) as { documentId: string; sha256: string };

    const received: KafkaMessage[] = [];
    const consumer = testKafka().consumer({ groupId: uniqueGroupId() });
    await consumer.connect();
    try {
      await consumer.subscribe({ topic: Topics.IntakeLotEvents, fromBeginning: true });
      await consumer.run({
        eachMessage: async ({ message }) => {
          if (message.key?.toString() === lotId) received.push(message);
        },
      });
      await waitFor(() => received.length >= 2, "the lot's two events on the topic", { timeoutMs: 30_000 });
    } finally {
      await consumer.disconnect();
    }
    const [, added] = received.map((message) => fromKafkaMessage(message));
    expect([added?.sequence, added?.type, added?.actorsub]).toEqual([
      '2',
      IntakeEventTypes.LotDocumentAdded,
      'usr-recycler-a1',
    ]);
    const decoded = decodeEvent(added as NonNullable<typeof added>);
    if (decoded.type !== IntakeEventTypes.LotDocumentAdded) throw new Error('expected the document event');
    expect([
      decoded.message.documentId,
      decoded.message.name,
      decoded.message.version,
      decoded.message.sha256,
      decoded.message.sizeBytes,
    ]).toEqual([documentId, 'hdd-certificate.pdf', 1, sha256, BigInt(bytes.length)]);
  });
});
