import { parseDecimal, toPlainString } from '@rre/quantities';
import type Decimal from 'decimal.js';

/**
 * The simulator's own books: every lot it registered or had a run produce, with the mass and
 * composition it told the platform, and every run's per-element balance as the platform must
 * compute it. `plantAccounts` turns them into the figures the platform must report back.
 */

/** Plain fractions (C62) with their absolute standard uncertainty, by element. */
export type Composition = ReadonlyMap<string, { readonly fraction: Decimal; readonly uncertainty?: Decimal }>;

export type LotPlace =
  /** Registered, not (yet) handed over: REGISTERED, SCREENED_ACCEPTED, QUARANTINED or RELEASED. */
  | 'AT_INTAKE'
  | 'REJECTED_AT_INTAKE'
  /** Held by concentration (received from intake or produced by a run). */
  | 'CONCENTRATION'
  /** Held by separation (a concentrate it accepted, or produced by one of its runs). */
  | 'SEPARATION'
  /** Held by reduction (an oxide it accepted, cathode metal it received, or produced by one of its runs). */
  | 'REDUCTION'
  /** Metal reduction, or oxide separation, offered onward (to sales): out of the plant's custody once accepted. */
  | 'OFFERED_ONWARD';

export interface LedgerLot {
  readonly ref: string;
  readonly origin: 'INTAKE' | 'RUN' | 'RECEIVED';
  readonly materialKind: string;
  /** Net weighed mass (intake) or declared output mass (run), kg. */
  readonly massKg: Decimal;
  remainingKg: Decimal;
  composition: Composition;
  place: LotPlace;
  readonly role?: 'PRODUCT' | 'BY_PRODUCT' | 'RESIDUE';
  /** The HRE concentrate of an adsorption run. */
  readonly concentrate?: boolean;
  /** What the lot is at the end of the chain: an oxide of separation's calcination, or a metal of reduction's distillation. */
  readonly product?: 'OXIDE' | 'METAL';
}

export interface LedgerElementBalance {
  inputsKg: Decimal;
  outputsKg: Decimal;
  lossesKg: Decimal;
  /** k = 2 times the root-sum-square of the terms' standard uncertainties, as the platform computes it. */
  toleranceKg: Decimal;
}

export type RunKind =
  | 'LEACHING'
  | 'ADSORPTION'
  | 'SOLVENT_EXTRACTION'
  | 'PRECIPITATION'
  | 'CALCINATION'
  | 'ELECTROLYSIS'
  | 'VACUUM_DISTILLATION';

export const RUN_KINDS: readonly RunKind[] = [
  'LEACHING',
  'ADSORPTION',
  'SOLVENT_EXTRACTION',
  'PRECIPITATION',
  'CALCINATION',
  'ELECTROLYSIS',
  'VACUUM_DISTILLATION',
];

export interface LedgerRun {
  readonly ref: string;
  readonly kind: RunKind;
  /** For solvent extraction: the extractant's kind. */
  readonly extractant?: 'NEW' | 'CONVENTIONAL';
  readonly elements: Map<string, LedgerElementBalance>;
  /** Completed with an override because its balance did not close (then corrected). */
  overridden: boolean;
  completed: boolean;
}

/** A lot sales accepted as a catalogue product, with the kilograms of it shipped. */
export interface LedgerSalesLot {
  readonly lotRef: string;
  readonly productCode: string;
  readonly massKg: Decimal;
  shippedKg: Decimal;
  /** As sales computes it: the element's fraction / its mass share in the product. */
  readonly purity: Decimal;
}

/** One shipment of an order: its lots' net masses, and the passport sales issues for it. */
export interface LedgerShipment {
  readonly ref: string;
  readonly passportRef: string;
  readonly orderRef: string;
  readonly customer: string;
  readonly lots: readonly {
    readonly lotRef: string;
    readonly productCode: string;
    readonly massKg: Decimal;
  }[];
}

export class PlantLedger {
  readonly lots = new Map<string, LedgerLot>();
  readonly runs: LedgerRun[] = [];
  readonly salesLots = new Map<string, LedgerSalesLot>();
  readonly shipments: LedgerShipment[] = [];

  lot(refName: string): LedgerLot {
    const lot = this.lots.get(refName);
    if (!lot) throw new Error(`no lot ${refName} in the ledger`);
    return lot;
  }
}

/** The figures that account for every kilogram, per element and in total mass. */
export interface PlantAccounts {
  /** Lots registered at intake. */
  readonly lotsRegistered: number;
  /** Net mass registered at intake, kg. */
  readonly registeredKg: string;
  /** Element mass registered at intake (net mass x current assay), kg, by element. */
  readonly registered: Readonly<Record<string, string>>;
  /** Still at intake (not handed over, rejected included). */
  readonly atIntake: Readonly<Record<string, string>>;
  /** What remains of every lot concentration holds (received and produced). */
  readonly heldInConcentration: Readonly<Record<string, string>>;
  /** Of that, in the HRE concentrates (PRODUCT lots of adsorption runs). */
  readonly inConcentrates: Readonly<Record<string, string>>;
  /** What remains of every lot separation holds (concentrates accepted, fractions, oxalates, filtrates, oxides). */
  readonly heldInSeparation: Readonly<Record<string, string>>;
  /** What remains of every lot reduction holds (oxides accepted, alloys, spent salt, recovered cathode metal, metal). */
  readonly heldInReduction: Readonly<Record<string, string>>;
  /** In the metal lots reduction and the oxide lots separation offered onward (to sales). */
  readonly offeredOnward: Readonly<Record<string, string>>;
  /** Produced: in the Tb4O7 and Dy2O3 lots of separation's calcination runs (as declared). */
  readonly inOxides: Readonly<Record<string, string>>;
  /** Produced: in the metal lots of reduction's distillation runs (as declared). */
  readonly inMetal: Readonly<Record<string, string>>;
  /** Declared losses of every run (concentration, separation and reduction). */
  readonly losses: Readonly<Record<string, string>>;
  /** What runs took and did not (yet) account for: inputs - outputs - losses, summed over runs. */
  readonly imbalance: Readonly<Record<string, string>>;
  readonly runs: number;
  /** Runs by kind, every kind listed. */
  readonly runsByKind: Readonly<Record<string, number>>;
  readonly runsCompleted: number;
  readonly runsOverridden: number;
}

