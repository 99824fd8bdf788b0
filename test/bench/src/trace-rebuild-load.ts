import { create, type DescMessage, type MessageInitShape, toBinary } from '@bufbuild/protobuf';
import { commonV1, IntakeEventTypes, intakeV1, processV1, Topics } from '@rre/contracts';
import { EventPublisher, LogSequencer, messagingMigrations } from '@rre/messaging';
import { inTransaction, openServiceDatabase } from '@rre/persistence';
import { processEventTypesOf } from '@rre/process-runs';
import { rebuildFromOutboxes, type RebuildReport } from '@rre/traceability';
import type { DataSource, EntityManager } from 'typeorm';
import { ulid } from 'ulid';

// Rebuild speed: intake and concentration events published through real outboxes (LotRegistered;
// per run RunPlanned, LotReceived and LotQuantityTaken of 3 lots, LotProduced, RunCompleted),
// sequenced, then read back from position 0 into a fresh traceability schema.
const concentration = processEventTypesOf('concentration');
const kg = (value: string) => ({ value, unitCode: 'KGM' });
const tb = (fraction: string) => ({ contents: [{ element: 'Tb', massFraction: fraction, unitCode: 'C62' }] });

function publisher(service: string) {
  const events = new EventPublisher({ service });
  return <Desc extends DescMessage>(
    manager: EntityManager,
    topic: string,
    type: string,
    subject: string,
    schema: Desc,
    init: MessageInitShape<Desc>,
  ) => events.publish(manager, { topic, type, subject, data: toBinary(schema, create(schema, init)) });
}

async function sequenceAll(dataSource: DataSource): Promise<void> {
  const sequencer = new LogSequencer({ dataSource });
  try {
    while ((await sequencer.sequenceOnce()) > 0);
  } finally {
    await sequencer.stop();
  }
}

/** Publishes about `events` events (in runs of 3 source lots: 13 events each) and rebuilds from them. */
export async function measureRebuild(url: string, events: number): Promise<RebuildReport> {
  const suffix = ulid().toLowerCase();
  const intakeSchema = `bench_intake_${suffix}`;
  const concentrationSchema = `bench_concentration_${suffix}`;
  const into = `bench_traceability_${suffix}`;
  const open = (service: string) =>
    openServiceDatabase({ url, service, poolSize: 2, entities: [], migrations: messagingMigrations });
  const intake = await open(intakeSchema);
  const plant = await open(concentrationSchema);
  const publishIntake = publisher('intake');
  const publishPlant = publisher('concentration');
  try {
    const runs = Math.max(1, Math.round(events / 13));
    for (let first = 0; first < runs; first += 50) {
      const batch = Array.from({ length: Math.min(50, runs - first) }, (_, i) => first + i);
      await inTransaction(intake, async (manager) => {
        for (const r of batch)
          for (let i = 0; i < 3; i++)
            await publishIntake(
              manager,
              Topics.IntakeLotEvents,
              IntakeEventTypes.LotRegistered,
              `S${r}-${i}`,
              intakeV1.LotRegisteredSchema,
              {
                lot: { lotId: `S${r}-${i}`, lotCode: `S${r}-${i}` },
                sourceCategory: commonV1.SourceCategory.POST_CONSUMER,
                countryOfOrigin: 'JP',
                weighedNetMass: kg('100'),
                declaredComposition: tb('0.02'),
              },
            );
      });
      await inTransaction(plant, async (manager) => {
        for (const r of batch) {
          const runId = `R${r}`;
          await publishPlant(
            manager,
            Topics.ConcentrationRunEvents,
            concentration.RunPlanned,
            runId,
            processV1.RunPlannedSchema,
            {
              runId,
              kind: 'LEACHING',
            },
          );
          for (let i = 0; i < 3; i++) {
            const lotId = `S${r}-${i}`;
            await publishPlant(
              manager,
              Topics.ConcentrationLotEvents,
              concentration.LotReceived,
              lotId,
              processV1.LotReceivedSchema,
              {
                lot: { lotId, lotCode: lotId },
                kind: processV1.ProcessLotKind.MATERIAL,
                mass: kg('100'),
              },
            );
            await publishPlant(
              manager,
              Topics.ConcentrationLotEvents,
              concentration.LotQuantityTaken,
              lotId,
              processV1.LotQuantityTakenSchema,
              {
                lot: { lotId, lotCode: lotId },
                runId,
                movementId: `mv-${lotId}`,
                kind: processV1.TakeKind.INPUT,
                mass: kg('100'),
                remainingMass: kg('0'),
              },
            );
          }
          await publishPlant(
            manager,
            Topics.ConcentrationLotEvents,
            concentration.LotProduced,
            `P${r}`,
            processV1.LotProducedSchema,
            {
              lot: { lotId: `P${r}`, lotCode: `P${r}` },
              runId,
              role: processV1.OutputRole.PRODUCT,
              mass: kg('50'),
              composition: tb('0.1'),
            },
          );
          await publishPlant(
            manager,
            Topics.ConcentrationRunEvents,
            concentration.RunCompleted,
            runId,
            processV1.RunCompletedSchema,
            {
              runId,
            },
          );
        }
      });
    }
    await sequenceAll(intake);
    await sequenceAll(plant);
    return await rebuildFromOutboxes({
      url,
      into,
      sources: [intakeSchema, concentrationSchema],
      topics: [Topics.IntakeLotEvents, Topics.ConcentrationLotEvents, Topics.ConcentrationRunEvents],
    });
  } finally {
    for (const schema of [into, intakeSchema, concentrationSchema])
      await intake.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`).catch(() => undefined);
    await intake.destroy();
    await plant.destroy();
  }
}
