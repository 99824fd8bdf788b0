import type { Genealogy } from './genealogy';
import { Rational, scaledIntegerToText } from './rational';
import { TraceabilityError } from './traceability-error';

export const CARBON_FOOTPRINT_METHOD =
  "gate-to-gate, mass allocation: a source lot enters with no footprint; a run's burden (what its inputs carried: net mass taken x their kg CO2e per kg, plus the CO2e the run recorded) is shared by all its outputs (residues and closing inventory included) in proportion to their mass; kg CO2e per kg is exact inside and rounded half-even to 6 decimal places once";

/** What a run recorded of its process energy and emissions. */
export interface RunEmissions {
  readonly energyKwh?: string;
  readonly co2eKg: string;
}

export interface CarbonFootprint {
  readonly lotId: string;
  readonly exactCo2eKgPerKg: Rational;
  /** kg CO2e per kg of the lot, 6 places; undefined when no run upstream recorded its emissions (unknown). */
  readonly co2eKgPerKg?: string;
  /** Runs upstream that recorded their emissions, and those that did not (they count as zero). */
  readonly runsWithEmissions: readonly string[];
  readonly runsWithoutEmissions: readonly string[];
}

/** Accumulates the runs' emissions along the genealogy, allocated to the outputs by mass. */
export function carbonFootprintOf(
  genealogy: Genealogy,
  lotId: string,
  emissions: ReadonlyMap<string, RunEmissions>,
): CarbonFootprint {
  const perKg = new Map<string, Rational>();
  const withEmissions = new Set<string>();
  const without = new Set<string>();

  const footprintOf = (id: string, visiting: readonly string[]): Rational => {
    const known = perKg.get(id);
    if (known) return known;
    if (visiting.includes(id)) {
      throw new TraceabilityError({
        code: 'GENEALOGY_CYCLE',
        field: 'lotId',
        value: id,
        rule: `must not be produced from itself: the genealogy runs ${[...visiting, id].join(' <- ')}`,
      });
    }
    const runId = genealogy.lot(id)?.producedByRunId;
    const run = runId === undefined ? undefined : genealogy.run(runId);
    let value = Rational.ZERO;
    if (run) {
      const recorded = emissions.get(run.runId);
      if (recorded) withEmissions.add(run.runId);
      else without.add(run.runId);
      let burden = recorded ? Rational.fromDecimal(recorded.co2eKg) : Rational.ZERO;
      for (const input of run.inputs) {
        burden = burden.plus(
          Rational.fromDecimal(input.netMassKg).times(footprintOf(input.lotId, [...visiting, id])),
        );
      }
      let outputKg = Rational.ZERO;
      for (const output of run.outputs) outputKg = outputKg.plus(Rational.fromDecimal(output.massKg));
      value = outputKg.isPositive() ? burden.dividedBy(outputKg) : Rational.ZERO;
    }
    perKg.set(id, value);
    return value;
  };

  const exact = footprintOf(lotId, []);
  return {
    lotId,
    exactCo2eKgPerKg: exact,
    co2eKgPerKg:
      withEmissions.size === 0 ? undefined : scaledIntegerToText(exact.roundedToScaledInteger(6), 6),
    runsWithEmissions: [...withEmissions].sort(),
    runsWithoutEmissions: [...without].sort(),
  };
}