export const ACCOUNTED_ELEMENTS = ['Dy', 'Tb'] as const;

const ZERO = parseDecimal('0');

function byElement(sum: (element: string) => Decimal): Record<string, string> {
  return Object.fromEntries(ACCOUNTED_ELEMENTS.map((e) => [e, toPlainString(sum(e))]));
}

export function elementKg(massKg: Decimal, composition: Composition, element: string): Decimal {
  const content = composition.get(element);
  return content ? massKg.times(content.fraction) : ZERO;
}

export function plantAccounts(ledger: PlantLedger): PlantAccounts {
  const lots = [...ledger.lots.values()];
  const intakeLots = lots.filter((l) => l.origin === 'INTAKE');
  const sumLots = (selected: LedgerLot[], mass: (l: LedgerLot) => Decimal) => (element: string) =>
    selected.reduce((sum, l) => sum.plus(elementKg(mass(l), l.composition, element)), ZERO);
  const sumRuns = (term: (b: LedgerElementBalance) => Decimal) => (element: string) =>
    ledger.runs.reduce((sum, run) => {
      const balance = run.elements.get(element);
      return balance ? sum.plus(term(balance)) : sum;
    }, ZERO);
  const held = lots.filter((l) => l.place === 'CONCENTRATION');
  const inPlace = (place: LotPlace) =>
    byElement(
      sumLots(
        lots.filter((l) => l.place === place),
        (l) => l.remainingKg,
      ),
    );
  const produced = (product: 'OXIDE' | 'METAL') =>
    byElement(
      sumLots(
        lots.filter((l) => l.product === product),
        (l) => l.massKg,
      ),
    );
  return {
    lotsRegistered: intakeLots.length,
    registeredKg: toPlainString(intakeLots.reduce((sum, l) => sum.plus(l.massKg), ZERO)),
    registered: byElement(sumLots(intakeLots, (l) => l.massKg)),
    atIntake: byElement(
      sumLots(
        intakeLots.filter((l) => l.place !== 'CONCENTRATION'),
        (l) => l.massKg,
      ),
    ),
    heldInConcentration: byElement(sumLots(held, (l) => l.remainingKg)),
    inConcentrates: byElement(
      sumLots(
        held.filter((l) => l.concentrate),
        (l) => l.remainingKg,
      ),
    ),
    heldInSeparation: inPlace('SEPARATION'),
    heldInReduction: inPlace('REDUCTION'),
    offeredOnward: inPlace('OFFERED_ONWARD'),
    inOxides: produced('OXIDE'),
    inMetal: produced('METAL'),
    losses: byElement(sumRuns((b) => b.lossesKg)),
    imbalance: byElement(sumRuns((b) => b.inputsKg.minus(b.outputsKg).minus(b.lossesKg))),
    runs: ledger.runs.length,
    runsByKind: Object.fromEntries(RUN_KINDS.map((k) => [k, ledger.runs.filter((r) => r.kind === k).length])),
    runsCompleted: ledger.runs.filter((r) => r.completed).length,
    runsOverridden: ledger.runs.filter((r) => r.overridden).length,
  };
}

/**
 * Every kilogram accounted for: registered = at intake + held in concentration, separation and
 * reduction + offered onward + losses + imbalance, per element, exactly. Returns the difference
 * (zero when the books close).
 */
export function unaccountedKg(accounts: PlantAccounts, element: string): Decimal {
  const term = (record: Readonly<Record<string, string>>) => parseDecimal(record[element] ?? '0');
  return term(accounts.registered)
    .minus(term(accounts.atIntake))
    .minus(term(accounts.heldInConcentration))
    .minus(term(accounts.heldInSeparation))
    .minus(term(accounts.heldInReduction))
    .minus(term(accounts.offeredOnward))
    .minus(term(accounts.losses))
    .minus(term(accounts.imbalance));
}

/** What sales must report for the simulated lots: per product, accepted and shipped kg; shipments and passports. */
export interface SalesBooks {
  readonly shipments: number;
  readonly passports: number;
  /** Mass sales accepted, by product code (every product the books hold). */
  readonly acceptedKg: Readonly<Record<string, string>>;
  /** Mass shipped, by product code. */
  readonly shippedKg: Readonly<Record<string, string>>;
}

export function salesBooks(ledger: PlantLedger): SalesBooks {
  const accepted: Record<string, Decimal> = {};
  const shipped: Record<string, Decimal> = {};
  for (const lot of ledger.salesLots.values()) {
    accepted[lot.productCode] = (accepted[lot.productCode] ?? ZERO).plus(lot.massKg);
    shipped[lot.productCode] = (shipped[lot.productCode] ?? ZERO).plus(lot.shippedKg);
  }
  const texts = (record: Record<string, Decimal>) =>
    Object.fromEntries(
      Object.keys(record)
        .sort()
        .map((code) => [code, toPlainString(record[code] ?? ZERO)]),
    );
  return {
    shipments: ledger.shipments.length,
    passports: new Set(ledger.shipments.map((s) => s.passportRef)).size,
    acceptedKg: texts(accepted),
    shippedKg: texts(shipped),
  };
}
