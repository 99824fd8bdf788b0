import { create, type DescMessage, type MessageInitShape, toBinary } from '@bufbuild/protobuf';
import { commonV1, IntakeEventTypes, intakeV1, processV1, Topics } from '@rre/contracts';
import type { ConsumedEvent } from '@rre/messaging';
import { inTransaction, uniqueSchemaName } from '@rre/persistence';
import { processEventTypesOf } from '@rre/process-runs';
import type { DataSource } from 'typeorm';
import { ulid } from 'ulid';
import { principal } from '../test-support/callers';
import { kg, tb } from '../test-support/event-builders';
import { openTraceTestDatabase, type TraceTestDatabase } from '../test-support/trace-test-database';
import { TraceabilityApplication } from '../traceability-application';

jest.setTimeout(120_000);

const auditor = principal(['auditor'], 'org-audit', 'usr-audit-1');
const concentration = processEventTypesOf('concentration');

let traceDatabase: TraceTestDatabase;
let dataSource: DataSource;
let application: TraceabilityApplication;
const schema = uniqueSchemaName('traceability');
let position = 0;

beforeAll(async () => {
  traceDatabase = await openTraceTestDatabase(schema);
  dataSource = traceDatabase.dataSource;
  application = new TraceabilityApplication({ dataSource });
});

afterAll(async () => {
  await traceDatabase?.close();
});

/** One published event as the consumer receives it. */
function event<Desc extends DescMessage>(
  topic: string,
  type: string,
  subject: string,
  sequence: number,
  messageSchema: Desc,
  init: MessageInitShape<Desc>,
): ConsumedEvent<unknown> {
  position += 1;
  const message = create(messageSchema, init);
  return {
    consumer: 'test',
    envelope: {
      id: ulid(),
      source: `/rre/${type.split('.')[1]}`,
      type,
      specversion: '1.0',
      time: `2026-11-28T10:00:${String(position).padStart(2, '0')}.000Z`,
      subject,
      datacontenttype: 'application/protobuf',
      data: toBinary(messageSchema, message),
      sequence: String(sequence),
      correlationid: 'flow-1',
      causationid: 'request-1',
      actorsub: 'usr-1',
      actororg: 'org-plant',
    },
    type,
    message,
    topic,
    position: { source: topic.split('.')[1] ?? topic, position: String(position) },
    attempt: 1,
    replay: false,
  };
}

async function deliver(consumed: ConsumedEvent<unknown>): Promise<void> {
  const definition = application.lotAndRunEventsConsumer();
  const handler = definition.handlers[consumed.type];
  if (!handler) throw new Error(`no handler for ${consumed.type}`);
  await inTransaction(dataSource, (manager) => handler(consumed as never, manager));
}

