import { mergeAndSplit } from '../test-support/merge-and-split';
import { type GenealogyLot, genealogyOf } from './genealogy';
import { type RecycledContent, recycledContentOf } from './recycled-content';

/** [category, kg, share to 12 places or null, uncertainty or null] per category of one element. */
function categories(
  content: RecycledContent,
  element: string,
): [string, string, string | null, string | null][] {
  const found = content.elements.find((each) => each.element === element);
  return (found?.categories ?? []).map((each) => [
    each.category,
    each.massKg,
    each.share?.toDecimalString(12) ?? null,
    each.shareUncertainty ?? null,
  ]);
}

describe('recycledContentOf (per element and category, from the exact backward attribution)', () => {
  it("a merge then a split: the categories sum exactly to the element mass, uncertainty from A's assay", () => {
    // M1: 3 kg Tb; from P 5/6 (A 5/6, B 1/6 of it) and C 1/6: A 25/36, B 5/36, C 6/36.
    // A 3 x 25/36 = 2.0833333 kg, B 0.4166667 kg, C 0.5 kg: floors leave 1 mg, to B (remainder 0.67).
    // Uncertainty: only A states one (0.001). A at 5.1 % brings 5.1 kg to R1, which then divides by
    // 6.1: post-consumer 5/6 x 5.1/6.1 = 25.5/36.6, 3/1317.6 = 0.0022769 above 25/36; pre-consumer as
    // much below; primary unchanged.
    const content = recycledContentOf(mergeAndSplit(), 'M1', ['Tb', 'Dy']);
    expect(content.elements[0]?.massKg).toBe('3.000000');
    expect(categories(content, 'Tb')).toEqual([
      ['POST_CONSUMER', '2.083333', '0.694444444444', '0.002277'],
      ['PRE_CONSUMER', '0.416667', '0.138888888889', '0.002277'],
      ['PRIMARY', '0.500000', '0.166666666667', '0.000000'],
      ['UNATTRIBUTED', '0.000000', '0', '0.000000'],
    ]);
    // M1, M2, P, Q, A, B, C enter the shares; only A states an uncertainty.
    expect(content.elements[0]?.lotsWithoutUncertainty).toBe(6);
    // Dy is not in M1's composition: unknown, not zero, so no shares.
    expect(content.elements[1]?.stated).toBe(false);
    expect(categories(content, 'Dy')).toEqual([
      ['POST_CONSUMER', '0.000000', null, null],
      ['PRE_CONSUMER', '0.000000', null, null],
      ['PRIMARY', '0.000000', null, null],
      ['UNATTRIBUTED', '0.000000', null, null],
    ]);
    expect(
      content.countriesOfOrigin.map((each) => [each.country, each.massKg, each.share.toDecimalString(12)]),
    ).toEqual([
      ['AU', '0.500000', '0.166666666667'],
      ['CN', '0.416667', '0.138888888889'],
      ['JP', '2.083333', '0.694444444444'],
    ]);
  });

  it('what a run put out beyond its inputs, and a source of no stated category, are unattributed', () => {
    // A 30 kg x 10 % = 3 kg Tb (post-consumer), B 10 kg x 10 % = 1 kg Tb (pre-consumer), X 1 kg x
    // 10 % = 0.1 kg Tb (received by a process service, never registered: no category). R puts out
    // P 8.4 kg x 50 % = 4.2 kg Tb, 0.1 kg more than the 4.1 kg that went in: shares over 4.2.
    const source = (
      lotId: string,
      massKg: string,
      category?: GenealogyLot['sourceCategory'],
    ): GenealogyLot => ({
      lotId,
      massKg,
      composition: { Tb: '0.1' },
      ...(category === undefined ? {} : { sourceCategory: category }),
    });
    const genealogy = genealogyOf(
      [
        source('A', '30', 'POST_CONSUMER'),
        source('B', '10', 'PRE_CONSUMER'),
        source('X', '1'),
        { lotId: 'P', massKg: '8.4', composition: { Tb: '0.5' }, producedByRunId: 'R' },
      ],
      [
        {
          runId: 'R',
          service: 'separation',
          status: 'COMPLETED',
          inputs: [
            { lotId: 'A', netMassKg: '30', role: 'INPUT' },
            { lotId: 'B', netMassKg: '10', role: 'INPUT' },
            { lotId: 'X', netMassKg: '1', role: 'INPUT' },
          ],
          outputs: [{ lotId: 'P', massKg: '8.4', role: 'PRODUCT' }],
          lossesKg: {},
        },
      ],
    );
    // A 3/4.2 = 0.714285714286, B 1/4.2 = 0.238095238095; X 0.1/4.2 and the excess 0.1/4.2 are
    // unattributed: 0.2 kg, 0.047619047619. No assay states an uncertainty: none reported.
    const content = recycledContentOf(genealogy, 'P', ['Tb']);
    expect(content.elements[0]?.massKg).toBe('4.200000');
    expect(categories(content, 'Tb')).toEqual([
      ['POST_CONSUMER', '3.000000', '0.714285714286', null],
      ['PRE_CONSUMER', '1.000000', '0.238095238095', null],
      ['PRIMARY', '0.000000', '0', null],
      ['UNATTRIBUTED', '0.200000', '0.047619047619', null],
    ]);
    expect(content.elements[0]?.lotsWithoutUncertainty).toBe(4);
    expect(content.countriesOfOrigin.map((each) => [each.country, each.massKg])).toEqual([
      [undefined, '4.200000'],
    ]);
  });
  it("propagates an input's assay uncertainty through a run that put out more than went in", () => {
    // A 30 kg x 10 % (+/- 1 %) = 3 kg Tb post-consumer, B 10 kg x 10 % = 1 kg pre-consumer; P 8.2 kg x
    // 50 % = 4.1 kg: shares over 4.1 (A 3/4.1, B 1/4.1, unattributed 0.1/4.1). A at 11 % brings 3.3 kg:
    // 4.3 kg in, shares over 4.3, nothing unattributed. Changes: post-consumer 3.3/4.3 - 3/4.1 =
    // 0.63/17.63 = 0.0357345, pre-consumer -0.2/17.63 = -0.0113443, unattributed -0.1/4.1 = -0.0243902.
    const genealogy = genealogyOf(
      [
        {
          lotId: 'A',
          massKg: '30',
          composition: { Tb: '0.1' },
          compositionUncertainty: { Tb: '0.01' },
          sourceCategory: 'POST_CONSUMER',
        },
        { lotId: 'B', massKg: '10', composition: { Tb: '0.1' }, sourceCategory: 'PRE_CONSUMER' },
        { lotId: 'P', massKg: '8.2', composition: { Tb: '0.5' }, producedByRunId: 'R' },
      ],
      [
        {
          runId: 'R',
          service: 'separation',
          status: 'COMPLETED',
          inputs: [
            { lotId: 'A', netMassKg: '30', role: 'INPUT' },
            { lotId: 'B', netMassKg: '10', role: 'INPUT' },
          ],
          outputs: [{ lotId: 'P', massKg: '8.2', role: 'PRODUCT' }],
          lossesKg: {},
        },
      ],
    );
    expect(categories(recycledContentOf(genealogy, 'P', ['Tb']), 'Tb')).toEqual([
      ['POST_CONSUMER', '3.000000', '0.731707317073', '0.035735'],
      ['PRE_CONSUMER', '1.000000', '0.243902439024', '0.011344'],
      ['PRIMARY', '0.000000', '0', '0.000000'],
      ['UNATTRIBUTED', '0.100000', '0.024390243902', '0.024390'],
    ]);
  });
});
