import { commonV1, IntakeEventTypes, intakeV1, processV1, Topics } from '@rre/contracts';
import { uniqueSchemaName } from '@rre/persistence';
import { processEventTypesOf } from '@rre/process-runs';
import type { DataSource } from 'typeorm';
import { ulid } from 'ulid';
import { ReconciliationQueries } from '../reconciliation/reconciliation-queries';
import { eventDelivery } from '../test-support/event-delivery';
import { composition, kg, lotRef } from '../test-support/event-builders';
import { openTraceTestDatabase, type TraceTestDatabase } from '../test-support/trace-test-database';
import { lotAndRunEventsConsumer } from './lot-and-run-events.consumer';

jest.setTimeout(120_000);

const reduction = processEventTypesOf('reduction');

let traceDatabase: TraceTestDatabase;
let dataSource: DataSource;
const schema = uniqueSchemaName('trace_corrected');
const { deliver } = eventDelivery({ dataSource: () => dataSource, consumer: lotAndRunEventsConsumer() });

beforeAll(async () => {
  traceDatabase = await openTraceTestDatabase(schema);
  dataSource = traceDatabase.dataSource;
});

afterAll(async () => {
  await traceDatabase?.close();
});

const tag = ulid();
const [OXIDE, ALLOY, RUN] = ['OX', 'AL', 'RUN'].map((name) => `${name}-${tag}`) as [string, string, string];
const tbBalance = (imbalance: string, closes: boolean) => ({
  closes,
  coverageFactor: '2',
  elements: [
    {
      element: 'Tb',
      losses: kg('0'),
      imbalance: kg(imbalance),
      combinedUncertainty: kg('0.01'),
      tolerance: kg('0.02'),
      closes,
    },
  ],
});

/**
 * An electrolysis batch takes 10 kg of oxide lot OX (10 % Tb: 1 kg Tb) and puts out 2 kg of alloy AL,
 * first assayed at 60 % Tb (1.2 kg: 0.2 kg more than went in, so the run does not close), then
 * corrected by the plant to 50 % Tb (1 kg: the run closes). Reduction stores the corrected assay
 * without publishing it as an assay event; RunCorrected's changes are the only place it appears.
 */
beforeAll(async () => {
  await deliver(
    Topics.IntakeLotEvents,
    IntakeEventTypes.LotRegistered,
    OXIDE,
    '2026-11-01T08:00:00.000Z',
    intakeV1.LotRegisteredSchema,
    {
      lot: lotRef(OXIDE),
      supplier: { organisationId: 'org-recycler-a' },
      sourceCategory: commonV1.SourceCategory.POST_CONSUMER,
      countryOfOrigin: 'JP',
      weighedNetMass: kg('10'),
      declaredComposition: composition({ Tb: '0.1' }),
    },
  );
  const at = (hour: string) => `2026-11-02T${hour}:00:00.000Z`;
  await deliver(Topics.ReductionRunEvents, reduction.RunPlanned, RUN, at('06'), processV1.RunPlannedSchema, {
    runId: RUN,
    kind: 'ELECTROLYSIS',
    equipmentId: 'CELL-1',
  });
  await deliver(Topics.ReductionRunEvents, reduction.RunStarted, RUN, at('07'), processV1.RunStartedSchema, {
    runId: RUN,
  });
  await deliver(
    Topics.ReductionLotEvents,
    reduction.LotReceived,
    OXIDE,
    at('07'),
    processV1.LotReceivedSchema,
    { lot: lotRef(OXIDE), kind: processV1.ProcessLotKind.MATERIAL, mass: kg('10') },
  );
  await deliver(
    Topics.ReductionLotEvents,
    reduction.LotQuantityTaken,
    OXIDE,
    at('08'),
    processV1.LotQuantityTakenSchema,
    {
      lot: lotRef(OXIDE),
      runId: RUN,
      movementId: `mv-${tag}`,
      kind: processV1.TakeKind.INPUT,
      mass: kg('10'),
      remainingMass: kg('0'),
    },
  );
  await deliver(
    Topics.ReductionLotEvents,
    reduction.LotProduced,
    ALLOY,
    at('10'),
    processV1.LotProducedSchema,
    {
      lot: lotRef(ALLOY),
      runId: RUN,
      role: processV1.OutputRole.PRODUCT,
      mass: kg('2'),
      composition: composition({ Tb: '0.6' }),
    },
  );
  await deliver(
    Topics.ReductionRunEvents,
    reduction.RunCompleted,
    RUN,
    at('11'),
    processV1.RunCompletedSchema,
    {
      runId: RUN,
      basis: processV1.CompletionBasis.FINAL,
      balance: tbBalance('-0.2', false),
    },
  );
});

