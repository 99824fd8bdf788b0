import 'reflect-metadata';
import {
  createAuth,
  DEFAULT_AUDIENCE,
  EMBEDDED_ISSUER,
  graphqlHardening,
  graphqlHardeningConfigSpec,
  mintToken,
  type Role,
} from '@rre/auth';
import { loadConfig } from '@rre/config';
import { type InProcessSubgraph, startInProcessSubgraph } from '@rre/graphql';
import {
  inTransaction,
  openServiceDatabase,
  openTestDatabase,
  serviceSchema,
  type TestDatabase,
  uniqueSchemaName,
} from '@rre/persistence';
import type { ProcessRequest } from '@rre/process-runs';
import { createLogger } from '@rre/telemetry';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { DataSource, EntityManager } from 'typeorm';
import { ulid } from 'ulid';
import { separationMigrations } from '../persistence/separation-persistence';
import { SeparationApplication } from '../separation-application';
import { DEFAULT_SEPARATION_SETTINGS } from '../separation-config';
import { SeparationModule } from '../separation.module';

jest.setTimeout(120_000);

// Separation's fields on the federated Lot, as the gateway asks for them (`_entities`): a feed lot
// from concentration, the Tb-rich fraction an SX run made of it, and the Tb4O7 lot calcined from
// that fraction; who may read what separation knows of them.

const ENTITIES = `query ($representations: [_Any!]!) { _entities(representations: $representations) {
  ... on Lot { id separation { custody receivedFrom massKg remainingKg producedByRunId
    fraction { kind purityPercent assayPurityPercent }
    oxide { oxide element oxideMassKg purityPercent elementMassKg }
    runs { kind status netTakenKg } } } } }`;

const FEED = '01KLOTSEPFEED0000000000001';
const TB_RICH = '01KLOTSEPTBRICH00000000002';
const OXIDE = '01KLOTSEPTB4O7000000000003';

const request = (): ProcessRequest => ({
  actor: { subject: 'mes-sx-1', organisationId: 'org-plant' },
  correlationId: ulid(),
  requestId: ulid(),
});
const fractions = (contents: Record<string, string>) => ({
  unit: 'C62',
  contents: Object.entries(contents).map(([element, value]) => ({ element, value })),
});

