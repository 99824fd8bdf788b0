import { parseDecimal, toPlainString } from '@rre/quantities';
import type Decimal from 'decimal.js';
import type { PlatformClient } from '../drive/platform-client';
import { AUDITOR } from '../plant/plant-actors';
import { ACCOUNTED_ELEMENTS, type PlantAccounts } from '../plan/plant-ledger';

/**
 * The plant's accounts as the platform reports them, read as an auditor through GraphQL: intake's
 * lots (net mass x current assay), what remains of every lot concentration holds, and every run's
 * balance as it stands (declared losses, and inputs not accounted for by outputs and losses).
 */

const INTAKE_LOTS = `query ($after: String) { lots(first: 40, after: $after) {
  pageInfo { endCursor hasNextPage }
  edges { node { id custodian facts { weighing { net { value unit } } }
    currentAssay { composition { contents { element value unit } } } } } } }`;
const CONCENTRATION_LOTS = `query ($after: String) { concentrationLots(first: 50, after: $after) {
  endCursor hasNextPage items { id custody remainingKg outputRole producedByRunId composition { element fraction } } } }`;
const CONCENTRATION_RUNS = `query ($after: String) { concentrationRuns(first: 100, after: $after) {
  endCursor hasNextPage items { id kind status override { reason } } } }`;
const RUN_BALANCE = `query ($runId: String!) { concentrationRunBalance(runId: $runId) {
  closes elements { element lossesKg imbalanceKg closes } } }`;

const ZERO = parseDecimal('0');
const UNIT_FRACTION: Record<string, string> = { C62: '1', P1: '100', '59': '1000000', '61': '1000000000' };
const UNIT_KG: Record<string, string> = { KGM: '1', GRM: '0.001', MGM: '0.000001', TNE: '1000' };

interface PlatformRun {
  id: string;
  kind: string;
  status: string;
  override: { reason: string } | null;
  balance: {
    closes: boolean;
    elements: { element: string; lossesKg: string; imbalanceKg: string; closes: boolean }[];
  };
}

export interface PlatformReport {
  readonly accounts: PlantAccounts;
  readonly runs: readonly PlatformRun[];
}

async function pages<T>(
  client: PlatformClient,
  query: string,
  page: (data: Record<string, unknown>) => { items: T[]; endCursor: string | null; hasNextPage: boolean },
): Promise<T[]> {
  const all: T[] = [];
  let after: string | null = null;
  for (;;) {
    const { items, endCursor, hasNextPage } = page(await client.data(AUDITOR, query, { after }));
    all.push(...items);
    if (!hasNextPage || !endCursor) return all;
    after = endCursor;
  }
}

function sums(): Record<string, Decimal> {
  return Object.fromEntries(ACCOUNTED_ELEMENTS.map((e) => [e, ZERO]));
}

function texts(record: Record<string, Decimal>): Record<string, string> {
  return Object.fromEntries(Object.entries(record).map(([e, v]) => [e, toPlainString(v)]));
}

/**
 * `simulated`: the ids of the lots and runs to account for (the simulator's: `DriveResult.refs`), so
 * that a platform holding other data (or a broker replaying other tests' events) reports the
 * simulated kilograms alone; unset: everything the platform holds.
 */
