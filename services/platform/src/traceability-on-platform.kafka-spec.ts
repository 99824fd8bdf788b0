import { kafkaBrokers } from '@rre/testing';
import { type PlatformUnderTest, startPlatformUnderTest } from './test-support/platform-under-test';
import { shipTerbiumMetalWithPassport } from './test-support/sales-scenario';
import { traceTerbiumMetalToSources } from './test-support/traceability-scenario';

jest.setTimeout(300_000);

// Distributed mode: the genealogy is built from the services' Kafka topics, in traceability's own consumer group.
describe('traceability on the platform (PostgreSQL + Kafka)', () => {
  let underTest: PlatformUnderTest | undefined;

  beforeAll(async () => {
    underTest = await startPlatformUnderTest({
      name: 'traceability-kafka',
      database: 'postgres',
      kafka: true,
    });
  });

  afterAll(async () => {
    await underTest?.stop();
  });

  it('traces the Tb metal back to its intake lots from the events on Kafka, to the milligram; shipped, its passport carries the same figures', async () => {
    if (!underTest) throw new Error('the platform did not start');
    expect(underTest.platform.info.eventLog).toBe(`kafka ${kafkaBrokers().join(',')}`);
    const metalLotId = await traceTerbiumMetalToSources(underTest.platform, underTest.dataDir);
    await shipTerbiumMetalWithPassport(underTest.platform, underTest.dataDir, metalLotId);
  });
});