describe(`Lot.separation through entity references (${process.env.TEST_DATABASE ?? 'postgres'})`, () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let subgraph: InProcessSubgraph;
  let keyDir: string;
  let sxRunId: string;
  let calcinationRunId: string;
  let mint: (subject: string, organisationId: string, role: Role) => Promise<string>;
  const quiet = createLogger('separation-lot-test', { level: 'silent' });
  const tx = <T>(work: (manager: EntityManager) => Promise<T>) => inTransaction(dataSource, work);

  async function entities(token: string | undefined, ids: string[]) {
    return subgraph.dataSource.process({
      request: {
        query: ENTITIES,
        variables: { representations: ids.map((id) => ({ __typename: 'Lot', id })) },
      },
      context: { req: { headers: token ? { authorization: `Bearer ${token}` } : {} } },
    } as never);
  }

  beforeAll(async () => {
    database = await openTestDatabase();
    dataSource = await openServiceDatabase({
      url: database.url,
      service: uniqueSchemaName('sep_lot'),
      poolSize: 4,
      entities: [],
      migrations: separationMigrations,
    });
    const app = new SeparationApplication({ dataSource, settings: DEFAULT_SEPARATION_SETTINGS });

    // 100 kg of concentrate from concentration (Dy 8 kg, Tb 2 kg), all taken by an SX run that
    // declares a 50 kg Tb-rich fraction (Tb 1.9 kg, Dy 0.04 kg; stated purity 97.9 %).
    await tx((m) =>
      app.processRuns.receiveLot(m, request(), {
        lotId: FEED,
        lotCode: 'HRE-2026-0101',
        kind: 'MATERIAL',
        mass: { value: '100', unit: 'KGM' },
        composition: fractions({ Dy: '0.08', Tb: '0.02', Nd: '0', Pr: '0' }),
        compositionStatus: 'FINAL',
        custody: 'HELD',
        from: { service: 'concentration', transferId: 'tr-sep-101' },
      }),
    );
    sxRunId =
      (
        await tx((m) =>
          app.planning.planSolventExtractionRun(m, request(), {
            equipmentId: 'EFC-2',
            workOrder: 'WO-SEP-101',
            solventExtraction: {
              extractant: { name: 'X7', kind: 'NEW' },
              diluent: 'kerosene',
              contactor: { type: 'EMULSION_FLOW', volumeL: '100' },
              stages: { extraction: 6, scrub: 4, strip: 3 },
              organicFlowLPerH: '100',
              aqueousFlowLPerH: '50',
              ph: '1.8',
            },
          }),
        )
      ).runId ?? '';
    await tx((m) => app.processRuns.startRun(m, request(), { runId: sxRunId }));
    await tx((m) => app.processRuns.takeInput(m, request(), { runId: sxRunId, lotId: FEED }));
    await tx((m) =>
      app.fractions.declare(m, request(), {
        runId: sxRunId,
        kind: 'TB_RICH',
        lotId: TB_RICH,
        lotCode: 'TB-RICH-2026-0101',
        massKg: '50',
        assay: fractions({ Tb: '0.038', Dy: '0.0008', Nd: '0', Pr: '0' }),
        purityPercent: '97.9',
      }),
    );

    // A calcination run takes the whole fraction and books 2 kg of Tb4O7 at 99.9 %:
    // Tb = 2 x 0.999 x 635.701416 / 747.694416 = 1.698731 kg (of the 1.9 kg fed).
    calcinationRunId =
      (
        await tx((m) =>
          app.planning.planCalcinationRun(m, request(), {
            equipmentId: 'KILN-1',
            workOrder: 'WO-SEP-102',
            calcination: { temperatureCelsius: '900', durationH: '4', atmosphere: 'AIR' },
          }),
        )
      ).runId ?? '';
    await tx((m) => app.processRuns.startRun(m, request(), { runId: calcinationRunId }));
    await tx((m) => app.processRuns.takeInput(m, request(), { runId: calcinationRunId, lotId: TB_RICH }));
    await tx((m) =>
      app.oxides.declare(m, request(), {
        runId: calcinationRunId,
        oxide: 'TB4O7',
        lotId: OXIDE,
        lotCode: 'TB4O7-2026-0101',
        oxideMassKg: '2',
        purityPercent: '99.9',
      }),
    );

    keyDir = mkdtempSync(path.join(tmpdir(), 'rre-sep-lot-keys-'));
    const auth = await createAuth({
      mode: 'embedded',
      keyDir,
      keyAlgorithm: 'EdDSA',
      issuer: EMBEDDED_ISSUER,
      audience: DEFAULT_AUDIENCE,
      algorithms: ['EdDSA'],
      clockToleranceSeconds: 30,
      claims: { roles: 'roles', organisation: 'org' },
    });
    subgraph = await startInProcessSubgraph(
      {
        name: 'separation',
        module: SeparationModule.forRoot({ dataSource, settings: DEFAULT_SEPARATION_SETTINGS }),
      },
      {
        authenticator: auth.authenticator,
        authLogger: quiet,
        hardening: graphqlHardening(
          loadConfig('separation-lot-test', graphqlHardeningConfigSpec, { RATE_LIMIT_ENABLED: 'false' }),
          { authenticator: auth.authenticator, logger: quiet },
        ),
        introspection: false,
        logLevel: 'silent',
      },
    );
    const key = auth.signingKey;
    if (!key) throw new Error('embedded auth has a signing key');
    mint = (subject, organisationId, role) => mintToken(key, { subject, organisationId, roles: [role] });
  });

  afterAll(async () => {
    await subgraph?.close();
    if (dataSource?.isInitialized) {
      await dataSource.query(`DROP SCHEMA "${serviceSchema(dataSource)}" CASCADE`);
      await dataSource.destroy();
    }
    await database?.close();
    if (keyDir) rmSync(keyDir, { recursive: true, force: true });
  });

  const records = () => [
    {
      id: FEED,
      separation: {
        custody: 'HELD',
        receivedFrom: 'concentration',
        massKg: '100',
        remainingKg: '0',
        producedByRunId: null,
        fraction: null,
        oxide: null,
        runs: [{ kind: 'SOLVENT_EXTRACTION', status: 'STARTED', netTakenKg: '100' }],
      },
    },
    {
      id: TB_RICH,
      separation: {
        custody: 'HELD',
        receivedFrom: null,
        massKg: '50',
        remainingKg: '0',
        producedByRunId: sxRunId,
        // Assay purity: Tb / (Tb + Dy + Nd + Pr) = 0.038 / 0.0388 = 97.938144 %.
        fraction: { kind: 'TB_RICH', purityPercent: '97.9', assayPurityPercent: '97.938144' },
        oxide: null,
        runs: [{ kind: 'CALCINATION', status: 'STARTED', netTakenKg: '50' }],
      },
    },
    {
      id: OXIDE,
      separation: {
        custody: 'HELD',
        receivedFrom: null,
        massKg: '2',
        remainingKg: '2',
        producedByRunId: calcinationRunId,
        fraction: null,
        oxide: {
          oxide: 'TB4O7',
          element: 'Tb',
          oxideMassKg: '2',
          purityPercent: '99.9',
          elementMassKg: '1.698731',
        },
        runs: [],
      },
    },
  ];

  it('extends Lot (key id) with separation, and nothing of intake’s', () => {
    expect(subgraph.sdl).toContain('type Lot @key(fields: "id")');
    expect(subgraph.sdl).toContain('separation: SeparationLotRecord');
    expect(subgraph.sdl).not.toContain('gs1Identifier');
  });

  it('shows auditors, admins, operators and lab staff a feed, the fraction made of it and the oxide made of that', async () => {
    const unknown = '01KLOTSEPUNKNOWN0000000004';
    for (const role of ['auditor', 'admin', 'operator', 'lab'] as const) {
      const answer = await entities(await mint(`usr-${role}-1`, 'org-plant', role), [
        FEED,
        TB_RICH,
        OXIDE,
        unknown,
      ]);
      expect(answer).toEqual({ data: { _entities: [...records(), { id: unknown, separation: null }] } });
    }
  });

  it('gives a recycler nothing, not even whether separation knows the lot, and logs the refusal', async () => {
    const warn = jest.spyOn(quiet, 'warn');
    const recycler = await mint('usr-rec-1', 'org-recycler-a', 'recycler');
    expect(await entities(recycler, [FEED, OXIDE])).toEqual({ data: { _entities: [null, null] } });
    expect(warn).toHaveBeenCalledWith(
      expect.objectContaining({
        event: 'access_denied',
        code: 'FORBIDDEN',
        reason: 'may not read a lot separation cannot attribute to an organisation',
        subject: 'usr-rec-1',
      }),
      expect.any(String),
    );
    warn.mockRestore();
  });

  it('refuses roles that do not read lots (sales), and callers without a token', async () => {
    const sales = await entities(await mint('usr-s1', 'org-plant', 'sales'), [OXIDE]);
    expect(sales.data).toEqual({ _entities: [null] });
    expect(sales.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN' });
    const anonymous = await entities(undefined, [OXIDE]);
    expect(anonymous.data).toEqual({ _entities: [null] });
    expect(anonymous.errors?.[0].extensions).toMatchObject({ code: 'UNAUTHENTICATED' });
  });
});
