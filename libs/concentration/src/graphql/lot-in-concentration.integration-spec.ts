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
import { commonV1, IntakeEventTypes } from '@rre/contracts';
import { type InProcessSubgraph, startInProcessSubgraph } from '@rre/graphql';
import { EmbeddedEventConsumer } from '@rre/messaging';
import {
  inTransaction,
  openServiceDatabase,
  openTestDatabase,
  serviceSchema,
  type TestDatabase,
  uniqueSchemaName,
} from '@rre/persistence';
import { createLogger } from '@rre/telemetry';
import { waitFor } from '@rre/testing';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { DataSource } from 'typeorm';
import { ConcentrationApplication } from '../concentration-application';
import { DEFAULT_CONCENTRATION_SETTINGS } from '../concentration-config';
import { ConcentrationModule } from '../concentration.module';
import { concentrationMigrations } from '../persistence/concentration-persistence';
import { IntakeEventSource } from '../test-support/intake-event-source';

jest.setTimeout(120_000);

// Concentration's fields on the federated Lot, as the gateway asks for them (`_entities`), with
// the lots fed to it by intake's events: who may read what concentration knows of a lot.

const ENTITIES = `query ($representations: [_Any!]!) { _entities(representations: $representations) {
  ... on Lot { id concentration { custody route offeredMassKg receivedMassKg remainingKg
    runs { kind status netTakenKg } } } } }`;

const MAGNET = '01KLOTCONCMAGNET0000000001';
const SWARF = '01KLOTCONCSWARF00000000002';
const UNATTRIBUTED = '01KLOTCONCOLD0000000000003';

