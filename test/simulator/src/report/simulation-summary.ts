import { parseDecimal, toPlainString } from '@rre/quantities';
import type Decimal from 'decimal.js';
import type { DriveResult } from '../drive/plant-driver';
import type { PlantPlan } from '../plan/plant-planner';
import {
  ACCOUNTED_ELEMENTS,
  type PlantAccounts,
  plantAccounts,
  type SalesBooks,
  salesBooks,
  unaccountedKg,
} from '../plan/plant-ledger';
import { FAULT_KINDS } from '../plan/planned-request';
import type { ParkedEvent } from './dead-letters';
import { plantBalanceCloses, type PlantReconciliation } from './plant-reconciliation';

/** Where the simulator's books and the platform's report differ, field by field (empty: they agree). */
export function accountDifferences(expected: PlantAccounts, reported: PlantAccounts): string[] {
  const differences: string[] = [];
  for (const [field, value] of Object.entries(expected) as [keyof PlantAccounts, unknown][]) {
    const other = reported[field];
    if (typeof value === 'object' && value !== null) {
      for (const [name, figure] of Object.entries(value as Record<string, string | number>)) {
        const got = (other as Record<string, string | number>)[name];
        if (typeof figure === 'number') {
          if (figure !== got)
            differences.push(`${field}.${name}: simulator ${figure}, platform ${got ?? 'none'}`);
        } else if (got === undefined || !parseDecimal(figure).equals(parseDecimal(String(got)))) {
          differences.push(`${field}.${name}: simulator ${figure} kg, platform ${got ?? 'none'} kg`);
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

/** Oxide and metal lots produced, by kind, with their masses (as declared: the platform holds the same). */
function productMasses(plan: PlantPlan): string {
  const masses = new Map<string, { lots: number; kg: Decimal }>();
  for (const lot of plan.ledger.lots.values()) {
    if (!lot.product) continue;
    const name =
      lot.product === 'OXIDE'
        ? lot.materialKind === 'TB4O7'
          ? 'Tb4O7'
          : 'Dy2O3'
        : `${lot.ref.includes('TB-METAL') ? 'Tb' : 'Dy'} metal`;
    const sum = masses.get(name) ?? { lots: 0, kg: parseDecimal('0') };
    masses.set(name, { lots: sum.lots + 1, kg: sum.kg.plus(lot.massKg) });
  }
  return ['Tb4O7', 'Dy2O3', 'Tb metal', 'Dy metal']
    .map((name) => {
      const sum = masses.get(name);
      return sum ? `${kgText(toPlainString(sum.kg))} ${name} (${sum.lots} lots)` : `no ${name}`;
    })
    .join(', ');
}

/** Where sales' figures for the simulated lots differ from the simulator's books (empty: they agree). */
export function salesDifferences(expected: SalesBooks, reported: SalesBooks): string[] {
  const differences: string[] = [];
  for (const field of ['shipments', 'passports'] as const) {
    if (expected[field] !== reported[field])
      differences.push(`${field}: simulator ${expected[field]}, platform ${reported[field]}`);
  }
  for (const field of ['acceptedKg', 'shippedKg'] as const) {
    const codes = new Set([...Object.keys(expected[field]), ...Object.keys(reported[field])]);
    for (const code of codes) {
      const ours = expected[field][code];
      const theirs = reported[field][code];
      if (ours === undefined || theirs === undefined || !parseDecimal(ours).equals(parseDecimal(theirs)))
        differences.push(`${field}.${code}: simulator ${ours ?? 'none'} kg, platform ${theirs ?? 'none'} kg`);
    }
  }
  return differences;
}

/** Shipments, passports and kg shipped per product (of what sales accepted). */
function salesLine(plan: PlantPlan, books: SalesBooks): string {
  const customers = new Set(plan.ledger.shipments.map((s) => s.customer)).size;
  const products = Object.keys(books.acceptedKg)
    .map((code) => `${kgText(books.shippedKg[code])} ${code} (of ${kgText(books.acceptedKg[code])} accepted)`)
    .join(', ');
  return `  sales:    ${books.shipments} shipments to ${customers} magnet makers, ${books.passports} passports issued; shipped ${products || 'nothing'}`;
}

/** What the end of a simulation checks beyond the books: dead letters and traceability's plant balance. */
export interface SimulationChecks {
  readonly reconciliation?: PlantReconciliation;
  /** Every parked event of the platform; undefined when its database could not be read. */
  readonly deadLetters?: readonly ParkedEvent[];
}

function deadLetterLine(result: DriveResult, deadLetters: readonly ParkedEvent[] | undefined): string {
  if (!deadLetters)
    return '    dead letters: not read (give --database-url for a platform on PostgreSQL; the embedded platform: stop it, then `npm run dead-letters -- --service <name> list`)';
  const ours = new Set(result.refs.values());
  const simulated = deadLetters.filter((d) => ours.has(d.key));
  const others = deadLetters.length - simulated.length;
  const tail = others > 0 ? ` (${others} of other lots or runs)` : '';
  return simulated.length === 0
    ? `    dead letters: none of the simulated lots or runs: yes${tail}`
    : `    dead letters: ${simulated.length} of the simulated lots or runs: NO${tail}\n      ${simulated
        .slice(0, 10)
        .map((d) => `${d.service} ${d.consumer} ${d.type} ${d.key} ${d.status}: ${d.reason} ${d.error}`)
        .join('\n      ')}`;
}

function faultLine(result: DriveResult): string {
  const injected = FAULT_KINDS.reduce((n, k) => n + result.faults[k].injected, 0);
  const caught = FAULT_KINDS.reduce((n, k) => n + result.faults[k].caught, 0);
  return `    faults caught: ${caught} of ${injected} injected refused, replayed or corrected as planned: ${caught === injected ? 'yes' : 'NO'}`;
}

function reconciliationLines(reconciliation: PlantReconciliation): string[] {
  const closes = plantBalanceCloses(reconciliation);
  return [
    `    plant balance (traceability's plantReconciliation, ${reconciliation.runCount} runs completed ${reconciliation.from} to ${reconciliation.to}): closes ${closes ? 'yes' : 'NO'}`,
    ...reconciliation.elements.map(
      (e) =>
        `      ${e.element.padEnd(2)} in ${kgText(e.totalInKg)}, out ${kgText(e.totalOutKg)} (outputs ${kgText(e.outputsKg)}, losses ${kgText(e.lossesKg)}), ` +
        `difference ${kgText(e.differenceKg)}; ${e.runsNotClosed} runs not closed, their difference ${kgText(e.unclosedDifferenceKg)}`,
    ),
    ...(reconciliation.runsNotClosed.length > 0
      ? [
          `      not closed: ${reconciliation.runsNotClosed
            .map((r) => `${r.run.runId} (${r.elements.join(', ')})`)
            .join(', ')}`,
        ]
      : []),
  ];
}

/** The lines printed at the end of a simulation. */
export function summaryLines(
  plan: PlantPlan,
  result: DriveResult,
  reported: PlantAccounts | undefined,
  reportedSales?: SalesBooks,
  checks?: SimulationChecks,
): string[] {
  const expected = plantAccounts(plan.ledger);
  const accounts = reported ?? expected;
  const kinds = new Map<string, number>();
  for (const lot of plan.ledger.lots.values()) {
    if (lot.origin === 'INTAKE') kinds.set(lot.materialKind, (kinds.get(lot.materialKind) ?? 0) + 1);
  }
  const runKinds = accounts.runsByKind;
  const campaigns = plan.ledger.runs.filter((r) => r.kind === 'SOLVENT_EXTRACTION');
  const withNew = campaigns.filter((r) => r.extractant === 'NEW').length;
  const lines = [
    `Simulated ${plan.settings.days} days from ${plan.settings.startDate}, seed ${plan.settings.seed} (plan ${plan.digest.slice(0, 16)})`,
    `  lots:     ${accounts.lotsRegistered} registered, ${kgText(accounts.registeredKg)} net (${[...kinds]
      .map(([kind, n]) => `${n} ${kind}`)
      .join(', ')})`,
    `            ${plan.quarantined} quarantined above 1 Bq/g: ${plan.released} released, ${plan.rejected} rejected`,
    `  runs:     ${accounts.runs}, ${accounts.runsCompleted} completed, ${accounts.runsOverridden} with an overridden balance (then corrected)`,
    `            concentration: ${runKinds['LEACHING'] ?? 0} leaching, ${runKinds['ADSORPTION'] ?? 0} adsorption`,
    `            separation:    ${runKinds['SOLVENT_EXTRACTION'] ?? 0} solvent extraction (${withNew} new extractant, ${campaigns.length - withNew} conventional), ` +
      `${runKinds['PRECIPITATION'] ?? 0} precipitation, ${runKinds['CALCINATION'] ?? 0} calcination`,
    `            reduction:     ${runKinds['ELECTROLYSIS'] ?? 0} electrolysis batches, ${runKinds['VACUUM_DISTILLATION'] ?? 0} vacuum distillation`,
    `  products: ${productMasses(plan)}`,
    ...ACCOUNTED_ELEMENTS.map(
      (e) =>
        `  ${e.padEnd(2)} produced: ${kgText(accounts.inOxides[e])} in oxide (Tb4O7, Dy2O3), ${kgText(accounts.inMetal[e])} in metal (offered onward to sales, metal and oxide: ${kgText(accounts.offeredOnward[e])})`,
    ),
    ...ACCOUNTED_ELEMENTS.map(
      (e) =>
        `  ${e.padEnd(2)} where:    registered ${kgText(accounts.registered[e])}; at intake ${kgText(accounts.atIntake[e])}, ` +
        `held in concentration ${kgText(accounts.heldInConcentration[e])}, separation ${kgText(accounts.heldInSeparation[e])}, ` +
        `reduction ${kgText(accounts.heldInReduction[e])}, offered onward ${kgText(accounts.offeredOnward[e])}, ` +
        `losses ${kgText(accounts.losses[e])}, imbalance ${kgText(accounts.imbalance[e])}`,
    ),
    salesLine(plan, reportedSales ?? salesBooks(plan.ledger)),
    `  requests: ${result.requests} in ${result.seconds.toFixed(1)} s (${(result.requests / Math.max(result.seconds, 0.001)).toFixed(1)}/s), ` +
      `${result.effects} with an effect (each announced by its events), ${result.replays} answered as replays; request log ${result.requestLogDigest.slice(0, 16)}`,
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
  if (reportedSales) {
    const differences = salesDifferences(salesBooks(plan.ledger), reportedSales);
    lines.push(
      differences.length === 0
        ? `  sales:    sales reports every kilogram the simulator shipped and every passport`
        : `  sales:    sales' figures differ from the simulator's books:\n    ${differences.join('\n    ')}`,
    );
  }
  lines.push('  checks:', deadLetterLine(result, checks?.deadLetters), faultLine(result));
  if (checks?.reconciliation) lines.push(...reconciliationLines(checks.reconciliation));
  return lines;
}
