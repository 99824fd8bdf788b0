import type { Genealogy, GenealogyRun } from '../domain/genealogy';
import { fractionOf } from '../domain/element-flows';
import { Rational, sumOf } from '../domain/rational';
import type { ImbalanceOverride, PublishedBalance } from './run-balance-facts';

/**
 * Whether a run's element closes: |difference| <= the tolerance the run published for it
 * (coverage factor x combined standard uncertainty); without a published tolerance, only an
 * exact zero difference closes.
 */
export const RECONCILIATION_CLOSING_RULE =
  '|in - (out + losses)| <= the tolerance the run published for the element (k x combined standard uncertainty, rounded up to 1 mg); without one, the difference must be exactly zero';

/** One element of one run: what went in against what came out and was lost, exact kg. */
export interface ElementReconciliation {
  readonly element: string;
  readonly openingInventoryKg: string;
  readonly inputsKg: string;
  /** Opening inventory + inputs. */
  readonly totalInKg: string;
  readonly productsKg: string;
  readonly byProductsKg: string;
  readonly residuesKg: string;
  readonly closingInventoryKg: string;
  /** Products + by-products + residues + closing inventory. */
  readonly outputsKg: string;
  readonly lossesKg: string;
  /** Outputs + losses. */
  readonly totalOutKg: string;
  /** totalIn - totalOut, signed. */
  readonly differenceKg: string;
  /** The run's published tolerance for the element; undefined when it published none. */
  readonly toleranceKg?: string;
  readonly closes: boolean;
  /** The imbalance the run itself published (on the figures it knew then); undefined when none. */
  readonly publishedImbalanceKg?: string;
  readonly publishedCloses?: boolean;
}

/** OPEN: not completed (no balance yet); CLOSED; NOT_CLOSED; OVERRIDDEN: did not close, completed by a person's override. */
export type RunReconciliationStatus = 'OPEN' | 'CLOSED' | 'NOT_CLOSED' | 'OVERRIDDEN';

export interface RunReconciliation {
  readonly runId: string;
  readonly service: string;
  readonly kind?: string;
  readonly runStatus: string;
  readonly completedAt?: Date;
  readonly basis?: string;
  readonly coverageFactor?: string;
  readonly status: RunReconciliationStatus;
  /** Every element closes (false for an open run). */
  readonly closes: boolean;
  readonly elements: readonly ElementReconciliation[];
  readonly override?: ImbalanceOverride;
}

const OUTPUT_BUCKETS: Record<string, 'products' | 'byProducts' | 'residues' | 'closing'> = {
  PRODUCT: 'products',
  BY_PRODUCT: 'byProducts',
  RESIDUE: 'residues',
  IN_PROCESS_INVENTORY: 'closing',
};

/** The elements a run's reconciliation covers: its lots' compositions, its losses and its published balance. */
export function elementsOfRun(genealogy: Genealogy, run: GenealogyRun, balance?: PublishedBalance): string[] {
  const elements = new Set<string>(Object.keys(run.lossesKg));
  for (const each of [...run.inputs, ...run.outputs])
    for (const element of Object.keys(genealogy.lot(each.lotId)?.composition ?? {})) elements.add(element);
  for (const element of balance?.elements ?? []) elements.add(element.element);
  return [...elements].sort();
}

/**
 * Reconciles one run per element on the genealogy's current figures (net takes and output masses
 * x the lots' current compositions, the latest balance's losses), exactly, against the tolerance
 * the run published.
 */
export function reconcileRun(
  genealogy: Genealogy,
  run: GenealogyRun,
  facts: { balance?: PublishedBalance; override?: ImbalanceOverride; elements?: readonly string[] },
): RunReconciliation {
  const elements = (facts.elements ?? elementsOfRun(genealogy, run, facts.balance)).map((element) =>
    reconcileElement(genealogy, run, element, facts.balance),
  );
  const closes = facts.balance !== undefined && elements.every((each) => each.closes);
  const status: RunReconciliationStatus =
    facts.balance === undefined ? 'OPEN' : closes ? 'CLOSED' : facts.override ? 'OVERRIDDEN' : 'NOT_CLOSED';
  return {
    runId: run.runId,
    service: run.service,
    kind: run.kind,
    runStatus: run.status,
    completedAt: facts.balance?.completedAt,
    basis: facts.balance?.basis,
    coverageFactor: facts.balance?.coverageFactor,
    status,
    closes,
    elements,
    override: facts.override,
  };
}

function reconcileElement(
  genealogy: Genealogy,
  run: GenealogyRun,
  element: string,
  balance: PublishedBalance | undefined,
): ElementReconciliation {
  let opening = Rational.ZERO;
  let inputs = Rational.ZERO;
  for (const input of run.inputs) {
    const mass = Rational.fromDecimal(input.netMassKg).times(fractionOf(genealogy, input.lotId, element));
    if (input.role === 'OPENING_INVENTORY') opening = opening.plus(mass);
    else inputs = inputs.plus(mass);
  }
  const out = {
    products: Rational.ZERO,
    byProducts: Rational.ZERO,
    residues: Rational.ZERO,
    closing: Rational.ZERO,
  };
  for (const output of run.outputs) {
    const bucket = OUTPUT_BUCKETS[output.role] ?? 'products';
    out[bucket] = out[bucket].plus(
      Rational.fromDecimal(output.massKg).times(fractionOf(genealogy, output.lotId, element)),
    );
  }
  const losses = Rational.fromDecimal(run.lossesKg[element] ?? '0');
  const totalIn = opening.plus(inputs);
  const outputs = sumOf(Object.values(out));
  const totalOut = outputs.plus(losses);
  const difference = totalIn.minus(totalOut);
  const published = balance?.elements.find((each) => each.element === element);
  const tolerance = published?.toleranceKg;
  const magnitude = difference.compare(Rational.ZERO) < 0 ? Rational.ZERO.minus(difference) : difference;
  const closes = magnitude.compare(Rational.fromDecimal(tolerance ?? '0')) <= 0;
  return {
    element,
    openingInventoryKg: opening.toDecimalString(),
    inputsKg: inputs.toDecimalString(),
    totalInKg: totalIn.toDecimalString(),
    productsKg: out.products.toDecimalString(),
    byProductsKg: out.byProducts.toDecimalString(),
    residuesKg: out.residues.toDecimalString(),
    closingInventoryKg: out.closing.toDecimalString(),
    outputsKg: outputs.toDecimalString(),
    lossesKg: losses.toDecimalString(),
    totalOutKg: totalOut.toDecimalString(),
    differenceKg: difference.toDecimalString(),
    toleranceKg: tolerance,
    closes,
    publishedImbalanceKg: published?.imbalanceKg,
    publishedCloses: published?.closes,
  };
}
