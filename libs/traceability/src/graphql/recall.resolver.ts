import { Inject, UseFilters } from '@nestjs/common';
import { Args, Context, ID, Query, Resolver } from '@nestjs/graphql';
import { Roles } from '@rre/auth';
import type { GraphqlContext } from '@rre/process-runs';
import { RecallApplication } from '../application/recall-application';
import type { ForwardTrace, Shipment } from '../domain/forward-trace';
import { AS_OF_ARG } from '../as-of/as-of.args';
import { callerOf } from './caller';
import { ForwardTraceModel, RecallReportModel, TraceabilityShipmentModel } from './recall.models';
import { TraceabilityErrorFilter } from './traceability-error.filter';

function shipmentModel(shipment: Shipment): TraceabilityShipmentModel {
  return {
    shipmentId: shipment.shipmentId,
    lotId: shipment.lotId,
    orderId: shipment.orderId || null,
    customerOrganisationId: shipment.customerOrganisationId ?? null,
    deliverySiteId: shipment.deliverySiteId ?? null,
    netMassKg: shipment.netMassKg,
    shippedAt: shipment.shippedAt,
    productCode: shipment.productCode ?? null,
  };
}

function forwardTraceModel(trace: ForwardTrace): ForwardTraceModel {
  return {
    sourceLotId: trace.sourceLotId,
    element: trace.element,
    sourceElementMassKg: trace.sourceElementMassKg,
    lots: trace.lots.map((each) => ({
      lotId: each.lot.lotId,
      lotCode: each.lot.lotCode ?? null,
      outputRole: each.lot.outputRole ?? null,
      elementMassKg: each.elementMassKg,
      attributedKg: each.attributedKg,
      share: each.share.toDecimalString(12),
      paths: each.paths.map((runIds) => ({ runIds: [...runIds] })),
    })),
    shipments: trace.shipments.map((reach) => ({
      shipment: shipmentModel(reach.shipment),
      attributedKg: reach.attributedKg,
      share: reach.share.toDecimalString(12),
    })),
  };
}

/**
 * Forward trace and recall: the plant's staff and auditors for any lot, with customers; a recycler
 * only for its own organisation's lots, without runs, customers, delivery sites or orders.
 */
@Resolver()
@UseFilters(TraceabilityErrorFilter)
@Roles('recycler', 'lab', 'operator', 'auditor', 'sales', 'admin')
export class RecallResolver {
  constructor(@Inject(RecallApplication) private readonly recall: RecallApplication) {}

  @Query(() => [ForwardTraceModel], {
    description:
      "Where a source lot's element (or each element of its composition) went: every downstream lot and shipment, by the backward trace's allocation",
  })
  async forwardTrace(
    @Args('lotId', { type: () => ID }) lotId: string,
    @Args('element', { type: () => String, nullable: true }) element: string | undefined,
    @Args('asOf', AS_OF_ARG) asOf: Date | undefined,
    @Context() context: GraphqlContext,
  ): Promise<ForwardTraceModel[]> {
    return (
      await this.recall.forwardTrace(callerOf(context), lotId, element ?? undefined, asOf ?? undefined)
    ).map(forwardTraceModel);
  }

  @Query(() => RecallReportModel, {
    description:
      'A recall of a source lot: every shipment it reached, with what each carried of its elements',
  })
  async recallReport(
    @Args('lotId', { type: () => ID }) lotId: string,
    @Args('asOf', AS_OF_ARG) asOf: Date | undefined,
    @Context() context: GraphqlContext,
  ): Promise<RecallReportModel> {
    const report = await this.recall.recallReport(callerOf(context), lotId, asOf ?? undefined);
    return {
      sourceLotId: report.sourceLotId,
      affectedShipments: report.affectedShipments.map((each) => ({
        shipment: shipmentModel(each.shipment),
        elements: each.elements.map((element) => ({ ...element })),
      })),
      traces: report.traces.map(forwardTraceModel),
    };
  }
}
