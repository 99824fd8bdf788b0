import { Topics } from '@rre/contracts';
import { kafkaBrokers } from '@rre/testing';
import { scenarioClient } from './test-support/concentration-scenario';
import { typesOnTopic } from './test-support/events-on-topic';
import { type PlatformUnderTest, startPlatformUnderTest } from './test-support/platform-under-test';
import { receiveTerbiumOxideFromSeparation, runReductionScenario } from './test-support/reduction-scenario';

jest.setTimeout(300_000);

// Distributed mode: reduction's events are relayed from its outbox to its Kafka topics.
describe('reduction on the platform (PostgreSQL + Kafka)', () => {
  let underTest: PlatformUnderTest | undefined;

  beforeAll(async () => {
    underTest = await startPlatformUnderTest({ name: 'reduction-kafka', database: 'postgres', kafka: true });
  });

  afterAll(async () => {
    await underTest?.stop();
  });

  it('runs the scenario and publishes the batch, the alloy and the metal lot on the reduction topics, in order', async () => {
    if (!underTest) throw new Error('the platform did not start');
    const { platform, dataDir } = underTest;
    const reduction = platform.info.dataSources.get('reduction');
    if (!reduction) throw new Error('the platform runs reduction');
    expect(platform.info.eventLog).toBe(`kafka ${kafkaBrokers().join(',')}`);
    const result = await runReductionScenario(await scenarioClient(platform, dataDir), reduction);

    expect(await typesOnTopic(Topics.ReductionRunEvents, result.electrolysisRunId, 7)).toEqual([
      'rre.reduction.run.planned.v1',
      'rre.reduction.run.started.v1',
      'rre.reduction.run.losses-recorded.v1',
      'rre.reduction.run.measurements-recorded.v1',
      'rre.reduction.run.measurements-recorded.v1',
      'rre.reduction.run.completed.v1',
      'rre.reduction.run.energy-recorded.v1',
    ]);
    expect(await typesOnTopic(Topics.ReductionLotEvents, result.oxideLotId, 2)).toEqual([
      'rre.reduction.lot.received.v1',
      'rre.reduction.lot.quantity-taken.v1',
    ]);
    expect(await typesOnTopic(Topics.ReductionLotEvents, result.alloyLotId, 2)).toEqual([
      'rre.reduction.lot.produced.v1',
      'rre.reduction.lot.quantity-taken.v1',
    ]);
    expect(await typesOnTopic(Topics.ReductionLotEvents, result.metalLotId, 2)).toEqual([
      'rre.reduction.lot.produced.v1',
      'rre.reduction.lot.custody-transferred.v1',
    ]);
    const pending = (await reduction.query(
      `SELECT count(*) AS pending FROM reduction.outbox WHERE published_at IS NULL AND key = $1`,
      [result.metalLotId],
    )) as { pending: string }[];
    expect(pending[0].pending).toBe('0');
  });

  it("receives separation's Tb4O7 lot through Kafka, and its acceptance reaches separation through Kafka", async () => {
    if (!underTest) throw new Error('the platform did not start');
    const lotId = await receiveTerbiumOxideFromSeparation(underTest.platform, underTest.dataDir);
    expect(await typesOnTopic(Topics.ReductionLotEvents, lotId, 2)).toEqual([
      'rre.reduction.lot.received.v1',
      'rre.reduction.lot.custody-accepted.v1',
    ]);
  });
});