describe('the genealogy from events of several topics in any order', () => {
  it('holds each event until its lot or run predecessors have arrived, then traces exactly', async () => {
    // Intake registers A (40 kg, post-consumer, 2 % Tb declared) and assays it at 2.5 % Tb: 1 kg Tb.
    // Concentration receives A (seq 1), run R takes 40 kg (A seq 2) and produces P: 5 kg x 19 % =
    // 0.95 kg Tb (P seq 1); R declares a 0.05 kg Tb loss and completes (R seq 1 planned, 2 losses, 3 completed).
    const A = `A-${ulid()}`;
    const P = `P-${ulid()}`;
    const R = `R-${ulid()}`;
    const lotRef = (lotId: string, lotCode = lotId) => ({ lotId, lotCode });
    const registered = event(
      Topics.IntakeLotEvents,
      IntakeEventTypes.LotRegistered,
      A,
      1,
      intakeV1.LotRegisteredSchema,
      {
        lot: lotRef(A, 'L-2026-00042'),
        supplier: { organisationId: 'org-recycler-a' },
        sourceCategory: commonV1.SourceCategory.POST_CONSUMER,
        countryOfOrigin: 'JP',
        weighedNetMass: kg('40'),
        declaredComposition: tb('0.02'),
      },
    );
    const assayed = event(
      Topics.IntakeLotEvents,
      IntakeEventTypes.LotAssayed,
      A,
      2,
      intakeV1.LotAssayedSchema,
      {
        lot: lotRef(A),
        assayId: 'as-1',
        composition: tb('0.025'),
        isCurrent: true,
      },
    );
    const received = event(
      Topics.ConcentrationLotEvents,
      concentration.LotReceived,
      A,
      1,
      processV1.LotReceivedSchema,
      {
        lot: lotRef(A),
        kind: processV1.ProcessLotKind.MATERIAL,
        mass: kg('40'),
        composition: tb('0.025'),
      },
    );
    const taken = event(
      Topics.ConcentrationLotEvents,
      concentration.LotQuantityTaken,
      A,
      2,
      processV1.LotQuantityTakenSchema,
      {
        lot: lotRef(A),
        runId: R,
        movementId: `mv-${ulid()}`,
        kind: processV1.TakeKind.INPUT,
        mass: kg('40'),
        remainingMass: kg('0'),
      },
    );
    const planned = event(
      Topics.ConcentrationRunEvents,
      concentration.RunPlanned,
      R,
      1,
      processV1.RunPlannedSchema,
      {
        runId: R,
        kind: 'LEACHING',
        equipmentId: 'LT-1',
      },
    );
    const losses = event(
      Topics.ConcentrationRunEvents,
      concentration.RunLossesRecorded,
      R,
      2,
      processV1.RunLossesRecordedSchema,
      {
        runId: R,
        losses: [{ lossId: 'loss-1', element: 'Tb', mass: kg('0.05') }],
      },
    );
    const completed = event(
      Topics.ConcentrationRunEvents,
      concentration.RunCompleted,
      R,
      3,
      processV1.RunCompletedSchema,
      {
        runId: R,
      },
    );
    const produced = event(
      Topics.ConcentrationLotEvents,
      concentration.LotProduced,
      P,
      1,
      processV1.LotProducedSchema,
      {
        lot: lotRef(P, 'CONC-1'),
        runId: R,
        role: processV1.OutputRole.PRODUCT,
        mass: kg('5'),
        composition: tb('0.19'),
      },
    );

    // Out of order: the run's completion before its plan, the take before the receipt, intake last.
    for (const each of [completed, produced, taken, losses]) await deliver(each);
    expect((await application.watermark()).heldEvents).toBe(3);
    await deliver(planned); // releases R 1, 2, 3
    expect((await application.watermark()).heldEvents).toBe(1);
    await deliver(received); // releases A 1, 2 at concentration
    await deliver(assayed); // intake's A 2 waits for intake's A 1
    expect((await application.watermark()).heldEvents).toBe(1);
    await deliver(registered);
    const watermark = await application.watermark();
    expect(watermark.heldEvents).toBe(0);
    expect(watermark.topics.map((t) => [t.topic, t.events])).toEqual([
      [Topics.ConcentrationLotEvents, '3'],
      [Topics.ConcentrationRunEvents, '3'],
      [Topics.IntakeLotEvents, '2'],
    ]);
    // A redelivery changes nothing.
    await deliver(taken);

    // P: 0.95 kg Tb, all from A (1 kg in = 0.95 out + 0.05 lost): 0.950000 kg by R.
    const [trace] = await application.backwardTrace(auditor, P, 'Tb');
    expect(trace?.trace.elementMassKg).toBe('0.950000');
    expect(
      trace?.sources.map((s) => [
        s.kind,
        s.lot?.lotCode,
        s.lot?.sourceCategory,
        s.supplierOrganisationId,
        s.attributedKg,
        s.paths,
      ]),
    ).toEqual([['SOURCE_LOT', 'L-2026-00042', 'POST_CONSUMER', 'org-recycler-a', '0.950000', [[R]]]]);
    // A's current composition is the assay (2.5 %), not the declared 2 %, whatever arrived first.
    const [source] = await application.backwardTrace(auditor, A, 'Tb');
    expect(source?.trace.elementMassKg).toBe('1.000000');
    const run = await application.run(R);
    expect(run).toMatchObject({
      runId: R,
      service: 'concentration',
      kind: 'LEACHING',
      status: 'COMPLETED',
      inputs: [{ lotId: A, role: 'INPUT', netMassKg: '40' }],
      outputs: [{ lotId: P, role: 'PRODUCT', massKg: '5' }],
      lossesKg: { Tb: '0.05' },
    });
  });
});
