import { parseDecimal, toPlainString } from '@rre/quantities';
import type { DriveResult } from '../drive/plant-driver';
import type { PlantPlan } from '../plan/plant-planner';
import { ACCOUNTED_ELEMENTS, type PlantAccounts, plantAccounts, unaccountedKg } from '../plan/plant-ledger';
import { FAULT_KINDS } from '../plan/planned-request';

/** Where the simulator's books and the platform's report differ, field by field (empty: they agree). */
export function accountDifferences(expected: PlantAccounts, reported: PlantAccounts): string[] {
  const differences: string[] = [];
  for (const [field, value] of Object.entries(expected) as [keyof PlantAccounts, unknown][]) {
    const other = reported[field];
    if (typeof value === 'object' && value !== null) {
      for (const [element, kg] of Object.entries(value as Record<string, string>)) {
        const got = (other as Record<string, string>)[element];
        if (got === undefined || !parseDecimal(kg).equals(parseDecimal(got))) {
          differences.push(`${field}.${element}: simulator ${kg} kg, platform ${got ?? 'none'} kg`);
        }
      }
    } else if (String(value) !== String(other)) {
      differences.push(`${field}: simulator ${String(value)}, platform ${String(other)}`);
    }
  }
  return differences;
}

function kgText(value: string | undefined): string {
  const kg = parseDecimal(value ?? '0');
  return `${toPlainString(kg.toDecimalPlaces(3))} kg`;
}

/** The lines printed at the end of a simulation. */
export function summaryLines(
  plan: PlantPlan,
  result: DriveResult,
  reported: PlantAccounts | undefined,
): string[] {
  const expected = plantAccounts(plan.ledger);
  const accounts = reported ?? expected;
  const kinds = new Map<string, number>();
  for (const lot of plan.ledger.lots.values()) {
    if (lot.origin === 'INTAKE') kinds.set(lot.materialKind, (kinds.get(lot.materialKind) ?? 0) + 1);
  }
  const runKinds = plan.ledger.runs.reduce<Record<string, number>>(
    (count, run) => ({ ...count, [run.kind]: (count[run.kind] ?? 0) + 1 }),
    {},
  );
  const lines = [
    `Simulated ${plan.settings.days} days from ${plan.settings.startDate}, seed ${plan.settings.seed} (plan ${plan.digest.slice(0, 16)})`,
    `  lots:     ${accounts.lotsRegistered} registered, ${kgText(accounts.registeredKg)} net (${[...kinds]
      .map(([kind, n]) => `${n} ${kind}`)
      .join(', ')})`,
    `            ${plan.quarantined} quarantined above 1 Bq/g: ${plan.released} released, ${plan.rejected} rejected`,
    `  runs:     ${accounts.runs} (${runKinds['LEACHING'] ?? 0} leaching, ${runKinds['ADSORPTION'] ?? 0} adsorption), ${accounts.runsCompleted} completed, ${accounts.runsOverridden} with an overridden balance`,
    ...ACCOUNTED_ELEMENTS.map(
      (e) =>
        `  ${e.padEnd(2)}:       registered ${kgText(accounts.registered[e])}, in HRE concentrates ${kgText(accounts.inConcentrates[e])}, ` +
        `held in concentration ${kgText(accounts.heldInConcentration[e])}, at intake ${kgText(accounts.atIntake[e])}, ` +
        `losses ${kgText(accounts.losses[e])}, imbalance ${kgText(accounts.imbalance[e])}`,
    ),
    `  requests: ${result.requests} in ${result.seconds.toFixed(1)} s (${(result.requests / Math.max(result.seconds, 0.001)).toFixed(1)}/s), ` +
      `${result.effects} with an effect (each announced by its events), ${result.replays} answered as replays`,
    `  faults:   ${
      FAULT_KINDS.filter((k) => result.faults[k].injected > 0)
        .map((k) => `${k} ${result.faults[k].caught}/${result.faults[k].injected}`)
        .join(', ') || 'none injected'
    } (refused, replayed or corrected as expected)`,
  ];
  if (reported) {
    const differences = accountDifferences(expected, reported);
    const open = ACCOUNTED_ELEMENTS.map((e) => `${e} ${toPlainString(unaccountedKg(reported, e))} kg`).join(
      ', ',
    );
    lines.push(
      differences.length === 0
        ? `  accounts: the platform reports every simulated kilogram (unaccounted: ${open})`
        : `  accounts: the platform's figures for the simulated lots differ from the simulator's books:\n    ${differences.join('\n    ')}`,
    );
  }
  return lines;
}
