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
import { reductionMigrations } from '../persistence/reduction-persistence';
import { ReductionApplication } from '../reduction-application';
import { DEFAULT_REDUCTION_SETTINGS } from '../reduction-config';
import { ReductionModule } from '../reduction.module';

jest.setTimeout(120_000);

// Reduction's fields on the federated Lot, as the gateway asks for them (`_entities`): a Tb4O7 lot
// from separation, the Tb-Zn alloy an electrolysis batch made of it, and the Tb metal and recovered
// zinc a distillation run made of the alloy; who may read what reduction knows of them.

const ENTITIES = `query ($representations: [_Any!]!) { _entities(representations: $representations) {
  ... on Lot { id reduction { custody receivedFrom massKg remainingKg
    produced { runKind role form element purityPercent }
    runs { kind status netTakenKg } } } } }`;

const OXIDE = '01KLOTREDTB4O7000000000001';
const ALLOY = '01KLOTREDTBZN0000000000002';
const METAL = '01KLOTREDTBMETAL0000000003';
const ZINC = '01KLOTREDZN00000000000004';

const request = (): ProcessRequest => ({
  actor: { subject: 'mes-red-1', organisationId: 'org-plant' },
  correlationId: ulid(),
  requestId: ulid(),
});
const kg = (value: string) => ({ value, unit: 'KGM' });
const fractions = (contents: Record<string, string>) => ({
  unit: 'C62',
  contents: Object.entries(contents).map(([element, value]) => ({ element, value })),
});

