import { parseDecimal } from '@rre/quantities';
import type { PlatformClient } from '../drive/platform-client';
import { AUDITOR } from '../plant/plant-actors';
import { ACCOUNTED_ELEMENTS } from '../plan/plant-ledger';

const PLANT_RECONCILIATION = `query ($from: DateTime!, $to: DateTime!, $elements: [String!]) {
  plantReconciliation(from: $from, to: $to, elements: $elements) {
    from to runCount
    elements { element runs totalInKg outputsKg lossesKg totalOutKg differenceKg unclosedDifferenceKg runsNotClosed }
    runsNotClosed { run { runId } elements }
    overrides { runId reason }
  } }`;

/** Traceability's plant-level balance of one element over the period (kg, exact decimals). */
export interface ElementReconciliation {
  readonly element: string;
  readonly runs: number;
  readonly totalInKg: string;
  readonly outputsKg: string;
  readonly lossesKg: string;
  readonly totalOutKg: string;
  readonly differenceKg: string;
  readonly unclosedDifferenceKg: string;
  readonly runsNotClosed: number;
}

export interface PlantReconciliation {
  readonly from: string;
  readonly to: string;
  readonly runCount: number;
  readonly elements: readonly ElementReconciliation[];
  readonly runsNotClosed: readonly {
    readonly run: { readonly runId: string };
    readonly elements: string[];
  }[];
  readonly overrides: readonly { readonly runId: string; readonly reason: string }[];
}

/**
 * Traceability's `plantReconciliation` of Dy and Tb over [from, to), read as an auditor: every run
 * whose first completion (the time the platform recorded it, not the simulated day) falls in it,
 * summed per element, on the genealogy's current figures. Waits (up to `timeoutMs`) until
 * traceability has heard of at least `runs` completed runs in it: it learns of them from events.
 */
export async function readPlantReconciliation(
  client: PlatformClient,
  period: { from: Date; to: Date },
  options: { runs: number; timeoutMs?: number },
): Promise<PlantReconciliation> {
  const read = async () =>
    (
      await client.data(AUDITOR, PLANT_RECONCILIATION, {
        from: period.from.toISOString(),
        to: period.to.toISOString(),
        elements: [...ACCOUNTED_ELEMENTS],
      })
    )['plantReconciliation'] as PlantReconciliation;
  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  let reconciliation = await read();
  while (reconciliation.runCount < options.runs && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 500));
    reconciliation = await read();
  }
  return reconciliation;
}

/**
 * The plant's balance closes when no run of the period is left not closed (an overridden run
 * closes once its correction's balance does) and so no difference is left unexplained: each run's
 * difference is within the tolerance it published.
 */
export function plantBalanceCloses(reconciliation: PlantReconciliation): boolean {
  return (
    reconciliation.runsNotClosed.length === 0 &&
    reconciliation.elements.every(
      (e) => e.runsNotClosed === 0 && parseDecimal(e.unclosedDifferenceKg).isZero(),
    )
  );
}
