import type { GenealogyLot, GenealogyRun } from '../domain/genealogy';
import { type DownstreamGenealogy, downstreamGenealogyOf, type Shipment } from '../domain/forward-trace';

/**
 * A merge, then a split (written out for the statement, footprint and forward-trace specs):
 *
 * - A: 100 kg x 5 % Tb (assay uncertainty 0.1 %) = 5 kg Tb, post-consumer, JP;
 *   B: 50 kg x 2 % Tb = 1 kg Tb, pre-consumer, CN; C: 10 kg x 10 % Tb = 1 kg Tb, primary, AU.
 * - R1 (merge) takes A and B (6 kg Tb) and puts out P 20 kg x 25 % = 5 kg Tb and the residue
 *   Q 80 kg x 1.25 % = 1 kg Tb: it closes. R1 recorded 12 kg CO2e.
 * - R2 (merge and split) takes P (5 kg Tb) and C (1 kg Tb) and puts out M1 and M2, each
 *   10 kg x 30 % = 3 kg Tb: it closes. R2 recorded 6 kg CO2e.
 * - Shipment S1: 10 kg of M1 to org-customer-1; S2: 4 kg of M2 to org-customer-2.
 */
export function mergeAndSplit(): DownstreamGenealogy {
  const source = (
    lotId: string,
    massKg: string,
    tb: string,
    sourceCategory: GenealogyLot['sourceCategory'],
    countryOfOrigin: string,
    uncertainty?: string,
  ): GenealogyLot => ({
    lotId,
    massKg,
    composition: { Tb: tb },
    ...(uncertainty === undefined ? {} : { compositionUncertainty: { Tb: uncertainty } }),
    sourceCategory,
    countryOfOrigin,
    supplierOrganisationId: `org-${lotId}`,
  });
  const produced = (lotId: string, runId: string, massKg: string, tb: string, outputRole = 'PRODUCT') => ({
    lotId,
    massKg,
    composition: { Tb: tb },
    producedByRunId: runId,
    outputRole,
  });
  const run = (
    runId: string,
    inputs: [string, string][],
    outputs: [string, string, string?][],
  ): GenealogyRun => ({
    runId,
    service: 'concentration',
    status: 'COMPLETED',
    inputs: inputs.map(([lotId, netMassKg]) => ({ lotId, netMassKg, role: 'INPUT' as const })),
    outputs: outputs.map(([lotId, massKg, role = 'PRODUCT']) => ({ lotId, massKg, role })),
    lossesKg: {},
  });
  const shipment = (
    shipmentId: string,
    lotId: string,
    netMassKg: string,
    customer: string,
    day: string,
  ): Shipment => ({
    shipmentId,
    lotId,
    orderId: `order-${shipmentId}`,
    customerOrganisationId: customer,
    deliverySiteId: `site-${customer}`,
    netMassKg,
    shippedAt: new Date(`2026-11-${day}T09:00:00.000Z`),
  });
  return downstreamGenealogyOf(
    [
      source('A', '100', '0.05', 'POST_CONSUMER', 'JP', '0.001'),
      source('B', '50', '0.02', 'PRE_CONSUMER', 'CN'),
      source('C', '10', '0.1', 'PRIMARY', 'AU'),
      produced('P', 'R1', '20', '0.25'),
      produced('Q', 'R1', '80', '0.0125', 'RESIDUE'),
      produced('M1', 'R2', '10', '0.3'),
      produced('M2', 'R2', '10', '0.3'),
    ],
    [
      run(
        'R1',
        [
          ['A', '100'],
          ['B', '50'],
        ],
        [
          ['P', '20'],
          ['Q', '80', 'RESIDUE'],
        ],
      ),
      run(
        'R2',
        [
          ['P', '20'],
          ['C', '10'],
        ],
        [
          ['M1', '10'],
          ['M2', '10'],
        ],
      ),
    ],
    [shipment('S1', 'M1', '10', 'org-customer-1', '20'), shipment('S2', 'M2', '4', 'org-customer-2', '21')],
  );
}
