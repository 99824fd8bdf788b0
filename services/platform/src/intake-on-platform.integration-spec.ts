import { seedPgliteDataDir } from '@rre/persistence';
import { loadOrCreateSigningKey, mintToken } from '@rre/auth';
import { decodeEventData, IntakeEventTypes } from '@rre/contracts';
import { waitFor } from '@rre/testing';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startPlatform, RunningPlatform } from './bootstrap';
import { loadPlatformConfig } from './platform-config';
import { scratchDatabase, type ScratchDatabase } from './test-support/scratch-database';

jest.setTimeout(120_000);

const onPglite = process.env.TEST_DATABASE === 'pglite';
const serverUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/rre_test';

describe(`intake on the platform (${onPglite ? 'embedded PGlite' : 'PostgreSQL'})`, () => {
  let dataDir: string;
  // PostgreSQL: a database of its own, so that the platform's fixed schemas are not shared with
  // other tests running on rre_test at the same time.
  let database: ScratchDatabase | undefined;
  let platform: RunningPlatform;
  let tokens: { recycler: string; lab: string; auditor: string };

  async function graphql(token: string | undefined, query: string, variables: Record<string, unknown> = {}) {
    const response = await fetch(`${platform.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    return (await response.json()) as { data?: any; errors?: any[] };
  }

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'rre-platform-intake-'));
    if (onPglite) await seedPgliteDataDir(dataDir); // an empty cluster: skips PGlite's initdb
    if (!onPglite) database = await scratchDatabase(serverUrl);
    platform = await startPlatform(
      loadPlatformConfig(
        database === undefined
          ? { PORT: '0', DATA_DIR: dataDir, LOG_LEVEL: 'silent' }
          : { PORT: '0', DATABASE_URL: database.url, DATA_DIR: dataDir, LOG_LEVEL: 'silent' },
      ),
    );
    const key = await loadOrCreateSigningKey(path.join(dataDir, 'keys'));
    tokens = {
      recycler: await mintToken(key, {
        subject: 'usr-recycler-a1',
        organisationId: 'org-recycler-a',
        roles: ['recycler'],
      }),
      lab: await mintToken(key, { subject: 'usr-lab-1', organisationId: 'org-plant', roles: ['lab'] }),
      auditor: await mintToken(key, {
        subject: 'usr-auditor-1',
        organisationId: 'org-audit',
        roles: ['auditor'],
      }),
    };
  });

  afterAll(async () => {
    await platform?.stop();
    await database?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('registers a lot, quarantines it by Th 300 ppm (1.23 Bq/g), and sequences its events in the embedded log', async () => {
    const registered = await graphql(
      tokens.recycler,
      `
        mutation ($input: RegisterLotInput!) {
          registerLot(input: $input) {
            lot {
              id
              code
              status
              gs1Identifier
            }
          }
        }
      `,
      {
        input: {
          supplierSiteId: 'site-1',
          materialKind: 'WIND_GENERATOR_MAGNET',
          sourceCategory: 'POST_CONSUMER',
          sourceEvidenceRef: 'doc-1',
          countryOfOrigin: 'DE',
          declaredMass: { value: '1500', unit: 'KGM' },
          weighing: {
            ticketNumber: 'T-9',
            vehicle: 'truck',
            scale: 'weighbridge-1',
            gross: { value: '14.5', unit: 'TNE' },
            tare: { value: '13', unit: 'TNE' },
          },
          receivedAt: '2026-03-02T08:00:00.000Z',
        },
      },
    );
    expect(registered.errors).toBeUndefined();
    const lot = registered.data.registerLot.lot;
    expect(lot.code).toMatch(/^L-\d{4}-\d{5,}$/);
    expect(lot.gs1Identifier).toBe(`https://id.example/01/04012345000047/10/${lot.code}`);

    const screened = await graphql(
      tokens.lab,
      `
        mutation ($input: ScreenLotInput!) {
          screenLot(input: $input) {
            lot {
              status
              screenings {
                sumOfRatios
                outcome
              }
            }
          }
        }
      `,
      { input: { lotId: lot.id, uraniumPpm: '0', thoriumPpm: '300' } },
    );
    expect(screened.errors).toBeUndefined();
    expect(screened.data.screenLot.lot).toEqual({
      status: 'QUARANTINED',
      screenings: [{ sumOfRatios: '1.23', outcome: 'EXCEEDED' }],
    });

    const intake = platform.info.dataSources.get('intake');
    if (!intake) throw new Error('the platform runs intake');
    let rows: { type: string; sequence: string; log_position: string | null; data: Buffer }[] = [];
    await waitFor(async () => {
      rows = await intake.query(
        `SELECT type, sequence, log_position, data FROM intake.outbox WHERE key = $1 ORDER BY id`,
        [lot.id],
      );
      return rows.length === 3 && rows.every((row) => row.log_position !== null);
    }, "the lot's three events in the embedded log");
    expect(rows.map((row) => [row.sequence, row.type])).toEqual([
      ['1', IntakeEventTypes.LotRegistered],
      ['2', IntakeEventTypes.LotScreened],
      ['3', IntakeEventTypes.LotQuarantined],
    ]);
    expect(decodeEventData(IntakeEventTypes.LotScreened, rows[1].data).sumOfRatios).toBe('1.23');
  });

  it("keeps intake's error codes and details through the platform's error formatter", async () => {
    const refused = await graphql(
      tokens.lab,
      `
        mutation {
          screenLot(input: { lotId: "01ARZ3NDEKTSV4RRFFQ69G5FAV", uraniumPpm: "1", thoriumPpm: "1" }) {
            replayed
          }
        }
      `,
    );
    expect(refused.errors?.[0]).toEqual({
      message: 'lotId: got 01ARZ3NDEKTSV4RRFFQ69G5FAV, must be the id of a lot you may see',
      // No locations: they point into the subgraph's fetch, which the gateway does not show.
      path: ['screenLot'],
      extensions: {
        code: 'UNKNOWN_LOT',
        field: 'lotId',
        value: '01ARZ3NDEKTSV4RRFFQ69G5FAV',
        rule: 'must be the id of a lot you may see',
        retryable: false,
      },
    });
    const auditorWrites = await graphql(
      tokens.auditor,
      `
        mutation {
          screenLot(input: { lotId: "01ARZ3NDEKTSV4RRFFQ69G5FAV", uraniumPpm: "1", thoriumPpm: "1" }) {
            replayed
          }
        }
      `,
    );
    expect(auditorWrites.errors?.[0].extensions.code).toBe('FORBIDDEN');
    const auditorReads = await graphql(tokens.auditor, '{ lots(first: 1) { pageInfo { hasNextPage } } }');
    expect(auditorReads.errors).toBeUndefined();
  });
});