describe('a run correction that changes an output assay (RunCorrected)', () => {
  it('replaces the output lot composition, so the run reconciles on the corrected figure', async () => {
    const queries = new ReconciliationQueries(dataSource);
    const before = await queries.run(RUN, ['Tb']);
    expect(before?.elements[0]).toMatchObject({
      totalInKg: '1',
      totalOutKg: '1.2',
      differenceKg: '-0.2',
      closes: false,
    });

    await deliver(
      Topics.ReductionRunEvents,
      reduction.RunCorrected,
      RUN,
      '2026-11-02T12:00:00.000Z',
      processV1.RunCorrectedSchema,
      {
        runId: RUN,
        correctionId: `corr-${tag}`,
        reason: 'assay repeated: the first sample held salt',
        changesJson: JSON.stringify([
          {
            field: 'composition',
            lotId: ALLOY,
            old: { Tb: { fraction: '0.6' } },
            new: { Tb: { fraction: '0.5' } },
          },
        ]),
        balanceBefore: tbBalance('-0.2', false),
        balanceAfter: tbBalance('0', true),
      },
    );

    const after = await queries.run(RUN, ['Tb']);
    expect(after?.elements[0]).toMatchObject({
      totalInKg: '1',
      totalOutKg: '1',
      differenceKg: '0',
      closes: true,
    });
    expect(after?.status).toBe('CLOSED');
    const [row] = (await dataSource.query(`SELECT composition FROM "${schema}".trace_lot WHERE lot_id = $1`, [
      ALLOY,
    ])) as { composition: { element: string; fraction: string }[] }[];
    expect(row?.composition).toEqual([{ element: 'Tb', fraction: '0.5' }]);
  });
});

describe("intake's correction of a registered fact (LotCorrected)", () => {
  const lotRow = async () =>
    (
      (await dataSource.query(
        `SELECT source_category, country_of_origin, mass_kg::text AS mass_kg FROM "${schema}".trace_lot WHERE lot_id = $1`,
        [OXIDE],
      )) as { source_category: string; country_of_origin: string; mass_kg: string }[]
    )[0];
  const correct = (field: string, oldValue: string, newValue: string, time: string) =>
    deliver(Topics.IntakeLotEvents, IntakeEventTypes.LotCorrected, OXIDE, time, intakeV1.LotCorrectedSchema, {
      lot: lotRef(OXIDE),
      correctsEventId: 'registration',
      correctsEventType: IntakeEventTypes.LotRegistered,
      field,
      oldValue,
      newValue,
      reason: 'the delivery note named the wrong origin',
    });

  it('replaces the source category, country of origin and weighed mass the genealogy traces', async () => {
    expect(await lotRow()).toEqual({
      source_category: 'POST_CONSUMER',
      country_of_origin: 'JP',
      mass_kg: '10',
    });

    await correct(
      'source_category',
      'SOURCE_CATEGORY_POST_CONSUMER',
      'SOURCE_CATEGORY_PRE_CONSUMER',
      '2026-11-03T08:00:00.000Z',
    );
    await correct('country_of_origin', 'JP', 'DE', '2026-11-03T08:01:00.000Z');
    await correct(
      'weighed_net_mass',
      '{"value":"10","unitCode":"KGM"}',
      '{"value":"9.98","unitCode":"KGM"}',
      '2026-11-03T08:02:00.000Z',
    );
    // Moisture does not enter the genealogy: nothing changes.
    await correct('moisture_fraction', '', '{"value":"0.01","unitCode":"C62"}', '2026-11-03T08:03:00.000Z');

    expect(await lotRow()).toEqual({
      source_category: 'PRE_CONSUMER',
      country_of_origin: 'DE',
      mass_kg: '9.98',
    });
  });

  it('refuses a category that is not one, and changes nothing', async () => {
    await expect(
      correct(
        'source_category',
        'SOURCE_CATEGORY_PRE_CONSUMER',
        'SOURCE_CATEGORY_RECYCLED',
        '2026-11-03T09:00:00.000Z',
      ),
    ).rejects.toThrow(
      'field source_category, value "SOURCE_CATEGORY_RECYCLED" must be one of POST_CONSUMER, PRE_CONSUMER, PRIMARY',
    );
    expect(await lotRow()).toEqual({
      source_category: 'PRE_CONSUMER',
      country_of_origin: 'DE',
      mass_kg: '9.98',
    });
  });
});
