import type { ProcessRuns, RunStatus, RunView } from '@rre/process-runs';
import { parseDecimal, toPlainString } from '@rre/quantities';
import type { EntityManager } from 'typeorm';
import { SeparationError } from '../domain/separation-error';

/** The run, refused unless it exists, is of one of `kinds` and is in one of `statuses`. */
export async function runFor(
  manager: EntityManager,
  processRuns: ProcessRuns,
  runId: string,
  kinds: readonly string[],
  statuses: readonly RunStatus[],
  action: string,
): Promise<RunView> {
  const run = typeof runId === 'string' ? await processRuns.getRun(manager, runId) : undefined;
  if (!run) {
    throw new SeparationError({
      code: 'UNKNOWN_RUN',
      field: 'runId',
      value: String(runId),
      rule: 'must be the id of a separation run',
    });
  }
  if (!kinds.includes(run.kind)) {
    throw new SeparationError({
      code: 'WRONG_RUN_KIND',
      field: 'runId',
      value: `${run.id} (${run.kind})`,
      rule: `${action} needs a ${kinds.join(' or ')} run`,
    });
  }
  if (!statuses.includes(run.status)) {
    throw new SeparationError({
      code: 'WRONG_RUN_STATUS',
      field: 'runId',
      value: `${run.id} (${run.status})`,
      rule: `${action} needs a run that is ${statuses.join(' or ')}`,
    });
  }
  return run;
}

/**
 * Refuses an output that breaks the run's per-element balance: no element may leave the run (outputs,
 * closing inventory, declared losses) beyond what was fed to it (opening inventory + inputs) by more
 * than the balance's tolerance. Called after the output is written, in its transaction, so a refusal
 * rolls it back.
 */
export async function refuseOutputsAboveFeed(
  manager: EntityManager,
  processRuns: ProcessRuns,
  runId: string,
  field: string,
): Promise<void> {
  const balance = await processRuns.runBalance(manager, runId);
  for (const element of balance.elements) {
    const excess = parseDecimal(element.imbalanceKg).negated();
    if (excess.gt(parseDecimal(element.toleranceKg))) {
      const fed = parseDecimal(element.openingInventoryKg).plus(parseDecimal(element.inputsKg));
      const out = parseDecimal(element.outputsKg)
        .plus(parseDecimal(element.closingInventoryKg))
        .plus(parseDecimal(element.lossesKg));
      throw new SeparationError({
        code: 'OUTPUT_EXCEEDS_FEED',
        field,
        value: `${element.element} ${toPlainString(out)} kg out of ${toPlainString(fed)} kg fed`,
        rule: `the outputs of run ${runId} may hold at most the ${element.element} fed to it, within the balance tolerance of ${element.toleranceKg} kg`,
      });
    }
  }
}
