import { parseDecimal, toPlainString } from '@rre/quantities';
import type Decimal from 'decimal.js';
import type { PlatformClient } from '../drive/platform-client';
import { AUDITOR } from '../plant/plant-actors';
import { ACCOUNTED_ELEMENTS, type PlantAccounts, RUN_KINDS } from '../plan/plant-ledger';

/**
 * The plant's accounts as the platform reports them, read as an auditor through GraphQL: intake's
 * lots (net mass x current assay), what remains of every lot concentration, separation and
 * reduction hold, the metal reduction and the oxides separation offered onward (to sales), the oxides and metal produced, and every
 * run's balance as it stands (declared losses, and inputs not accounted for by outputs and losses).
 */

const INTAKE_LOTS = `query ($after: String) { lots(first: 40, after: $after) {
  pageInfo { endCursor hasNextPage }
  edges { node { id custodian facts { weighing { net { value unit } } }
    currentAssay { composition { contents { element value unit } } } } } } }`;
const LOT_FIELDS =
  'id custody massKg remainingKg outputRole producedByRunId composition { element fraction }';
const serviceLots = (service: string) => `query ($after: String) { ${service}Lots(first: 50, after: $after) {
  endCursor hasNextPage items { ${LOT_FIELDS} } } }`;
const serviceRuns = (service: string) => `query ($after: String) { ${service}Runs(first: 100, after: $after) {
  endCursor hasNextPage items { id kind status override { reason } } } }`;
const runBalance = (service: string) => `query ($runId: String!) { ${service}RunBalance(runId: $runId) {
  closes elements { element lossesKg imbalanceKg closes } } }`;

/** The services whose lots and runs hold the plant's material after intake, in the order it flows. */
const PROCESS_SERVICES = ['concentration', 'separation', 'reduction'] as const;
type ProcessService = (typeof PROCESS_SERVICES)[number];

const ZERO = parseDecimal('0');
const UNIT_FRACTION: Record<string, string> = { C62: '1', P1: '100', '59': '1000000', '61': '1000000000' };
const UNIT_KG: Record<string, string> = { KGM: '1', GRM: '0.001', MGM: '0.000001', TNE: '1000' };

interface PlatformRun {
  id: string;
  service: ProcessService;
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
  type ServiceLot = {
    id: string;
    custody: string;
    massKg: string;
    remainingKg: string;
    outputRole: string | null;
    producedByRunId: string | null;
    composition: { element: string; fraction: string }[];
  };
  type Page<T> = { items: T[]; endCursor: string | null; hasNextPage: boolean };
  const lots = new Map<ProcessService, ServiceLot[]>();
  const withBalances: PlatformRun[] = [];
  for (const service of PROCESS_SERVICES) {
    lots.set(
      service,
      (
        await pages<ServiceLot>(
          client,
          serviceLots(service),
          (data) => data[`${service}Lots`] as Page<ServiceLot>,
        )
      ).filter((l) => ours(l.id)),
    );
    const runs = await pages<Omit<PlatformRun, 'balance' | 'service'>>(
      client,
      serviceRuns(service),
      (data) => data[`${service}Runs`] as Page<Omit<PlatformRun, 'balance' | 'service'>>,
    );
    for (const run of runs.filter((r) => ours(r.id))) {
      const data = await client.data(AUDITOR, runBalance(service), { runId: run.id });
      withBalances.push({ ...run, service, balance: data[`${service}RunBalance`] as PlatformRun['balance'] });
    }
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
  const runsOf = (service: ProcessService, kind: string) =>
    new Set(withBalances.filter((r) => r.service === service && r.kind === kind).map((r) => r.id));
  const addLot = (to: Record<string, Decimal>, lot: ServiceLot, massKg: string) => {
    for (const { element, fraction } of lot.composition) {
      if (!(element in to)) continue;
      to[element] = (to[element] ?? ZERO).plus(parseDecimal(massKg).times(parseDecimal(fraction)));
    }
  };
  const product = (lot: ServiceLot, runs: ReadonlySet<string>) =>
    lot.outputRole === 'PRODUCT' && lot.producedByRunId !== null && runs.has(lot.producedByRunId);

  const held = sums();
  const inConcentrates = sums();
  const adsorptionRuns = runsOf('concentration', 'ADSORPTION');
  for (const lot of lots.get('concentration') ?? []) {
    if (lot.custody === 'HANDED_OVER' || lot.custody === 'REFUSED') continue;
    addLot(held, lot, lot.remainingKg);
    if (product(lot, adsorptionRuns)) addLot(inConcentrates, lot, lot.remainingKg);
  }
  // A lot another service offered and this one has not answered is still the offerer's.
  const inCustody = (lot: ServiceLot) => lot.custody === 'HELD' || lot.custody === 'OFFERED_OUT';
  const heldInSeparation = sums();
  const inOxides = sums();
  const offeredOnward = sums();
  const calcinationRuns = runsOf('separation', 'CALCINATION');
  const reductionLots = new Set((lots.get('reduction') ?? []).map((lot) => lot.id));
  for (const lot of lots.get('separation') ?? []) {
    // An oxide offered to sales (reduction never heard of it), accepted there or not: offered onward.
    if ((lot.custody === 'OFFERED_OUT' || lot.custody === 'HANDED_OVER') && !reductionLots.has(lot.id))
      addLot(offeredOnward, lot, lot.massKg);
    else if (inCustody(lot)) addLot(heldInSeparation, lot, lot.remainingKg);
    if (product(lot, calcinationRuns)) addLot(inOxides, lot, lot.massKg);
  }
  const heldInReduction = sums();
  const inMetal = sums();
  const distillationRuns = runsOf('reduction', 'VACUUM_DISTILLATION');
  for (const lot of lots.get('reduction') ?? []) {
    if (lot.custody === 'HELD') addLot(heldInReduction, lot, lot.remainingKg);
    // Offered onward (to sales), accepted there or not: out of the plant's process custody.
    if (lot.custody === 'OFFERED_OUT' || lot.custody === 'HANDED_OVER')
      addLot(offeredOnward, lot, lot.massKg);
    if (product(lot, distillationRuns)) addLot(inMetal, lot, lot.massKg);
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
      heldInSeparation: texts(heldInSeparation),
      heldInReduction: texts(heldInReduction),
      offeredOnward: texts(offeredOnward),
      inOxides: texts(inOxides),
      inMetal: texts(inMetal),
      losses: texts(losses),
      imbalance: texts(imbalance),
      runs: withBalances.length,
      runsByKind: Object.fromEntries(
        RUN_KINDS.map((k) => [k, withBalances.filter((r) => r.kind === k).length]),
      ),
      runsCompleted: withBalances.filter((r) => r.status === 'COMPLETED').length,
      runsOverridden: withBalances.filter((r) => r.override !== null).length,
    },
  };
}
