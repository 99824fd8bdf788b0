import { attributionOf, SourceShares } from './attribute-to-sources';
import { elementMassOf, fractionOf } from './element-flows';
import { type Genealogy, type GenealogyLot, type GenealogyRun, genealogyOf } from './genealogy';
import { Rational, scaledIntegerToText } from './rational';
import { TraceabilityError } from './traceability-error';

/** A lot the sales service shipped (one lot of one shipment). */
export interface Shipment {
  readonly shipmentId: string;
  readonly lotId: string;
  readonly orderId: string;
  readonly orderLineId?: string;
  readonly customerOrganisationId?: string;
  readonly deliverySiteId?: string;
  readonly deliverySiteGln?: string;
  /** Net mass of the lot in the shipment, kg (exact). */
  readonly netMassKg: string;
  readonly shippedAt: Date;
  readonly productCode?: string;
  readonly passportId?: string;
}

/** The genealogy downstream of a source lot: every lot, every run taking each lot, every shipment. */
export interface DownstreamGenealogy extends Genealogy {
  runIdsTaking(lotId: string): readonly string[];
  shipmentsOf(lotId: string): readonly Shipment[];
}

export interface DownstreamLot {
  readonly lot: GenealogyLot;
  /** The lot's element mass, rounded half-even to 1 mg, kg. */
  readonly elementMassKg: string;
  /** What of it the source lot gave: its line of the lot's backward trace (the same mg), kg. */
  readonly attributedKg: string;
  readonly share: Rational;
  /** Chains of runs from the source lot to this lot, first run first. */
  readonly paths: readonly (readonly string[])[];
}

export interface ShipmentReach {
  readonly shipment: Shipment;
  /** The element the source gave the shipped mass: net mass x fraction x share, rounded half-even to 1 mg, kg. */
  readonly attributedKg: string;
  readonly share: Rational;
}

export interface ForwardTrace {
  readonly sourceLotId: string;
  readonly element: string;
  /** The source lot's own element mass, rounded half-even to 1 mg, kg. */
  readonly sourceElementMassKg: string;
  /** Every lot a run made (directly or through other runs) from the source lot, by lot id. */
  readonly lots: readonly DownstreamLot[];
  /** Every shipment of the source lot or a downstream lot, by shipment time then id. */
  readonly shipments: readonly ShipmentReach[];
}

/** Every lot made from the source lot through one run or more (the source lot itself excluded), by lot id. */
export function downstreamLotIds(genealogy: DownstreamGenealogy, sourceLotId: string): string[] {
  const found = new Set<string>();
  const seenRuns = new Set<string>();
  const pending = [sourceLotId];
  while (pending.length > 0) {
    const id = pending.pop() as string;
    for (const runId of genealogy.runIdsTaking(id)) {
      if (seenRuns.has(runId)) continue;
      seenRuns.add(runId);
      for (const output of genealogy.run(runId)?.outputs ?? []) {
        if (output.lotId === sourceLotId || found.has(output.lotId)) continue;
        found.add(output.lotId);
        pending.push(output.lotId);
      }
    }
  }
  return [...found].sort();
}

/**
 * Forward trace (recall): for every lot downstream of the source lot, what the source gave it of
 * the element, by the same physical proportional allocation as the backward trace (its line of the
 * lot's backward trace, so both directions state the same milligrams), and for every shipment of
 * such a lot what the shipped mass carried of it.
 */
export function traceForward(
  genealogy: DownstreamGenealogy,
  sourceLotId: string,
  element: string,
  shares: SourceShares = new SourceShares(genealogy),
): ForwardTrace {
  const source = genealogy.lot(sourceLotId);
  if (!source) {
    throw new TraceabilityError({
      code: 'UNKNOWN_LOT',
      field: 'lotId',
      value: sourceLotId,
      rule: 'must be a lot the traceability service has received an event of',
    });
  }
  const lots: DownstreamLot[] = [];
  const shareOf = new Map<string, Rational>([[sourceLotId, Rational.ONE]]);
  for (const lotId of downstreamLotIds(genealogy, sourceLotId)) {
    const lot = genealogy.lot(lotId);
    if (!lot) continue;
    // The source's line of the lot's backward trace, without the other sources' lines.
    const { elementMassKg, line } = attributionOf(genealogy, lotId, element, sourceLotId, shares);
    const share = line?.share ?? Rational.ZERO;
    shareOf.set(lotId, share);
    lots.push({
      lot,
      elementMassKg,
      attributedKg: line?.attributedKg ?? '0.000000',
      share,
      paths: line?.paths ?? [],
    });
  }
  const shipments: ShipmentReach[] = [];
  for (const [lotId, share] of shareOf) {
    for (const shipment of genealogy.shipmentsOf(lotId)) {
      const exact = Rational.fromDecimal(shipment.netMassKg)
        .times(fractionOf(genealogy, lotId, element))
        .times(share);
      shipments.push({
        shipment,
        share,
        attributedKg: scaledIntegerToText(exact.roundedToScaledInteger(6), 6),
      });
    }
  }
  shipments.sort(
    (a, b) =>
      a.shipment.shippedAt.getTime() - b.shipment.shippedAt.getTime() ||
      (a.shipment.shipmentId < b.shipment.shipmentId
        ? -1
        : a.shipment.shipmentId > b.shipment.shipmentId
          ? 1
          : 0) ||
      (a.shipment.lotId < b.shipment.lotId ? -1 : 1),
  );
  return {
    sourceLotId,
    element,
    sourceElementMassKg: scaledIntegerToText(
      elementMassOf(genealogy, sourceLotId, element).roundedToScaledInteger(6),
      6,
    ),
    lots,
    shipments,
  };
}

/** A genealogy with its shipments held in memory (what the store loads for one forward trace, and what tests write out). */
export function downstreamGenealogyOf(
  lots: readonly GenealogyLot[],
  runs: readonly GenealogyRun[],
  shipments: readonly Shipment[],
): DownstreamGenealogy {
  const genealogy = genealogyOf(lots, runs);
  const taking = new Map<string, string[]>();
  for (const run of runs) {
    for (const input of run.inputs) {
      const ids = taking.get(input.lotId) ?? [];
      if (!ids.includes(run.runId)) ids.push(run.runId);
      taking.set(input.lotId, ids);
    }
  }
  const shipped = new Map<string, Shipment[]>();
  for (const shipment of shipments)
    shipped.set(shipment.lotId, [...(shipped.get(shipment.lotId) ?? []), shipment]);
  return {
    ...genealogy,
    runIdsTaking: (lotId) => [...(taking.get(lotId) ?? [])].sort(),
    shipmentsOf: (lotId) => shipped.get(lotId) ?? [],
  };
}
