import type { DescMessage, MessageInitShape } from '@bufbuild/protobuf';
import { processV1, Topics } from '@rre/contracts';
import { uniqueSchemaName } from '@rre/persistence';
import { processEventTypesOf } from '@rre/process-runs';
import type { DataSource } from 'typeorm';
import { ulid } from 'ulid';
import { StatementApplication } from '../application/statement-application';
import { principal } from '../test-support/callers';
import { eventDelivery, secondsAfter } from '../test-support/event-delivery';
import { kg, lotRef as lotReference, tb } from '../test-support/event-builders';
import { openTraceTestDatabase, type TraceTestDatabase } from '../test-support/trace-test-database';
import { TraceabilityApplication } from '../traceability-application';

jest.setTimeout(120_000);

// Reduction's electrolysis batch E takes 2 kg of oxide O and makes 10 kg of alloy (PRODUCT) and
// 2 kg of spent salt (RESIDUE); distillation D takes 9 kg of the alloy and makes 1.44 kg of Tb metal
// and 7.5 kg of zinc. E publishes RunEnergyRecorded (3.3 kWh, 1.485 kg CO2e); D measures no energy.
//   alloy: 1.485 kg / (10 + 2) kg                 = 0.12375 kg CO2e/kg
//   metal: 9 kg x 0.12375 / (1.44 + 7.5) kg       = 1.11375 / 8.94 = 0.124580536... -> 0.124581
// E is corrected and publishes 1.8 kg CO2e: the latest wins.
//   alloy: 1.8 / 12 = 0.15; metal: 9 x 0.15 / 8.94 = 1.35 / 8.94 = 0.151006711... -> 0.151007

const auditor = principal(['auditor'], 'org-audit', 'usr-audit-1');
const reduction = processEventTypesOf('reduction');
const lotRef = (lotId: string) => lotReference(lotId, `CODE-${lotId.slice(0, 5)}`);

let traceDatabase: TraceTestDatabase;
let dataSource: DataSource;
let application: TraceabilityApplication;
let statements: StatementApplication;
const schema = uniqueSchemaName('traceability');

beforeAll(async () => {
  traceDatabase = await openTraceTestDatabase(schema);
  dataSource = traceDatabase.dataSource;
  application = new TraceabilityApplication({ dataSource });
  statements = new StatementApplication({ dataSource });
});

afterAll(async () => {
  await traceDatabase?.close();
});

/** The next event of reduction about a subject, numbered as reduction numbers them. */
const reductionEvents = eventDelivery({
  dataSource: () => dataSource,
  consumer: () => application.lotAndRunEventsConsumer(),
  positionSource: 'service',
  actor: 'mes-red-1',
  clock: secondsAfter('2026-11-29T01:00:00.000Z'),
});
const event = <Desc extends DescMessage>(
  type: string,
  subject: string,
  messageSchema: Desc,
  init: MessageInitShape<Desc>,
) =>
  reductionEvents.event(
    type.includes('.run.') ? Topics.ReductionRunEvents : Topics.ReductionLotEvents,
    type,
    subject,
    messageSchema,
    init,
  );
const deliver = reductionEvents.handle;
const sequences = reductionEvents.sequences;

const planned = (runId: string, kind: string) =>
  event(reduction.RunPlanned, runId, processV1.RunPlannedSchema, { runId, kind });
const taken = (lotId: string, runId: string, massKg: string) =>
  event(reduction.LotQuantityTaken, lotId, processV1.LotQuantityTakenSchema, {
    lot: lotRef(lotId),
    runId,
    movementId: `mv-${ulid()}`,
    kind: processV1.TakeKind.INPUT,
    mass: kg(massKg),
  });
const produced = (
  lotId: string,
  runId: string,
  massKg: string,
  fraction: string,
  role: processV1.OutputRole,
) =>
  event(reduction.LotProduced, lotId, processV1.LotProducedSchema, {
    lot: lotRef(lotId),
    runId,
    role,
    mass: kg(massKg),
    composition: tb(fraction),
  });
const completed = (runId: string) =>
  event(reduction.RunCompleted, runId, processV1.RunCompletedSchema, { runId });
const energyRecorded = (runId: string, energyKwh: string, co2eKg: string, provisional: boolean) =>
  event(reduction.RunEnergyRecorded, runId, processV1.RunEnergyRecordedSchema, {
    runId,
    energyKwh,
    co2eKg,
    gridKgCo2ePerKwh: '0.45',
    basis: 'MEASURED_DC_PLUS_HEATING',
    provisional,
  });

