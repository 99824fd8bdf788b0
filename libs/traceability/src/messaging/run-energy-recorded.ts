import type { processV1 } from '@rre/contracts';
import { UnprocessableEventError } from '@rre/messaging';
import { parseDecimal, toPlainString } from '@rre/quantities';
import type { EntityManager } from 'typeorm';
import type { GenealogyStore } from '../persistence/genealogy.store';
import type { RunEmissionStore } from '../persistence/run-emission.store';

/** A non-negative decimal string of the event, exact; undefined when empty and allowed to be. */
function amountOf(value: string, field: string, runId: string, required: boolean): string | undefined {
  if (value === '' && !required) return undefined;
  let parsed;
  try {
    parsed = parseDecimal(value, field);
  } catch {
    parsed = undefined;
  }
  if (parsed === undefined || parsed.isNegative()) {
    throw new UnprocessableEventError(
      `RunEnergyRecorded of run ${runId}: ${field} ${JSON.stringify(value)} must be a non-negative decimal string`,
    );
  }
  return toPlainString(parsed);
}

/**
 * A run stated the energy it used and the CO2e it emitted: its figure for the footprint of its
 * outputs. A run publishes it again when finalized or corrected; the latest replaces the earlier.
 */
export async function applyRunEnergyRecorded(
  { genealogy, emissions }: { genealogy: GenealogyStore; emissions: RunEmissionStore },
  manager: EntityManager,
  service: string,
  recorded: processV1.RunEnergyRecorded,
  subject: string,
  at: Date,
): Promise<void> {
  const runId = recorded.runId || subject;
  const co2eKg = amountOf(recorded.co2eKg, 'co2e_kg', runId, true) ?? '0';
  const energyKwh = amountOf(recorded.energyKwh, 'energy_kwh', runId, false);
  await genealogy.noteRun(manager, runId, service, at);
  await emissions.record(manager, runId, { co2eKg, ...(energyKwh === undefined ? {} : { energyKwh }) }, at);
}
