import type { Genealogy, GenealogyRun } from './genealogy';
import { Rational, sumOf } from './rational';

/** A lot's mass fraction of an element (zero when its composition does not state it). */
export function fractionOf(genealogy: Genealogy, lotId: string, element: string): Rational {
  const fraction = genealogy.lot(lotId)?.composition[element];
  return fraction === undefined ? Rational.ZERO : Rational.fromDecimal(fraction);
}

/** A lot's mass of an element: its mass x its current fraction (zero without either). */
export function elementMassOf(genealogy: Genealogy, lotId: string, element: string): Rational {
  const massKg = genealogy.lot(lotId)?.massKg;
  return massKg === undefined
    ? Rational.ZERO
    : Rational.fromDecimal(massKg).times(fractionOf(genealogy, lotId, element));
}

/** One run's flows of one element, exact (kg). */
export interface RunElementFlows {
  /** Per input lot: net mass taken x the lot's current fraction (one entry per lot, takes summed). */
  readonly contributed: ReadonlyMap<string, Rational>;
  /** Per output lot: its mass x its fraction. */
  readonly received: ReadonlyMap<string, Rational>;
  readonly lossKg: Rational;
  readonly totalInKg: Rational;
  /** Outputs (residues and closing inventory included) plus declared losses. */
  readonly totalOutKg: Rational;
}

export function runElementFlows(genealogy: Genealogy, run: GenealogyRun, element: string): RunElementFlows {
  const contributed = new Map<string, Rational>();
  for (const input of run.inputs) {
    const mass = Rational.fromDecimal(input.netMassKg).times(fractionOf(genealogy, input.lotId, element));
    contributed.set(input.lotId, (contributed.get(input.lotId) ?? Rational.ZERO).plus(mass));
  }
  const received = new Map<string, Rational>();
  for (const output of run.outputs) {
    const mass = Rational.fromDecimal(output.massKg).times(fractionOf(genealogy, output.lotId, element));
    received.set(output.lotId, (received.get(output.lotId) ?? Rational.ZERO).plus(mass));
  }
  const lossKg = Rational.fromDecimal(run.lossesKg[element] ?? '0');
  return {
    contributed,
    received,
    lossKg,
    totalInKg: sumOf(contributed.values()),
    totalOutKg: sumOf(received.values()).plus(lossKg),
  };
}
