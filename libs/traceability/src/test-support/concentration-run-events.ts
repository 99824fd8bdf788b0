import { processV1, Topics } from '@rre/contracts';
import { processEventTypesOf } from '@rre/process-runs';
import { ulid } from 'ulid';
import { kg, shortCodeLotRef as lotRef, tb } from './event-builders';
import type { EventDelivery } from './event-delivery';

/** The events of a concentration (leaching) run, numbered and timed by `event` of an eventDelivery. */
export function concentrationRunEvents(event: EventDelivery['event']) {
  const concentration = processEventTypesOf('concentration');
  return {
    planned: (runId: string) =>
      event(Topics.ConcentrationRunEvents, concentration.RunPlanned, runId, processV1.RunPlannedSchema, {
        runId,
        kind: 'LEACHING',
      }),
    /** Takes the whole of the lot: nothing remains. */
    taken: (lotId: string, runId: string, massKg: string) =>
      event(
        Topics.ConcentrationLotEvents,
        concentration.LotQuantityTaken,
        lotId,
        processV1.LotQuantityTakenSchema,
        {
          lot: lotRef(lotId),
          runId,
          movementId: `mv-${ulid()}`,
          kind: processV1.TakeKind.INPUT,
          mass: kg(massKg),
          remainingMass: kg('0'),
        },
      ),
    produced: (
      lotId: string,
      runId: string,
      massKg: string,
      fraction: string,
      role = processV1.OutputRole.PRODUCT,
    ) =>
      event(Topics.ConcentrationLotEvents, concentration.LotProduced, lotId, processV1.LotProducedSchema, {
        lot: lotRef(lotId),
        runId,
        role,
        mass: kg(massKg),
        composition: tb(fraction),
      }),
    completed: (runId: string) =>
      event(Topics.ConcentrationRunEvents, concentration.RunCompleted, runId, processV1.RunCompletedSchema, {
        runId,
      }),
  };
}