describe(`Lot.concentration through entity references (${process.env.TEST_DATABASE ?? 'postgres'})`, () => {
  let database: TestDatabase;
  let intake: IntakeEventSource;
  let concentration: DataSource;
  let consumer: EmbeddedEventConsumer;
  let subgraph: InProcessSubgraph;
  let keyDir: string;
  let mint: (subject: string, organisationId: string, role: Role) => Promise<string>;
  const consumerName = uniqueSchemaName('conc_lot_entity');
  const publish: IntakeEventSource['publish'] = (lotId, type, message) =>
    intake.publish(lotId, type, message);

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
    intake = await IntakeEventSource.open(database.url);
    concentration = await openServiceDatabase({
      url: database.url,
      service: uniqueSchemaName('conc'),
      poolSize: 4,
      entities: [],
      migrations: concentrationMigrations,
    });
    const application = new ConcentrationApplication({
      dataSource: concentration,
      settings: DEFAULT_CONCENTRATION_SETTINGS,
    });

    // Intake's events: recycler A's magnet lot handed over and accepted, recycler B's swarf lot
    // registered only, and a lot copied before concentration kept who delivered it.
    await publish(MAGNET, IntakeEventTypes.LotRegistered, {
      lot: { lotId: MAGNET, lotCode: 'L-2026-00201' },
      supplier: { organisationId: 'org-recycler-a' },
      materialKind: commonV1.MaterialKind.EV_MOTOR_MAGNET,
      sourceCategory: commonV1.SourceCategory.POST_CONSUMER,
      weighedNetMass: { value: '1000', unitCode: 'KGM' },
    });
    await publish(SWARF, IntakeEventTypes.LotRegistered, {
      lot: { lotId: SWARF, lotCode: 'L-2026-00202' },
      supplier: { organisationId: 'org-recycler-b' },
      materialKind: commonV1.MaterialKind.MAGNET_SWARF_SLUDGE,
      sourceCategory: commonV1.SourceCategory.PRE_CONSUMER,
      weighedNetMass: { value: '500', unitCode: 'KGM' },
    });
    await publish(UNATTRIBUTED, IntakeEventTypes.LotRegistered, {
      lot: { lotId: UNATTRIBUTED, lotCode: 'L-2026-00203' },
      materialKind: commonV1.MaterialKind.LOW_GRADE_ORE,
      sourceCategory: commonV1.SourceCategory.PRIMARY,
      weighedNetMass: { value: '20', unitCode: 'TNE' },
    });
    await publish(MAGNET, IntakeEventTypes.LotCustodyTransferred, {
      lot: { lotId: MAGNET, lotCode: 'L-2026-00201' },
      transferId: 'tr-201',
      fromService: commonV1.ServiceName.INTAKE,
      toService: commonV1.ServiceName.CONCENTRATION,
      mass: { value: '1000', unitCode: 'KGM' },
    });
    await publish(MAGNET, IntakeEventTypes.LotCustodyAccepted, {
      lot: { lotId: MAGNET, lotCode: 'L-2026-00201' },
      transferId: 'tr-201',
      custodian: commonV1.ServiceName.CONCENTRATION,
      receivedMass: { value: '999.5', unitCode: 'KGM' },
    });
    consumer = new EmbeddedEventConsumer({
      dataSource: concentration,
      definition: application.intakeLotEventsConsumer(consumerName),
      sources: [intake.schema],
      pollIntervalMs: 20,
    });
    consumer.start();
    await waitFor(
      async () => (await application.processRuns.getLot(concentration.manager, MAGNET)) !== undefined,
      'concentration holds the magnet lot',
    );

    // A leaching run takes 800 kg of it and gives 50 kg back: 750 kg net, 249.5 kg remain.
    const request = (id: string) => ({
      actor: { subject: 'mes-line-2', organisationId: 'org-plant' },
      correlationId: `corr-${id}`,
      requestId: `req-${id}`,
    });
    await inTransaction(concentration, async (manager) => {
      const planned = await application.planning.planLeachingRun(manager, request('plan'), {
        equipmentId: 'R-101',
        workOrder: 'WO-201',
        leaching: { acid: 'HYDROCHLORIC', acidConcentrationMolPerL: '6', temperatureCelsius: '80' },
      });
      const runId = planned.runId ?? '';
      await application.processRuns.startRun(manager, request('start'), { runId });
      await application.processRuns.takeInput(manager, request('take'), {
        runId,
        lotId: MAGNET,
        mass: { value: '800', unit: 'KGM' },
      });
      await application.processRuns.returnInput(manager, request('return'), {
        runId,
        lotId: MAGNET,
        mass: { value: '50', unit: 'KGM' },
      });
    });

    keyDir = mkdtempSync(path.join(tmpdir(), 'rre-conc-lot-keys-'));
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
    const quiet = createLogger('concentration-lot-test', { level: 'silent' });
    subgraph = await startInProcessSubgraph(
      {
        name: 'concentration',
        module: ConcentrationModule.forRoot({
          dataSource: concentration,
          settings: DEFAULT_CONCENTRATION_SETTINGS,
        }),
      },
      {
        authenticator: auth.authenticator,
        authLogger: quiet,
        hardening: graphqlHardening(
          loadConfig('concentration-lot-test', graphqlHardeningConfigSpec, { RATE_LIMIT_ENABLED: 'false' }),
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
    await consumer?.stop();
    await intake?.close();
    if (concentration?.isInitialized) {
      await concentration.query(`DROP SCHEMA "${serviceSchema(concentration)}" CASCADE`);
      await concentration.destroy();
    }
    await database?.close();
    if (keyDir) rmSync(keyDir, { recursive: true, force: true });
  });

  const magnetRecord = {
    id: MAGNET,
    concentration: {
      custody: 'HELD',
      route: 'LEACHING',
      offeredMassKg: '1000',
      receivedMassKg: '999.5',
      remainingKg: '249.5',
      runs: [{ kind: 'LEACHING', status: 'STARTED', netTakenKg: '750' }],
    },
  };

  it('extends Lot (key id) with concentration, and nothing of intake’s', () => {
    expect(subgraph.sdl).toContain('type Lot @key(fields: "id")');
    expect(subgraph.sdl).toContain('concentration: ConcentrationLotRecord');
    expect(subgraph.sdl).not.toContain('gs1Identifier');
  });

  it("shows a recycler its own organisation's lot: custody, masses and the runs that took from it", async () => {
    const recyclerA = await mint('usr-a1', 'org-recycler-a', 'recycler');
    expect(await entities(recyclerA, [MAGNET])).toEqual({ data: { _entities: [magnetRecord] } });
  });

  it("gives a recycler nothing of another organisation's lot, nor of a lot it cannot attribute", async () => {
    const recyclerB = await mint('usr-b1', 'org-recycler-b', 'recycler');
    expect(await entities(recyclerB, [MAGNET, UNATTRIBUTED, SWARF])).toEqual({
      data: {
        _entities: [
          null,
          null,
          {
            id: SWARF,
            concentration: {
              custody: 'AT_INTAKE',
              route: 'LEACHING',
              offeredMassKg: null,
              receivedMassKg: null,
              remainingKg: null,
              runs: [],
            },
          },
        ],
      },
    });
  });

  it('shows auditors and operators every lot, and null for a lot concentration never heard of', async () => {
    const unknown = '01KLOTCONCUNKNOWN000000004';
    for (const token of [
      await mint('usr-aud-1', 'org-audit', 'auditor'),
      await mint('usr-op-1', 'org-plant', 'operator'),
    ]) {
      const answer = await entities(token, [MAGNET, UNATTRIBUTED, unknown]);
      expect(answer.data?._entities).toEqual([
        magnetRecord,
        {
          id: UNATTRIBUTED,
          concentration: expect.objectContaining({ custody: 'AT_INTAKE', route: 'ADSORPTION' }),
        },
        { id: unknown, concentration: null },
      ]);
    }
  });

  it('refuses roles that do not read lots, and callers without a token', async () => {
    const sales = await entities(await mint('usr-s1', 'org-plant', 'sales'), [MAGNET]);
    expect(sales.data).toEqual({ _entities: [null] });
    expect(sales.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN' });
    const anonymous = await entities(undefined, [MAGNET]);
    expect(anonymous.data).toEqual({ _entities: [null] });
    expect(anonymous.errors?.[0].extensions).toMatchObject({ code: 'UNAUTHENTICATED' });
  });
});
