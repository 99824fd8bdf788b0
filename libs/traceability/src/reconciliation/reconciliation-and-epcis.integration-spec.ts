import type { MessageInitShape } from '@bufbuild/protobuf';
import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import {
  commonV1,
  IntakeEventTypes,
  intakeV1,
  processV1,
  SalesEventTypes,
  salesV1,
  Topics,
} from '@rre/contracts';
import { uniqueSchemaName } from '@rre/persistence';
import { processEventTypesOf } from '@rre/process-runs';
import type { DataSource } from 'typeorm';
import { ulid } from 'ulid';
import { EpcisExport } from '../epcis/epcis-export';
import { epcisSchemaErrors } from '../epcis/epcis-schema.test-support';
import { lotAndRunEventsConsumer } from '../messaging/lot-and-run-events.consumer';
import { principal } from '../test-support/callers';
import { eventDelivery } from '../test-support/event-delivery';
import { composition, kg, lotRef } from '../test-support/event-builders';
import { openTraceTestDatabase, type TraceTestDatabase } from '../test-support/trace-test-database';
import { ReconciliationQueries } from './reconciliation-queries';

jest.setTimeout(120_000);

const auditor = principal(['auditor'], 'org-audit', 'usr-audit-1');
const recycler = principal(['recycler'], 'org-recycler-a', 'usr-rec-1');
const concentration = processEventTypesOf('concentration');
const separation = processEventTypesOf('separation');

let traceDatabase: TraceTestDatabase;
let dataSource: DataSource;
const schema = uniqueSchemaName('trace_recon');
/** Publishes one event to the consumer, numbered in its lot's or run's sequence at its service. */
const { deliver } = eventDelivery({ dataSource: () => dataSource, consumer: lotAndRunEventsConsumer() });

beforeAll(async () => {
  traceDatabase = await openTraceTestDatabase(schema);
  dataSource = traceDatabase.dataSource;
});

afterAll(async () => {
  await traceDatabase?.close();
});

const tag = ulid();
const id = (name: string) => `${name}-${tag}`;
const [A, B, P, Q, C, P2, Q2, M, Q3] = ['A', 'B', 'P', 'Q', 'C', 'P2', 'Q2', 'M', 'Q3'].map(id) as [
  string,
  string,
  string,
  string,
  string,
  string,
  string,
  string,
  string,
];
const [R1, R2, R3, R4] = ['R1', 'R2', 'R3', 'R4'].map(id) as [string, string, string, string];

/** One element of a published balance, as the run library states it (its losses replace the declared ones). */
function elementBalance(
  element: string,
  losses: string,
  imbalance: string,
  tolerance: string,
  closes: boolean,
) {
  return {
    element,
    losses: kg(losses),
    imbalance: kg(imbalance),
    combinedUncertainty: kg('0'),
    tolerance: kg(tolerance),
    closes,
  };
}

/**
 * Magnet lot A (40 kg: 2.5 % Tb, 5 % Dy, post-consumer, assayed) and swarf lot B (10 kg: 1 % Tb,
 * 4 % Dy declared, pre-consumer) go through three runs:
 *  R1 leaching (concentration, completed 2 Nov): takes A 40 + B 10; puts out P 5 kg (19 % Tb, 30 % Dy),
 *     residue Q 44 kg (0.1 % Tb, 2 % Dy), closing inventory C 1 kg (5 % Tb, 1 % Dy); loses 0.05 Tb, 0.01 Dy.
 *     Tb 1.1 in, 1.094 out: +0.006 within 0.008. Dy 2.4 in, 2.4 out: 0.  CLOSED.
 *  R2 adsorption (concentration, 3 Nov): opening inventory C 1 + P 5; puts out P2 2 kg (45 % Tb, 5.25 % Dy),
 *     residue Q2 3.5 kg (2 % Tb, 40 % Dy); loses 0.001 Tb. Tb 1.0 in, 0.971 out: +0.029 beyond 0.01;
 *     Dy 1.51 in, 1.505 out: +0.005 within 0.006. Overridden by usr-lead, approved by usr-qa.  OVERRIDDEN.
 *  R3 separation (separation, completed 4 Nov provisionally, finalized 5 Nov): takes P2 2; puts out
 *     M 0.8 kg (99.9 % Tb, 0.05 % Dy), residue Q3 1.2 kg (8 % Tb, 8 % Dy). Tb 0.9 in, 0.8952 out:
 *     +0.0048, within the provisional 0.005 but not the final 0.002. Dy 0.105 in, 0.0964 out: +0.0086
 *     within 0.009.  NOT_CLOSED.
 *  R4 (concentration) is started and takes 2 kg of Q: OPEN, not in any period.
 */