describe(`Lot.reduction through entity references (${process.env.TEST_DATABASE ?? 'postgres'})`, () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let subgraph: InProcessSubgraph;
  let keyDir: string;
  let mint: (subject: string, organisationId: string, role: Role) => Promise<string>;
  const quiet = createLogger('reduction-lot-test', { level: 'silent' });
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
      service: uniqueSchemaName('red_lot'),
      poolSize: 4,
      entities: [],
      migrations: reductionMigrations,
    });
    const app = new ReductionApplication({ dataSource, settings: DEFAULT_REDUCTION_SETTINGS });
    const runs = app.processRuns;

    // 2 kg of Tb4O7 from separation (Tb 1.698731 kg), all taken by an electrolysis batch onto a
    // zinc cathode, which yields 10 kg of Tb-Zn alloy at 16 % Tb.
    await tx((m) =>
      runs.receiveLot(m, request(), {
        lotId: OXIDE,
        lotCode: 'TB4O7-2026-0201',
        kind: 'MATERIAL',
        mass: kg('2'),
        composition: fractions({ Tb: '0.8493653', O: '0.1506347' }),
        compositionStatus: 'FINAL',
        custody: 'HELD',
        from: { service: 'separation', transferId: 'tr-red-201' },
      }),
    );
    const electrolysisRunId =
      (
        await tx((m) =>
          app.planning.planElectrolysis(m, request(), {
            equipmentId: 'EC-3',
            workOrder: 'WO-RED-201',
            electrolysis: {
              cell: 'EC-3',
              electrolyte: 'LiCl-KCl',
              cathodeAlloy: 'Zn',
              anode: 'graphite',
              operatingTemperatureCelsius: '700',
              targetElement: 'Tb',
            },
          }),
        )
      ).runId ?? '';
    await tx((m) => runs.startRun(m, request(), { runId: electrolysisRunId }));
    await tx((m) => runs.takeInput(m, request(), { runId: electrolysisRunId, lotId: OXIDE }));
    await tx((m) =>
      runs.declareOutput(m, request(), {
        runId: electrolysisRunId,
        lotId: ALLOY,
        lotCode: 'TBZN-2026-0201',
        role: 'PRODUCT',
        mass: kg('10'),
        composition: fractions({ Tb: '0.16', Zn: '0.84' }),
      }),
    );

    // A distillation run takes 9 kg of the alloy (1 kg is left) into 1.44 kg of Tb metal at
    // 99.55 % and 7.5 kg of zinc still holding 0.12 % Tb.
    const distillationRunId =
      (
        await tx((m) =>
          app.planning.planDistillation(m, request(), {
            equipmentId: 'VD-1',
            workOrder: 'WO-RED-202',
            distillation: {
              temperatureCelsius: '900',
              pressurePa: '10',
              durationHours: '6',
              targetElement: 'Tb',
            },
          }),
        )
      ).runId ?? '';
    await tx((m) => runs.startRun(m, request(), { runId: distillationRunId }));
    await tx((m) => runs.takeInput(m, request(), { runId: distillationRunId, lotId: ALLOY, mass: kg('9') }));
    await tx((m) =>
      runs.declareOutput(m, request(), {
        runId: distillationRunId,
        lotId: METAL,
        lotCode: 'TB-2026-0201',
        role: 'PRODUCT',
        mass: kg('1.44'),
        composition: fractions({ Tb: '0.9955', Zn: '0.0045' }),
      }),
    );
    await tx((m) =>
      runs.declareOutput(m, request(), {
        runId: distillationRunId,
        lotId: ZINC,
        lotCode: 'ZN-2026-0201',
        role: 'BY_PRODUCT',
        mass: kg('7.5'),
        composition: fractions({ Tb: '0.0012', Zn: '0.9988' }),
      }),
    );

    keyDir = mkdtempSync(path.join(tmpdir(), 'rre-red-lot-keys-'));
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
        name: 'reduction',
        module: ReductionModule.forRoot({ dataSource, settings: DEFAULT_REDUCTION_SETTINGS }),
      },
      {
        authenticator: auth.authenticator,
        authLogger: quiet,
        hardening: graphqlHardening(
          loadConfig('reduction-lot-test', graphqlHardeningConfigSpec, { RATE_LIMIT_ENABLED: 'false' }),
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

  const records = [
    {
      id: OXIDE,
      reduction: {
        custody: 'HELD',
        receivedFrom: 'separation',
        massKg: '2',
        remainingKg: '0',
        produced: null,
        runs: [{ kind: 'ELECTROLYSIS', status: 'STARTED', netTakenKg: '2' }],
      },
    },
    {
      id: ALLOY,
      reduction: {
        custody: 'HELD',
        receivedFrom: null,
        massKg: '10',
        remainingKg: '1',
        produced: {
          runKind: 'ELECTROLYSIS',
          role: 'PRODUCT',
          form: 'ALLOY',
          element: 'Tb',
          purityPercent: '16',
        },
        runs: [{ kind: 'VACUUM_DISTILLATION', status: 'STARTED', netTakenKg: '9' }],
      },
    },
    {
      id: METAL,
      reduction: {
        custody: 'HELD',
        receivedFrom: null,
        massKg: '1.44',
        remainingKg: '1.44',
        produced: {
          runKind: 'VACUUM_DISTILLATION',
          role: 'PRODUCT',
          form: 'METAL',
          element: 'Tb',
          purityPercent: '99.55',
        },
        runs: [],
      },
    },
    {
      id: ZINC,
      reduction: {
        custody: 'HELD',
        receivedFrom: null,
        massKg: '7.5',
        remainingKg: '7.5',
        produced: {
          runKind: 'VACUUM_DISTILLATION',
          role: 'BY_PRODUCT',
          form: null,
          element: 'Tb',
          purityPercent: '0.12',
        },
        runs: [],
      },
    },
  ];

  it('extends Lot (key id) with reduction, and nothing of intake’s', () => {
    expect(subgraph.sdl).toContain('type Lot @key(fields: "id")');
    expect(subgraph.sdl).toContain('reduction: ReductionLotRecord');
    expect(subgraph.sdl).not.toContain('gs1Identifier');
  });

  it('shows auditors, admins, operators and lab staff the oxide, the alloy made of it and the metal made of that', async () => {
    const unknown = '01KLOTREDUNKNOWN0000000005';
    for (const role of ['auditor', 'admin', 'operator', 'lab'] as const) {
      const token = await mint(`usr-${role}-1`, 'org-plant', role);
      expect(await entities(token, [OXIDE, ALLOY, METAL, ZINC, unknown])).toEqual({
        data: { _entities: [...records, { id: unknown, reduction: null }] },
      });
    }
  });

  it('gives a recycler nothing, not even whether reduction knows the lot, and logs the refusal', async () => {
    const warn = jest.spyOn(quiet, 'warn');
    const recycler = await mint('usr-rec-1', 'org-recycler-a', 'recycler');
    expect(await entities(recycler, [OXIDE, METAL])).toEqual({ data: { _entities: [null, null] } });
    expect(warn).toHaveBeenCalledWith(
      expect.objectContaining({
        event: 'access_denied',
        code: 'FORBIDDEN',
        reason: 'may not read a lot reduction cannot attribute to an organisation',
        subject: 'usr-rec-1',
      }),
      expect.any(String),
    );
    warn.mockRestore();
  });

  it('refuses roles that do not read lots (sales), and callers without a token', async () => {
    const sales = await entities(await mint('usr-s1', 'org-plant', 'sales'), [METAL]);
    expect(sales.data).toEqual({ _entities: [null] });
    expect(sales.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN' });
    const anonymous = await entities(undefined, [METAL]);
    expect(anonymous.data).toEqual({ _entities: [null] });
    expect(anonymous.errors?.[0].extensions).toMatchObject({ code: 'UNAUTHENTICATED' });
  });
});
