import { Topics } from '@rre/contracts';
import { kafkaBrokers, testKafka, uniqueGroupId } from '@rre/testing';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startPlatform, type RunningPlatform } from './bootstrap';
import { loadPlatformConfig } from './platform-config';
import { runConcentrationScenario, scenarioClient } from './test-support/concentration-scenario';
import { scratchDatabase, type ScratchDatabase } from './test-support/scratch-database';

jest.setTimeout(300_000);

const serverUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/rre_test';

// Distributed mode: intake's lot events reach concentration through Kafka (its consumer group),
// and concentration's own events are relayed to its topics.
describe('concentration on the platform (PostgreSQL + Kafka)', () => {
  let dataDir: string;
  let database: ScratchDatabase;
  let platform: RunningPlatform;

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'rre-platform-concentration-kafka-'));
    database = await scratchDatabase(serverUrl);
    platform = await startPlatform(
      loadPlatformConfig({
        PORT: '0',
        DATA_DIR: dataDir,
        DATABASE_URL: database.url,
        KAFKA_BROKERS: kafkaBrokers().join(','),
        LOG_LEVEL: 'silent',
      }),
    );
  });

  afterAll(async () => {
    await platform?.stop();
    await database?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('runs the scenario with intake events consumed from Kafka, and publishes the run events there', async () => {
    const concentration = platform.info.dataSources.get('concentration');
    if (!concentration) throw new Error('the platform runs concentration');
    expect(platform.info.eventLog).toBe(`kafka ${kafkaBrokers().join(',')}`);
    const client = await scenarioClient(platform, dataDir);
    const result = await runConcentrationScenario(client, concentration);

    // The leaching run's four events arrive on rre.concentration.run-events.v1, keyed by the run id, in order.
    const consumer = testKafka().consumer({ groupId: uniqueGroupId() });
    const seen: string[] = [];
    try {
      await consumer.connect();
      await consumer.subscribe({ topics: [Topics.ConcentrationRunEvents], fromBeginning: true });
      let resolveDone: () => void = () => undefined;
      const done = new Promise<void>((resolve) => (resolveDone = resolve));
      await consumer.run({
        eachMessage: async ({ message }) => {
          if (message.key?.toString() !== result.leachRunId) return;
          seen.push(String(message.headers?.['ce_type']));
          if (seen.length === 4) resolveDone();
        },
      });
      await done;
    } finally {
      await consumer.disconnect();
    }
    expect(seen).toEqual([
      'rre.concentration.run.planned.v1',
      'rre.concentration.run.started.v1',
      'rre.concentration.run.measurements-recorded.v1',
      'rre.concentration.run.completed.v1',
    ]);
    const relayed = (await concentration.query(
      `SELECT count(*) AS pending FROM concentration.outbox WHERE published_at IS NULL AND key = $1`,
      [result.leachRunId],
    )) as { pending: string }[];
    expect(relayed[0].pending).toBe('0');
  });
});
