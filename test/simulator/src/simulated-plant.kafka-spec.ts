import { kafkaBrokers } from '@rre/testing';
import { startPlatformUnderTest, type PlatformUnderTest } from './test-support/platform-under-test';
import { E2E_SETTINGS, simulateAndCheck } from './test-support/simulated-days';

jest.setTimeout(300_000);

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
    // simulateAndCheck also finds no event of a simulated lot or run in any dead-letter table.
    await simulateAndCheck(platform, { sharedBroker: true });
  });
});
