import { seedPgliteDataDir } from '@rre/persistence';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startPlatform, type RunningPlatform } from './bootstrap';
import { loadPlatformConfig } from './platform-config';
import { runConcentrationScenario, scenarioClient } from './test-support/concentration-scenario';
import { scratchDatabase, type ScratchDatabase } from './test-support/scratch-database';

jest.setTimeout(300_000);

const onPglite = process.env.TEST_DATABASE === 'pglite';
const serverUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/rre_test';

describe(`concentration on the platform (${onPglite ? 'embedded PGlite' : 'PostgreSQL'})`, () => {
  let dataDir: string;
  let platform: RunningPlatform;
  let database: ScratchDatabase | undefined;

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'rre-platform-concentration-'));
    if (onPglite) await seedPgliteDataDir(dataDir); // an empty cluster: skips PGlite's initdb
    // PostgreSQL: a database of its own, so that the platform's fixed schemas (intake,
    // concentration) are not shared with other tests running on rre_test at the same time.
    if (!onPglite) database = await scratchDatabase(serverUrl);
    platform = await startPlatform(
      loadPlatformConfig(
        database === undefined
          ? { PORT: '0', DATA_DIR: dataDir, LOG_LEVEL: 'silent' }
          : { PORT: '0', DATABASE_URL: database.url, DATA_DIR: dataDir, LOG_LEVEL: 'silent' },
      ),
    );
  });

  afterAll(async () => {
    await platform?.stop();
    await database?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('takes lots from intake, leaches 800 + 500 kg, adsorbs 20 t into 200 kg, and hands the concentrate over', async () => {
    const concentration = platform.info.dataSources.get('concentration');
    if (!concentration) throw new Error('the platform runs concentration');
    const client = await scenarioClient(platform, dataDir);
    await runConcentrationScenario(client, concentration);
  });
});
