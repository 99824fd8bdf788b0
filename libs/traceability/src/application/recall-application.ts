import type { Principal } from '@rre/auth';
import type { DataSource } from 'typeorm';
import { type ForwardTrace, type Shipment, traceForward } from '../domain/forward-trace';
import { SourceShares } from '../domain/attribute-to-sources';
import { TraceabilityError } from '../domain/traceability-error';
import { DownstreamStore } from '../persistence/downstream.store';
import { readsEveryLot } from './trace-view';

/** A shipment a recall reaches, and what it carried of each element of the source lot. */
export interface AffectedShipment {
  readonly shipment: Shipment;
  readonly elements: readonly { readonly element: string; readonly attributedKg: string }[];
}

export interface RecallReport {
  readonly sourceLotId: string;
  readonly traces: readonly ForwardTrace[];
  /** Every shipment of the source lot or a lot made from it, by shipment time. */
  readonly affectedShipments: readonly AffectedShipment[];
}

const ELEMENT_SYMBOL = /^[A-Z][a-z]?$/;

/**
 * Forward trace and recall. The plant's staff and auditors may run them for any lot and see
 * customers; a recycler only for its own organisation's lots, without runs (paths) or customers,
 * delivery sites and orders.
 */
export class RecallApplication {
  private readonly downstream = new DownstreamStore();

  constructor(private readonly options: { readonly dataSource: DataSource }) {}

  /** `asOf`: from the facts recorded at or before that time. */
  async forwardTrace(
    principal: Principal,
    lotId: string,
    element?: string,
    asOf?: Date,
  ): Promise<ForwardTrace[]> {
    if (element !== undefined && !ELEMENT_SYMBOL.test(element)) {
      throw new TraceabilityError({
        code: 'INVALID_INPUT',
        field: 'element',
        value: JSON.stringify(element),
        rule: 'must be an element symbol such as "Tb" or "Dy"',
      });
    }
    const genealogy = await this.downstream.downstreamOf(this.options.dataSource, lotId, asOf);
    const source = genealogy.lot(lotId);
    if (
      !source ||
      (!readsEveryLot(principal) && source.supplierOrganisationId !== principal.organisationId)
    ) {
      throw new TraceabilityError({
        code: 'UNKNOWN_LOT',
        field: 'lotId',
        value: lotId,
        rule: "must be a lot the traceability service knows and the caller may trace forward (a recycler: its own organisation's lots)",
      });
    }
    const elements = element !== undefined ? [element] : Object.keys(source.composition).sort();
    const shares = new SourceShares(genealogy);
    const traces = elements.map((each) => traceForward(genealogy, lotId, each, shares));
    return readsEveryLot(principal) ? traces : traces.map(withoutRunsOrCustomers);
  }

  async recallReport(principal: Principal, lotId: string, asOf?: Date): Promise<RecallReport> {
    const traces = await this.forwardTrace(principal, lotId, undefined, asOf);
    const affected = new Map<string, AffectedShipment>();
    for (const trace of traces) {
      for (const reach of trace.shipments) {
        const key = `${reach.shipment.shipmentId}\u0000${reach.shipment.lotId}`;
        const entry = affected.get(key) ?? { shipment: reach.shipment, elements: [] };
        affected.set(key, {
          shipment: entry.shipment,
          elements: [...entry.elements, { element: trace.element, attributedKg: reach.attributedKg }],
        });
      }
    }
    const affectedShipments = [...affected.values()].sort(
      (a, b) =>
        a.shipment.shippedAt.getTime() - b.shipment.shippedAt.getTime() ||
        (a.shipment.shipmentId < b.shipment.shipmentId
          ? -1
          : a.shipment.shipmentId > b.shipment.shipmentId
            ? 1
            : 0),
    );
    return { sourceLotId: lotId, traces, affectedShipments };
  }
}

function withoutRunsOrCustomers(trace: ForwardTrace): ForwardTrace {
  return {
    ...trace,
    lots: trace.lots.map((lot) => ({ ...lot, paths: [] })),
    shipments: trace.shipments.map((reach) => ({
      ...reach,
      shipment: {
        shipmentId: reach.shipment.shipmentId,
        lotId: reach.shipment.lotId,
        orderId: '',
        netMassKg: reach.shipment.netMassKg,
        shippedAt: reach.shipment.shippedAt,
        productCode: reach.shipment.productCode,
      },
    })),
  };
}