beforeAll(async () => {
  const intake = (lotId: string, time: string, init: MessageInitShape<typeof intakeV1.LotRegisteredSchema>) =>
    deliver(
      Topics.IntakeLotEvents,
      IntakeEventTypes.LotRegistered,
      lotId,
      time,
      intakeV1.LotRegisteredSchema,
      init,
    );
  await intake(A, '2026-11-01T08:00:00.000Z', {
    lot: lotRef(A),
    supplier: { organisationId: 'org-recycler-a' },
    sourceCategory: commonV1.SourceCategory.POST_CONSUMER,
    countryOfOrigin: 'JP',
    weighedNetMass: kg('40'),
    declaredComposition: composition({ Tb: '0.02', Dy: '0.05' }),
  });
  await deliver(
    Topics.IntakeLotEvents,
    IntakeEventTypes.LotAssayed,
    A,
    '2026-11-01T09:00:00.000Z',
    intakeV1.LotAssayedSchema,
    {
      lot: lotRef(A),
      assayId: 'as-1',
      composition: composition({ Tb: '0.025', Dy: '0.05' }),
      isCurrent: true,
    },
  );
  await intake(B, '2026-11-01T08:30:00.000Z', {
    lot: lotRef(B),
    supplier: { organisationId: 'org-magnet-works' },
    sourceCategory: commonV1.SourceCategory.PRE_CONSUMER,
    countryOfOrigin: 'DE',
    weighedNetMass: kg('10'),
    declaredComposition: composition({ Tb: '0.01', Dy: '0.04' }),
  });

  const run = async (
    service: 'concentration' | 'separation',
    runId: string,
    kind: string,
    day: string,
    takes: [string, string, processV1.TakeKind][],
    outputs: [string, string, processV1.OutputRole, Record<string, string>][],
    losses: Record<string, string>,
  ) => {
    const types = service === 'concentration' ? concentration : separation;
    const lotTopic = service === 'concentration' ? Topics.ConcentrationLotEvents : Topics.SeparationLotEvents;
    const runTopic = service === 'concentration' ? Topics.ConcentrationRunEvents : Topics.SeparationRunEvents;
    await deliver(runTopic, types.RunPlanned, runId, `${day}T06:00:00.000Z`, processV1.RunPlannedSchema, {
      runId,
      kind,
      equipmentId: 'EQ-1',
    });
    await deliver(runTopic, types.RunStarted, runId, `${day}T06:10:00.000Z`, processV1.RunStartedSchema, {
      runId,
    });
    for (const [lotId, massKg, takeKind] of takes) {
      await deliver(
        lotTopic,
        types.LotQuantityTaken,
        lotId,
        `${day}T07:00:00.000Z`,
        processV1.LotQuantityTakenSchema,
        {
          lot: lotRef(lotId),
          runId,
          movementId: `mv-${ulid()}`,
          kind: takeKind,
          mass: kg(massKg),
          remainingMass: kg('0'),
        },
      );
    }
    for (const [lotId, massKg, role, fractions] of outputs) {
      await deliver(lotTopic, types.LotProduced, lotId, `${day}T10:00:00.000Z`, processV1.LotProducedSchema, {
        lot: lotRef(lotId),
        runId,
        role,
        mass: kg(massKg),
        composition: composition(fractions),
      });
    }
    if (Object.keys(losses).length > 0) {
      await deliver(
        runTopic,
        types.RunLossesRecorded,
        runId,
        `${day}T10:30:00.000Z`,
        processV1.RunLossesRecordedSchema,
        {
          runId,
          losses: Object.entries(losses).map(([element, massKg]) => ({
            lossId: `loss-${element}`,
            element,
            mass: kg(massKg),
          })),
        },
      );
    }
    return { types, runTopic, lotTopic };
  };

  // Concentration receives A (with its assay) and B (without one: B keeps its declared composition).
  await deliver(
    Topics.ConcentrationLotEvents,
    concentration.LotReceived,
    A,
    '2026-11-01T12:00:00.000Z',
    processV1.LotReceivedSchema,
    {
      lot: lotRef(A),
      kind: processV1.ProcessLotKind.MATERIAL,
      mass: kg('40'),
      composition: composition({ Tb: '0.025', Dy: '0.05' }),
    },
  );
  await deliver(
    Topics.ConcentrationLotEvents,
    concentration.LotReceived,
    B,
    '2026-11-01T12:05:00.000Z',
    processV1.LotReceivedSchema,
    {
      lot: lotRef(B),
      kind: processV1.ProcessLotKind.MATERIAL,
      mass: kg('10'),
    },
  );

  const INPUT = processV1.TakeKind.INPUT;
  const { PRODUCT, RESIDUE, IN_PROCESS_INVENTORY } = processV1.OutputRole;
  const r1 = await run(
    'concentration',
    R1,
    'LEACHING',
    '2026-11-02',
    [
      [A, '40', INPUT],
      [B, '10', INPUT],
    ],
    [
      [P, '5', PRODUCT, { Tb: '0.19', Dy: '0.3' }],
      [Q, '44', RESIDUE, { Tb: '0.001', Dy: '0.02' }],
      [C, '1', IN_PROCESS_INVENTORY, { Tb: '0.05', Dy: '0.01' }],
    ],
    { Tb: '0.05', Dy: '0.01' },
  );
  await deliver(
    r1.runTopic,
    r1.types.RunCompleted,
    R1,
    '2026-11-02T11:00:00.000Z',
    processV1.RunCompletedSchema,
    {
      runId: R1,
      basis: processV1.CompletionBasis.FINAL,
      balance: {
        closes: true,
        coverageFactor: '2',
        elements: [
          elementBalance('Dy', '0.01', '0', '0.01', true),
          elementBalance('Tb', '0.05', '0.006', '0.008', true),
        ],
      },
    },
  );

  const r2 = await run(
    'concentration',
    R2,
    'ADSORPTION',
    '2026-11-03',
    [
      [C, '1', processV1.TakeKind.OPENING_INVENTORY],
      [P, '5', INPUT],
    ],
    [
      [P2, '2', PRODUCT, { Tb: '0.45', Dy: '0.0525' }],
      [Q2, '3.5', RESIDUE, { Tb: '0.02', Dy: '0.4' }],
    ],
    { Tb: '0.001' },
  );
  const r2Balance = {
    closes: false,
    coverageFactor: '2',
    elements: [
      elementBalance('Dy', '0', '0.005', '0.006', true),
      elementBalance('Tb', '0.001', '0.029', '0.01', false),
    ],
  };
  const override = {
    reason: 'Tb in the column hold-up, to be recovered in the next cycle',
    overriddenBy: { subjectId: 'usr-lead', organisationId: 'org-plant' },
    approvedBy: { subjectId: 'usr-qa', organisationId: 'org-plant' },
  };
  await deliver(
    r2.runTopic,
    r2.types.RunImbalanceOverridden,
    R2,
    '2026-11-03T11:00:00.000Z',
    processV1.RunImbalanceOverriddenSchema,
    {
      runId: R2,
      balance: r2Balance,
      override,
    },
  );
  await deliver(
    r2.runTopic,
    r2.types.RunCompleted,
    R2,
    '2026-11-03T11:00:00.000Z',
    processV1.RunCompletedSchema,
    {
      runId: R2,
      basis: processV1.CompletionBasis.FINAL,
      balance: r2Balance,
      override,
    },
  );

  await deliver(
    Topics.SeparationLotEvents,
    separation.LotReceived,
    P2,
    '2026-11-03T15:00:00.000Z',
    processV1.LotReceivedSchema,
    {
      lot: lotRef(P2),
      kind: processV1.ProcessLotKind.MATERIAL,
      mass: kg('2'),
      composition: composition({ Tb: '0.45', Dy: '0.0525' }),
    },
  );
  const r3 = await run(
    'separation',
    R3,
    'SOLVENT_EXTRACTION',
    '2026-11-04',
    [[P2, '2', INPUT]],
    [
      [M, '0.8', PRODUCT, { Tb: '0.999', Dy: '0.0005' }],
      [Q3, '1.2', RESIDUE, { Tb: '0.08', Dy: '0.08' }],
    ],
    {},
  );
  await deliver(
    r3.runTopic,
    r3.types.RunCompleted,
    R3,
    '2026-11-04T11:00:00.000Z',
    processV1.RunCompletedSchema,
    {
      runId: R3,
      basis: processV1.CompletionBasis.PROVISIONAL,
      balance: {
        closes: true,
        coverageFactor: '2',
        elements: [
          elementBalance('Dy', '0', '0.0086', '0.009', true),
          elementBalance('Tb', '0', '0.0048', '0.005', true),
        ],
      },
    },
  );
  await deliver(
    r3.runTopic,
    r3.types.RunFinalized,
    R3,
    '2026-11-05T09:00:00.000Z',
    processV1.RunFinalizedSchema,
    {
      runId: R3,
      balance: {
        closes: false,
        coverageFactor: '2',
        elements: [
          elementBalance('Dy', '0', '0.0086', '0.009', true),
          elementBalance('Tb', '0', '0.0048', '0.002', false),
        ],
      },
    },
  );

  await run('concentration', R4, 'LEACHING', '2026-11-06', [[Q, '2', INPUT]], [], {});

  // Sales ships 0.8 kg of M to a magnet maker.
  await deliver(
    Topics.SalesLotEvents,
    SalesEventTypes.LotShipped,
    M,
    '2026-11-10T09:00:00.000Z',
    salesV1.LotShippedSchema,
    {
      lot: lotRef(M),
      shipmentId: id('SHP'),
      orderId: id('ORD'),
      customer: { organisationId: 'org-magnet-maker' },
      netMass: kg('0.8'),
      shippedAt: timestampFromDate(new Date('2026-11-10T09:00:00.000Z')),
      productCode: 'TB-METAL',
    },
  );
});