export async function readPlatformAccounts(
  client: PlatformClient,
  simulated?: ReadonlySet<string>,
): Promise<PlatformReport> {
  const ours = (id: string) => simulated === undefined || simulated.has(id);
  type IntakeLot = {
    id: string;
    custodian: string;
    facts: { weighing: { net: { value: string; unit: string } } };
    currentAssay: { composition: { contents: { element: string; value: string; unit: string }[] } } | null;
  };
  const intakeLots = await pages<IntakeLot>(client, INTAKE_LOTS, (data) => {
    const connection = data['lots'] as {
      pageInfo: { endCursor: string | null; hasNextPage: boolean };
      edges: { node: IntakeLot }[];
    };
    return { items: connection.edges.map((e) => e.node), ...connection.pageInfo };
  });
  type ConcentrationLot = {
    id: string;
    custody: string;
    remainingKg: string;
    outputRole: string | null;
    producedByRunId: string | null;
    composition: { element: string; fraction: string }[];
  };
  const concentrationLots = await pages<ConcentrationLot>(
    client,
    CONCENTRATION_LOTS,
    (data) =>
      data['concentrationLots'] as {
        items: ConcentrationLot[];
        endCursor: string | null;
        hasNextPage: boolean;
      },
  );
  const runs = await pages<Omit<PlatformRun, 'balance'>>(
    client,
    CONCENTRATION_RUNS,
    (data) =>
      data['concentrationRuns'] as { items: PlatformRun[]; endCursor: string | null; hasNextPage: boolean },
  );
  const withBalances: PlatformRun[] = [];
  for (const run of runs.filter((r) => ours(r.id))) {
    const data = await client.data(AUDITOR, RUN_BALANCE, { runId: run.id });
    withBalances.push({ ...run, balance: data['concentrationRunBalance'] as PlatformRun['balance'] });
  }

  let registeredKg = ZERO;
  const registered = sums();
  const atIntake = sums();
  for (const lot of intakeLots.filter((l) => ours(l.id))) {
    const net = lot.facts.weighing.net;
    const massKg = parseDecimal(net.value).times(UNIT_KG[net.unit] ?? '1');
    registeredKg = registeredKg.plus(massKg);
    for (const content of lot.currentAssay?.composition.contents ?? []) {
      if (!(content.element in registered)) continue;
      const kg = massKg.times(parseDecimal(content.value)).dividedBy(UNIT_FRACTION[content.unit] ?? '1');
      registered[content.element] = (registered[content.element] ?? ZERO).plus(kg);
      if (lot.custodian === 'INTAKE')
        atIntake[content.element] = (atIntake[content.element] ?? ZERO).plus(kg);
    }
  }
  const adsorptionRuns = new Set(withBalances.filter((r) => r.kind === 'ADSORPTION').map((r) => r.id));
  const held = sums();
  const inConcentrates = sums();
  for (const lot of concentrationLots.filter((l) => ours(l.id))) {
    if (lot.custody === 'HANDED_OVER' || lot.custody === 'REFUSED') continue;
    const concentrate =
      lot.outputRole === 'PRODUCT' && lot.producedByRunId !== null && adsorptionRuns.has(lot.producedByRunId);
    for (const { element, fraction } of lot.composition) {
      if (!(element in held)) continue;
      const kg = parseDecimal(lot.remainingKg).times(parseDecimal(fraction));
      held[element] = (held[element] ?? ZERO).plus(kg);
      if (concentrate) inConcentrates[element] = (inConcentrates[element] ?? ZERO).plus(kg);
    }
  }
  const losses = sums();
  const imbalance = sums();
  for (const run of withBalances) {
    for (const e of run.balance.elements) {
      if (!(e.element in losses)) continue;
      losses[e.element] = (losses[e.element] ?? ZERO).plus(parseDecimal(e.lossesKg));
      imbalance[e.element] = (imbalance[e.element] ?? ZERO).plus(parseDecimal(e.imbalanceKg));
    }
  }
  return {
    runs: withBalances,
    accounts: {
      lotsRegistered: intakeLots.filter((l) => ours(l.id)).length,
      registeredKg: toPlainString(registeredKg),
      registered: texts(registered),
      atIntake: texts(atIntake),
      heldInConcentration: texts(held),
      inConcentrates: texts(inConcentrates),
      losses: texts(losses),
      imbalance: texts(imbalance),
      runs: withBalances.length,
      runsCompleted: withBalances.filter((r) => r.status === 'COMPLETED').length,
      runsOverridden: withBalances.filter((r) => r.override !== null).length,
    },
  };
}
