import { type PlatformUnderTest, startPlatformUnderTest } from './test-support/platform-under-test';
import { shipTerbiumMetalWithPassport } from './test-support/sales-scenario';
import { traceTerbiumMetalToSources } from './test-support/traceability-scenario';

jest.setTimeout(300_000);

const onPglite = process.env.TEST_DATABASE === 'pglite';

describe(`traceability on the platform (${onPglite ? 'embedded PGlite' : 'PostgreSQL'})`, () => {
  let underTest: PlatformUnderTest | undefined;

  beforeAll(async () => {
    underTest = await startPlatformUnderTest({
      name: 'traceability',
      database: onPglite ? 'pglite' : 'postgres',
    });
  });

  afterAll(async () => {
    await underTest?.stop();
  });

  it('traces the Tb metal made from intake lots through concentration, separation and reduction back to its source lots, to the milligram; shipped, its passport carries the same figures', async () => {
    if (!underTest) throw new Error('the platform did not start');
    const metalLotId = await traceTerbiumMetalToSources(underTest.platform, underTest.dataDir);
    await shipTerbiumMetalWithPassport(underTest.platform, underTest.dataDir, metalLotId);
  });
});