async function emissionRows(): Promise<{ run_id: string; energy_kwh: string | null; co2e_kg: string }[]> {
  return (await dataSource.query(
    `SELECT run_id, energy_kwh::text AS energy_kwh, co2e_kg::text AS co2e_kg FROM "${schema}".trace_run_emission ORDER BY run_id`,
  )) as never;
}

describe("a run's RunEnergyRecorded gives its outputs a CO2 footprint", () => {
  const O = `O-${ulid()}`;
  const ALLOY = `ALLOY-${ulid()}`;
  const SALT = `SALT-${ulid()}`;
  const METAL = `METAL-${ulid()}`;
  const ZINC = `ZINC-${ulid()}`;
  const E = `E-${ulid()}`;
  const D = `D-${ulid()}`;

  it('is unknown without it, known once it is applied after the run, and follows the latest figure', async () => {
    await deliver(
      event(reduction.LotReceived, O, processV1.LotReceivedSchema, {
        lot: lotRef(O),
        kind: processV1.ProcessLotKind.MATERIAL,
        mass: kg('2'),
        composition: tb('0.8'),
      }),
    );
    const ePlanned = planned(E, 'ELECTROLYSIS');
    const eCompleted = completed(E);
    const eEnergy = energyRecorded(E, '3.3', '1.485', true);
    for (const each of [
      taken(O, E, '2'),
      produced(ALLOY, E, '10', '0.16', processV1.OutputRole.PRODUCT),
      produced(SALT, E, '2', '0', processV1.OutputRole.RESIDUE),
      planned(D, 'VACUUM_DISTILLATION'),
      taken(ALLOY, D, '9'),
      produced(METAL, D, '1.44', '0.9955', processV1.OutputRole.PRODUCT),
      produced(ZINC, D, '7.5', '0.0012', processV1.OutputRole.BY_PRODUCT),
      completed(D),
    ])
      await deliver(each);

    // The energy event arrives before E's plan and completion: the gate holds it like any other.
    await deliver(eEnergy);
    expect((await application.watermark()).heldEvents).toBe(1);
    await deliver(eCompleted);
    expect((await application.watermark()).heldEvents).toBe(2);
    expect(await emissionRows()).toEqual([]);
    const unknown = await statements.carbonFootprint(auditor, METAL);
    expect([unknown.co2eKgPerKg, unknown.runsWithEmissions, unknown.runsWithoutEmissions]).toEqual([
      undefined,
      [],
      [D, E].sort(),
    ]);

    await deliver(ePlanned); // releases E 1 (planned), 2 (completed), 3 (energy recorded)
    expect((await application.watermark()).heldEvents).toBe(0);
    expect(await emissionRows()).toEqual([{ run_id: E, energy_kwh: '3.3', co2e_kg: '1.485' }]);
    expect((await statements.carbonFootprint(auditor, ALLOY)).co2eKgPerKg).toBe('0.123750');
    const metal = await statements.carbonFootprint(auditor, METAL);
    expect([metal.co2eKgPerKg, metal.runsWithEmissions, metal.runsWithoutEmissions]).toEqual([
      '0.124581',
      [E],
      [D],
    ]);
    expect((await statements.recycledContentStatement(auditor, METAL, ['Tb'])).co2eKgPerKg).toBe('0.124581');

    // A redelivery changes nothing; E's correction publishes 1.8 kg CO2e, which replaces 1.485.
    await deliver(eEnergy);
    await deliver(energyRecorded(E, '4', '1.8', false));
    expect(await emissionRows()).toEqual([{ run_id: E, energy_kwh: '4', co2e_kg: '1.8' }]);
    expect((await statements.carbonFootprint(auditor, ALLOY)).co2eKgPerKg).toBe('0.150000');
    expect((await statements.carbonFootprint(auditor, METAL)).co2eKgPerKg).toBe('0.151007');
    expect((await statements.recycledContentStatement(auditor, METAL, ['Tb'])).co2eKgPerKg).toBe('0.151007');
  });

  it('refuses a figure that is not a non-negative decimal, and changes nothing', async () => {
    await expect(deliver(energyRecorded(E, '4', '-1.8', false))).rejects.toThrow(
      `RunEnergyRecorded of run ${E}: co2e_kg "-1.8" must be a non-negative decimal string`,
    );
    sequences.set(`reduction|${E}`, 4); // the refused event was never applied: the next one is E's 5th
    await expect(deliver(energyRecorded(E, '4 kWh', '1.8', false))).rejects.toThrow(
      `RunEnergyRecorded of run ${E}: energy_kwh "4 kWh" must be a non-negative decimal string`,
    );
    expect(await emissionRows()).toEqual([{ run_id: E, energy_kwh: '4', co2e_kg: '1.8' }]);
    expect((await application.watermark()).heldEvents).toBe(0);
  });
});
