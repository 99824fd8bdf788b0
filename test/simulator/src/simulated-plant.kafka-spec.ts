import { kafkaBrokers } from '@rre/testing';
import { startPlatformUnderTest, type PlatformUnderTest } from './test-support/platform-under-test';
import { E2E_SETTINGS, simulateAndCheck } from './test-support/simulated-days';

jest.setTimeout(180_000);

// Distributed mode: intake's lot events reach concentration through Kafka, on PostgreSQL.
describe(`a simulated plant, ${E2E_SETTINGS.days} days, seed ${E2E_SETTINGS.seed}, on the platform (PostgreSQL + Kafka)`, () => {
  let platform: PlatformUnderTest;

  beforeAll(async () => {
    platform = await startPlatformUnderTest({ database: 'postgres', kafkaBrokers: kafkaBrokers().join(',') });
  });

  afterAll(async () => {
    await platform?.stop();
  });

  it('accounts for every simulated kilogram through Kafka, with no event of it dead-lettered', async () => {
    const { result } = await simulateAndCheck(platform, { sharedBroker: true });
    // The broker may hold other tests' events (the platform's consumer groups have fixed names);
    // what matters is that no event of a simulated lot or run was parked.
    const ours = new Set(result.refs.values());
    const tables = await platform.query<{ table_schema: string }>(
      `SELECT table_schema FROM information_schema.tables WHERE table_name = 'dead_letter' ORDER BY 1`,
    );
    expect(tables.length).toBeGreaterThan(0);
    for (const { table_schema } of tables) {
      const parked = await platform.query<{ key: string; reason: string }>(
        `SELECT key, reason FROM "${table_schema}".dead_letter`,
      );
      expect([table_schema, parked.filter((row) => ours.has(row.key))]).toEqual([table_schema, []]);
    }
  });
});
