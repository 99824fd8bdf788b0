import { Topics } from '@rre/contracts';
import { kafkaBrokers } from '@rre/testing';
import { scenarioClient } from './test-support/concentration-scenario';
import { typesOnTopic } from './test-support/events-on-topic';
import { type PlatformUnderTest, startPlatformUnderTest } from './test-support/platform-under-test';
import { runSeparationScenario } from './test-support/separation-scenario';

jest.setTimeout(400_000);

// Distributed mode: concentration's hand-overs reach separation, and separation's answers reach
// concentration, through Kafka (each in its consumer group); separation's events are relayed to its topics.
describe('separation on the platform (PostgreSQL + Kafka)', () => {
  let underTest: PlatformUnderTest;

  beforeAll(async () => {
    underTest = await startPlatformUnderTest({ name: 'separation-kafka', database: 'postgres', kafka: true });
  });

  afterAll(async () => {
    await underTest?.stop();
  });

  it('runs the scenario with the hand-overs consumed from Kafka, and publishes its events there in order', async () => {
    const { platform, dataDir } = underTest;
    const concentration = platform.info.dataSources.get('concentration');
    const separation = platform.info.dataSources.get('separation');
    if (!concentration || !separation) throw new Error('the platform runs concentration and separation');
    expect(platform.info.eventLog).toBe(`kafka ${kafkaBrokers().join(',')}`);
    const result = await runSeparationScenario(await scenarioClient(platform, dataDir), {
      concentration,
      separation,
    });

    expect(await typesOnTopic(Topics.SeparationLotEvents, result.concentrateLotId, 3)).toEqual([
      'rre.separation.lot.received.v1',
      'rre.separation.lot.custody-accepted.v1',
      'rre.separation.lot.quantity-taken.v1',
    ]);
    expect(await typesOnTopic(Topics.SeparationRunEvents, result.solventExtractionRunId, 3)).toEqual([
      'rre.separation.run.planned.v1',
      'rre.separation.run.started.v1',
      'rre.separation.run.completed.v1',
    ]);
    expect(await typesOnTopic(Topics.SeparationLotEvents, result.terbiumOxideLotId, 2)).toEqual([
      'rre.separation.lot.produced.v1',
      'rre.separation.lot.custody-transferred.v1',
    ]);
    const pending = (await separation.query(
      `SELECT count(*)::int AS pending FROM separation.outbox WHERE published_at IS NULL AND key = ANY($1)`,
      [[result.concentrateLotId, result.solventExtractionRunId, result.terbiumOxideLotId]],
    )) as { pending: number }[];
    expect(pending[0].pending).toBe(0);
  });
});
