import { startPlatformUnderTest, type PlatformUnderTest } from './test-support/platform-under-test';
import { E2E_SETTINGS, simulateAndCheck } from './test-support/simulated-days';

jest.setTimeout(300_000);

const database = process.env['TEST_DATABASE'] === 'postgres' ? 'postgres' : 'pglite';

describe(`a simulated plant, ${E2E_SETTINGS.days} days, seed ${E2E_SETTINGS.seed}, on the platform (${database})`, () => {
  let platform: PlatformUnderTest;

  beforeAll(async () => {
    platform = await startPlatformUnderTest({ database });
  });

  afterAll(async () => {
    await platform?.stop();
  });

  it('accounts for every simulated kilogram of Dy and Tb, and catches every injected fault', async () => {
    await simulateAndCheck(platform, { sharedBroker: false });
  });
});