describe('mass-balance reconciliation from the consumed events', () => {
  const reconciliation = () => new ReconciliationQueries(dataSource);

  it('reconciles a run that closed, per element, exactly', async () => {
    const run = await reconciliation().run(R1);
    expect(run).toMatchObject({
      runId: R1,
      service: 'concentration',
      kind: 'LEACHING',
      status: 'CLOSED',
      closes: true,
      basis: 'FINAL',
    });
    expect(run?.completedAt?.toISOString()).toBe('2026-11-02T11:00:00.000Z');
    expect(run?.elements).toEqual([
      {
        element: 'Dy',
        openingInventoryKg: '0',
        inputsKg: '2.4',
        totalInKg: '2.4',
        productsKg: '1.5',
        byProductsKg: '0',
        residuesKg: '0.88',
        closingInventoryKg: '0.01',
        outputsKg: '2.39',
        lossesKg: '0.01',
        totalOutKg: '2.4',
        differenceKg: '0',
        toleranceKg: '0.01',
        closes: true,
        publishedImbalanceKg: '0',
        publishedCloses: true,
      },
      {
        element: 'Tb',
        openingInventoryKg: '0',
        inputsKg: '1.1',
        totalInKg: '1.1',
        productsKg: '0.95',
        byProductsKg: '0',
        residuesKg: '0.044',
        closingInventoryKg: '0.05',
        outputsKg: '1.044',
        lossesKg: '0.05',
        totalOutKg: '1.094',
        differenceKg: '0.006',
        toleranceKg: '0.008',
        closes: true,
        publishedImbalanceKg: '0.006',
        publishedCloses: true,
      },
    ]);
  });

  it('reports the overridden run with who, who approved, why and when', async () => {
    const run = await reconciliation().run(R2, ['Tb']);
    expect(run?.status).toBe('OVERRIDDEN');
    expect(
      run?.elements.map((e) => [
        e.element,
        e.openingInventoryKg,
        e.inputsKg,
        e.totalOutKg,
        e.differenceKg,
        e.toleranceKg,
        e.closes,
      ]),
    ).toEqual([['Tb', '0.05', '0.95', '0.971', '0.029', '0.01', false]]);
    expect(run?.override).toEqual({
      runId: R2,
      reason: 'Tb in the column hold-up, to be recovered in the next cycle',
      overriddenBy: { subjectId: 'usr-lead', organisationId: 'org-plant' },
      approvedBy: { subjectId: 'usr-qa', organisationId: 'org-plant' },
      at: new Date('2026-11-03T11:00:00.000Z'),
    });
  });

  it('judges a finalized run on its final tolerance, and keeps its first completion time', async () => {
    const run = await reconciliation().run(R3);
    expect(run).toMatchObject({ status: 'NOT_CLOSED', basis: 'FINAL', closes: false });
    expect(run?.completedAt?.toISOString()).toBe('2026-11-04T11:00:00.000Z');
    expect(
      run?.elements.map((e) => [
        e.element,
        e.totalInKg,
        e.productsKg,
        e.residuesKg,
        e.differenceKg,
        e.toleranceKg,
        e.closes,
      ]),
    ).toEqual([
      ['Dy', '0.105', '0.0004', '0.096', '0.0086', '0.009', true],
      ['Tb', '0.9', '0.7992', '0.096', '0.0048', '0.002', false],
    ]);
    const open = await reconciliation().run(R4);
    expect(open).toMatchObject({ status: 'OPEN', runStatus: 'STARTED', closes: false });
    expect(await reconciliation().run(`unknown-${tag}`)).toBeUndefined();
  });

  it('sums the plant over a period per element, with the runs that did not close and the overrides', async () => {
    const plant = await reconciliation().plant(
      new Date('2026-11-01T00:00:00Z'),
      new Date('2026-12-01T00:00:00Z'),
    );
    expect(plant.runCount).toBe(3);
    expect(plant.elements).toEqual([
      {
        element: 'Dy',
        runs: 3,
        openingInventoryKg: '0.01',
        inputsKg: '4.005',
        totalInKg: '4.015',
        productsKg: '1.6054',
        byProductsKg: '0',
        residuesKg: '2.376',
        closingInventoryKg: '0.01',
        outputsKg: '3.9914',
        lossesKg: '0.01',
        totalOutKg: '4.0014',
        differenceKg: '0.0136',
        unclosedDifferenceKg: '0',
        runsNotClosed: 0,
      },
      {
        element: 'Tb',
        runs: 3,
        openingInventoryKg: '0.05',
        inputsKg: '2.95',
        totalInKg: '3',
        productsKg: '2.6492',
        byProductsKg: '0',
        residuesKg: '0.21',
        closingInventoryKg: '0.05',
        outputsKg: '2.9092',
        lossesKg: '0.051',
        totalOutKg: '2.9602',
        differenceKg: '0.0398',
        unclosedDifferenceKg: '0.0338',
        runsNotClosed: 2,
      },
    ]);
    expect(plant.runsNotClosed.map((each) => [each.run.runId, each.run.status, each.elements])).toEqual([
      [R2, 'OVERRIDDEN', ['Tb']],
      [R3, 'NOT_CLOSED', ['Tb']],
    ]);
    expect(
      plant.overrides.map((o) => [
        o.runId,
        o.overriddenBy?.subjectId,
        o.approvedBy?.subjectId,
        o.at.toISOString(),
      ]),
    ).toEqual([[R2, 'usr-lead', 'usr-qa', '2026-11-03T11:00:00.000Z']]);

    const oneDay = await reconciliation().plant(
      new Date('2026-11-03T00:00:00Z'),
      new Date('2026-11-04T00:00:00Z'),
      ['Tb'],
    );
    expect([
      oneDay.runCount,
      oneDay.elements.map((e) => [e.element, e.differenceKg, e.unclosedDifferenceKg]),
    ]).toEqual([1, [['Tb', '0.029', '0.029']]]);
  });

  it('refuses a period that ends before it starts and an element that is not a symbol, naming the field', async () => {
    await expect(
      reconciliation().plant(new Date('2026-11-02T00:00:00Z'), new Date('2026-11-01T00:00:00Z')),
    ).rejects.toMatchObject({ code: 'INVALID_INPUT', field: 'to' });
    await expect(reconciliation().run(R1, ['terbium'])).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      field: 'elements',
      value: '"terbium"',
    });
  });
});

