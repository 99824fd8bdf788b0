import { scenarioClient } from './test-support/concentration-scenario';
import { type PlatformUnderTest, startPlatformUnderTest } from './test-support/platform-under-test';
import { runSeparationScenario } from './test-support/separation-scenario';

jest.setTimeout(400_000);

const database = process.env.TEST_DATABASE === 'pglite' ? 'pglite' : 'postgres';

describe(`separation on the platform (${database === 'pglite' ? 'embedded PGlite' : 'PostgreSQL'})`, () => {
  let underTest: PlatformUnderTest;

  beforeAll(async () => {
    underTest = await startPlatformUnderTest({ name: 'separation', database });
  });

  afterAll(async () => {
    await underTest?.stop();
  });

  it('turns a concentrate and a leach liquor into Tb-rich and Dy-rich fractions, then Tb4O7 and Dy2O3 lots', async () => {
    const { platform, dataDir } = underTest;
    const concentration = platform.info.dataSources.get('concentration');
    const separation = platform.info.dataSources.get('separation');
    if (!concentration || !separation) throw new Error('the platform runs concentration and separation');
    await runSeparationScenario(await scenarioClient(platform, dataDir), { concentration, separation });
  });
});
