import { mergeAndSplit } from '../test-support/merge-and-split';
import { attributeToSources } from './attribute-to-sources';
import { traceForward } from './forward-trace';

describe("traceForward (recall): where a source lot's element went, the same allocation as backward", () => {
  it('follows A through the merge and the split to both shipments and customers', () => {
    // A gave P 5 x 5/6 = 4.166667 kg and Q 1 x 5/6 = 0.833333 kg of Tb (R1); M1 and M2 each
    // 3 x 25/36 = 2.083333 kg (R1>R2). S1 ships 10 kg of M1: 10 x 30 % x 25/36 = 2.083333 kg;
    // S2 ships 4 kg of M2: 4 x 30 % x 25/36 = 0.833333 kg.
    const genealogy = mergeAndSplit();
    const trace = traceForward(genealogy, 'A', 'Tb');
    expect(trace.sourceElementMassKg).toBe('5.000000');
    expect(
      trace.lots.map((each) => [
        each.lot.lotId,
        each.elementMassKg,
        each.attributedKg,
        each.paths.map((p) => p.join('>')),
      ]),
    ).toEqual([
      ['M1', '3.000000', '2.083333', ['R1>R2']],
      ['M2', '3.000000', '2.083333', ['R1>R2']],
      ['P', '5.000000', '4.166667', ['R1']],
      ['Q', '1.000000', '0.833333', ['R1']],
    ]);
    expect(
      trace.shipments.map((each) => [
        each.shipment.shipmentId,
        each.shipment.lotId,
        each.shipment.customerOrganisationId,
        each.attributedKg,
      ]),
    ).toEqual([
      ['S1', 'M1', 'org-customer-1', '2.083333'],
      ['S2', 'M2', 'org-customer-2', '0.833333'],
    ]);
    // Each downstream line is the source's line of that lot's backward trace, to the milligram.
    const backward = attributeToSources(genealogy, 'M1', 'Tb').sources.find(
      (each) => each.source?.lotId === 'A',
    );
    expect(backward?.attributedKg).toBe('2.083333');
  });

  it('a lot that only joined at the second run reaches M1 and M2, not P or Q', () => {
    // C: 1 kg Tb, 1/6 of each of M1 and M2 (0.5 kg each); S1 10 x 0.3 / 6 = 0.5 kg, S2 0.2 kg.
    const trace = traceForward(mergeAndSplit(), 'C', 'Tb');
    expect(trace.lots.map((each) => [each.lot.lotId, each.attributedKg])).toEqual([
      ['M1', '0.500000'],
      ['M2', '0.500000'],
    ]);
    expect(trace.shipments.map((each) => [each.shipment.shipmentId, each.attributedKg])).toEqual([
      ['S1', '0.500000'],
      ['S2', '0.200000'],
    ]);
  });
});