describe('EPCIS 2.0 export of the traced lot', () => {
  const exporter = () => new EpcisExport(dataSource, {}, () => new Date('2026-12-01T00:00:00Z'));

  it('validates against the official schema with the expected events of each type', async () => {
    const document = await exporter().documentOf(auditor, M);
    const errors = epcisSchemaErrors(document);
    if (errors.length > 0) console.error(JSON.stringify(errors, null, 2));
    expect(errors).toEqual([]);
    const events = document.epcisBody.eventList;
    const count = (type: string, bizStep: string) =>
      events.filter((e) => e.type === type && e.bizStep === bizStep).length;
    // Registrations of A and B; assays of A (intake) and of the 7 produced lots (B was never assayed);
    // R1, R2, R3; M's shipment.
    expect([
      count('ObjectEvent', 'receiving'),
      count('ObjectEvent', 'inspecting'),
      count('TransformationEvent', 'commissioning'),
      count('ObjectEvent', 'shipping'),
      events.length,
    ]).toEqual([2, 8, 3, 1, 14]);
    const r2 = events.find((e) => (e['rre:run'] as { runId: string } | undefined)?.runId === R2) as Record<
      string,
      unknown
    >;
    expect(r2.inputQuantityList).toEqual([
      { epcClass: `urn:epc:class:lgtin:0614141.012345.C`, quantity: 1, uom: 'KGM' },
      { epcClass: `urn:epc:class:lgtin:0614141.012345.P`, quantity: 5, uom: 'KGM' },
    ]);
    expect(r2.outputQuantityList).toEqual([
      { epcClass: `urn:epc:class:lgtin:0614141.012345.P2`, quantity: 2, uom: 'KGM' },
      { epcClass: `urn:epc:class:lgtin:0614141.012345.Q2`, quantity: 3.5, uom: 'KGM' },
    ]);
    expect(r2.eventTime).toBe('2026-11-03T11:00:00.000Z');
    const shipping = events.find((e) => e.bizStep === 'shipping') as Record<string, unknown>;
    expect([shipping.eventTime, shipping.quantityList, shipping.destinationList]).toEqual([
      '2026-11-10T09:00:00.000Z',
      [{ epcClass: 'urn:epc:class:lgtin:0614141.012345.M', quantity: 0.8, uom: 'KGM' }],
      [{ type: 'owning_party', destination: 'https://rre.example.org/epcis/organisations/org-magnet-maker' }],
    ]);
  });

  it('refuses recyclers and unknown lots alike', async () => {
    await expect(exporter().documentOf(recycler, M)).rejects.toMatchObject({ code: 'UNKNOWN_LOT' });
    await expect(exporter().documentOf(auditor, `unknown-${tag}`)).rejects.toMatchObject({
      code: 'UNKNOWN_LOT',
    });
  });
});
