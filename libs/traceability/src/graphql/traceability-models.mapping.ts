import type { Principal } from '@rre/auth';
import { hasRole } from '@rre/auth';
import type { TraceView } from '../application/trace-view';
import { ATTRIBUTION_ROUNDING_RULE } from '../domain/attribute-to-sources';
import { runElementFlows } from '../domain/element-flows';
import type { Genealogy, GenealogyLot, GenealogyRun } from '../domain/genealogy';
import type {
  TraceabilityBackwardTraceModel,
  TraceabilityLotRecordModel,
  TraceabilityRunModel,
} from './traceability.models';

export function lotRecordModel(principal: Principal, lot: GenealogyLot): TraceabilityLotRecordModel {
  const seesSupplier =
    hasRole(principal, 'auditor', 'admin') || lot.supplierOrganisationId === principal.organisationId;
  return {
    lotId: lot.lotId,
    lotCode: lot.lotCode,
    sourceCategory: lot.sourceCategory,
    supplierOrganisationId: seesSupplier ? lot.supplierOrganisationId : undefined,
    countryOfOrigin: lot.countryOfOrigin,
    massKg: lot.massKg,
    composition: Object.entries(lot.composition)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([element, fraction]) => ({ element, fraction })),
    service: lot.service ?? 'unknown',
    producedByRunId: lot.producedByRunId,
    outputRole: lot.outputRole,
  };
}

export function backwardTraceModel(view: TraceView): TraceabilityBackwardTraceModel {
  const { trace } = view;
  return {
    lotId: trace.lotId,
    element: trace.element,
    elementMassKg: trace.elementMassKg,
    exactElementMassKg: trace.exactElementMassKg.toDecimalString(),
    roundingRule: ATTRIBUTION_ROUNDING_RULE,
    sources: view.sources.map((line) => ({
      kind: line.kind,
      lotId: line.lot?.lotId,
      lotCode: line.lot?.lotCode,
      sourceCategory: line.lot?.sourceCategory,
      supplierOrganisationId: line.supplierOrganisationId,
      countryOfOrigin: line.lot?.countryOfOrigin,
      attributedKg: line.attributedKg,
      share: line.share,
      paths: line.paths.map((runIds) => ({ runIds: [...runIds] })),
    })),
  };
}

/** A run with the per-element mass each input brought and each output received. */
export function runModel(run: GenealogyRun, genealogy: Genealogy): TraceabilityRunModel {
  const elements = [
    ...new Set(
      [...run.inputs, ...run.outputs].flatMap((each) =>
        Object.keys(genealogy.lot(each.lotId)?.composition ?? {}),
      ),
    ),
  ].sort();
  const flows = new Map(elements.map((element) => [element, runElementFlows(genealogy, run, element)]));
  const perElement = (lotId: string, side: 'contributed' | 'received') =>
    elements.flatMap((element) => {
      const mass = flows.get(element)?.[side].get(lotId);
      return mass && !mass.isZero() ? [{ element, massKg: mass.toDecimalString() }] : [];
    });
  return {
    runId: run.runId,
    service: run.service,
    kind: run.kind,
    status: run.status,
    inputs: run.inputs.map((input) => ({
      lotId: input.lotId,
      role: input.role,
      massKg: input.netMassKg,
      elements: perElement(input.lotId, 'contributed'),
    })),
    outputs: run.outputs.map((output) => ({
      lotId: output.lotId,
      role: output.role,
      massKg: output.massKg,
      elements: perElement(output.lotId, 'received'),
    })),
    losses: Object.entries(run.lossesKg)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([element, massKg]) => ({ element, massKg })),
  };
}
