import { ATTRIBUTION_ROUNDING_RULE, attributeToSources, SourceShares } from '../domain/attribute-to-sources';
import { runElementFlows } from '../domain/element-flows';
import type { Genealogy, GenealogyLot, GenealogyRun } from '../domain/genealogy';
import type { Rational } from '../domain/rational';

/** An exact value as text: the fraction in lowest terms and its decimal (exact when it terminates within 30 places). */
function exact(value: Rational): { fraction: string; decimal: string } {
  return { fraction: `${value.numerator}/${value.denominator}`, decimal: value.toDecimalString(30) };
}

function massesByLot(masses: ReadonlyMap<string, Rational>): Record<string, string> {
  return Object.fromEntries([...masses].map(([lotId, kg]) => [lotId, kg.toDecimalString(30)]));
}

/** The lots and runs upstream of a lot (the lot, the runs that produced it and their inputs and outputs, to the sources). */
export function upstreamLotsAndRuns(
  genealogy: Genealogy,
  lotId: string,
): { lots: GenealogyLot[]; runs: GenealogyRun[] } {
  const lots = new Map<string, GenealogyLot>();
  const runs = new Map<string, GenealogyRun>();
  const pending = [lotId];
  const seen = new Set<string>();
  while (pending.length > 0) {
    const id = pending.pop() as string;
    if (seen.has(id)) continue;
    seen.add(id);
    const lot = genealogy.lot(id);
    if (!lot) continue;
    lots.set(id, lot);
    const run = lot.producedByRunId === undefined ? undefined : genealogy.run(lot.producedByRunId);
    if (!run || runs.has(run.runId)) continue;
    runs.set(run.runId, run);
    for (const each of [...run.inputs, ...run.outputs]) pending.push(each.lotId);
  }
  const byId =
    <T>(key: (item: T) => string) =>
    (a: T, b: T) =>
      key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0;
  return {
    lots: [...lots.values()].sort(byId((lot) => lot.lotId)),
    runs: [...runs.values()].sort(byId((run) => run.runId)),
  };
}

/**
 * genealogy.json: every lot and run behind the statement's lot, each run's per-element inputs,
 * outputs and losses (exact kg), and the lot's backward trace per element (exact shares, attributed
 * kg rounded once, paths), from the same genealogy the statement is computed from.
 */
export function statementGenealogyOf(genealogy: Genealogy, lotId: string, elements: readonly string[]) {
  const { lots, runs } = upstreamLotsAndRuns(genealogy, lotId);
  const shares = new SourceShares(genealogy);
  return {
    lotId,
    elements,
    lots,
    runs: runs.map((run) => ({
      ...run,
      elements: elements.map((element) => {
        const flows = runElementFlows(genealogy, run, element);
        return {
          element,
          totalInKg: flows.totalInKg.toDecimalString(30),
          totalOutKg: flows.totalOutKg.toDecimalString(30),
          lossKg: flows.lossKg.toDecimalString(30),
          inputsKg: massesByLot(flows.contributed),
          outputsKg: massesByLot(flows.received),
        };
      }),
    })),
    roundingRule: ATTRIBUTION_ROUNDING_RULE,
    backwardTraces: elements.map((element) => {
      const trace = attributeToSources(genealogy, lotId, element, shares);
      return {
        element,
        elementMassKg: trace.elementMassKg,
        exactElementMassKg: trace.exactElementMassKg.toDecimalString(30),
        sources: trace.sources.map((source) => ({
          kind: source.source ? 'SOURCE_LOT' : 'UNATTRIBUTED',
          lotId: source.source?.lotId ?? null,
          lotCode: source.source?.lotCode ?? null,
          sourceCategory: source.source?.sourceCategory ?? null,
          supplierOrganisationId: source.source?.supplierOrganisationId ?? null,
          countryOfOrigin: source.source?.countryOfOrigin ?? null,
          share: exact(source.share),
          exactKg: source.exactKg.toDecimalString(30),
          attributedKg: source.attributedKg,
          paths: source.paths.map((path) => ({ runIds: path })),
        })),
      };
    }),
  };
}
