import { scenarioClient } from './test-support/concentration-scenario';
import { type PlatformUnderTest, startPlatformUnderTest } from './test-support/platform-under-test';
import { receiveTerbiumOxideFromSeparation, runReductionScenario } from './test-support/reduction-scenario';

jest.setTimeout(300_000);

const onPglite = process.env.TEST_DATABASE === 'pglite';

describe(`reduction on the platform (${onPglite ? 'embedded PGlite' : 'PostgreSQL'})`, () => {
  let underTest: PlatformUnderTest | undefined;

  beforeAll(async () => {
    underTest = await startPlatformUnderTest({
      name: 'reduction',
      database: onPglite ? 'pglite' : 'postgres',
    });
  });

  afterAll(async () => {
    await underTest?.stop();
  });

  it('turns a Tb4O7 lot into a Tb-Zn alloy at 80.9 % current efficiency, then into Tb metal, with closing balances', async () => {
    if (!underTest) throw new Error('the platform did not start');
    const reduction = underTest.platform.info.dataSources.get('reduction');
    if (!reduction) throw new Error('the platform runs reduction');
    const client = await scenarioClient(underTest.platform, underTest.dataDir);
    await runReductionScenario(client, reduction);
  });

  it('is offered the Tb4O7 lot separation makes, and its acceptance lets separation hand it over', async () => {
    if (!underTest) throw new Error('the platform did not start');
    await receiveTerbiumOxideFromSeparation(underTest.platform, underTest.dataDir);
  });
});
