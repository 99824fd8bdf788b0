import { attributeToSources, type BackwardTrace } from './attribute-to-sources';
import { type GenealogyLot, type GenealogyRun, genealogyOf } from './genealogy';

const source = (
  lotId: string,
  massKg: string,
  tb: string,
  category: GenealogyLot['sourceCategory'] = 'POST_CONSUMER',
): GenealogyLot => ({
  lotId,
  massKg,
  composition: { Tb: tb },
  sourceCategory: category,
  supplierOrganisationId: `org-${lotId}`,
});
const produced = (
  lotId: string,
  runId: string,
  massKg: string,
  tb: string,
  outputRole = 'PRODUCT',
): GenealogyLot => ({
  lotId,
  massKg,
  composition: { Tb: tb },
  producedByRunId: runId,
  outputRole,
});
const run = (
  runId: string,
  inputs: [string, string, ('INPUT' | 'OPENING_INVENTORY')?][],
  outputs: [string, string, string?][],
  lossesKg: Record<string, string> = {},
): GenealogyRun => ({
  runId,
  service: 'concentration',
  status: 'COMPLETED',
  inputs: inputs.map(([lotId, netMassKg, role = 'INPUT']) => ({ lotId, netMassKg, role })),
  outputs: outputs.map(([lotId, massKg, role = 'PRODUCT']) => ({ lotId, massKg, role })),
  lossesKg,
});

/** [source lot id or "unattributed", attributed kg, paths as "R1>R2"] */
function summary(trace: BackwardTrace): [string, string, string[]][] {
  return trace.sources.map((each) => [
    each.source?.lotId ?? 'unattributed',
    each.attributedKg,
    each.paths.map((path) => path.join('>')),
  ]);
}

function sumMg(trace: BackwardTrace): bigint {
  return trace.sources.reduce((sum, each) => sum + BigInt(each.attributedKg.replace('.', '')), 0n);
}

describe('attributeToSources (physical proportional allocation, exact, rounded once)', () => {
  it('merge: two sources blended in one run, product and residue share their proportions', () => {
    // A: 100 kg x 5 % Tb = 5 kg Tb; B: 50 kg x 2 % = 1 kg Tb; 6 kg in.
    // P: 20 kg x 25 % = 5 kg Tb; Q (residue): 80 kg x 1.25 % = 1 kg Tb; 6 kg out: closes.
    // P from A: 5 x 5/6 = 4.1666... kg, from B: 5 x 1/6 = 0.8333... kg. In mg: 4,166,666.67 and
    // 833,333.33; floors leave 1 mg, which goes to A (remainder 0.67 > 0.33).
    const genealogy = genealogyOf(
      [
        source('A', '100', '0.05'),
        source('B', '50', '0.02', 'PRE_CONSUMER'),
        produced('P', 'R1', '20', '0.25'),
        produced('Q', 'R1', '80', '0.0125', 'RESIDUE'),
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
      ],
    );
    const trace = attributeToSources(genealogy, 'P', 'Tb');
    expect(trace.elementMassKg).toBe('5.000000');
    expect(summary(trace)).toEqual([
      ['A', '4.166667', ['R1']],
      ['B', '0.833333', ['R1']],
    ]);
    expect(trace.sources.map((each) => each.share.toDecimalString(6))).toEqual(['0.833333', '0.166667']);
    expect(summary(attributeToSources(genealogy, 'Q', 'Tb'))).toEqual([
      ['A', '0.833333', ['R1']],
      ['B', '0.166667', ['R1']],
    ]);
  });

  it('split and partial take: one run takes 4 of 10 kg and splits it into two outputs', () => {
    // A: 10 kg x 10 % = 1 kg Tb; R1 takes 4 kg (0.4 kg Tb) and puts out P1 3 kg x 10 % = 0.3 kg
    // and P2 1 kg x 10 % = 0.1 kg: each entirely from A.
    const genealogy = genealogyOf(
      [source('A', '10', '0.1'), produced('P1', 'R1', '3', '0.1'), produced('P2', 'R1', '1', '0.1')],
      [
        run(
          'R1',
          [['A', '4']],
          [
            ['P1', '3'],
            ['P2', '1'],
          ],
        ),
      ],
    );
    expect(summary(attributeToSources(genealogy, 'P1', 'Tb'))).toEqual([['A', '0.300000', ['R1']]]);
    expect(summary(attributeToSources(genealogy, 'P2', 'Tb'))).toEqual([['A', '0.100000', ['R1']]]);
    // The source itself is its own only source, by the empty path.
    expect(summary(attributeToSources(genealogy, 'A', 'Tb'))).toEqual([['A', '1.000000', ['']]]);
  });

  it('a lot feeding several runs, reaching the product by two paths', () => {
    // A: 10 kg x 10 % = 1 kg Tb. R1 takes 5 kg of A (0.5 kg Tb) -> X: 1 kg x 50 % = 0.5 kg Tb.
    // R2 takes X (0.5 kg Tb), the other 5 kg of A (0.5 kg Tb) and B: 2 kg x 50 % = 1 kg Tb; 2 kg in.
    // P: 4 kg x 45 % = 1.8 kg Tb, residue W: 1 kg x 20 % = 0.2 kg Tb.
    // P from A: 1.8 x (0.5 + 0.5) / 2 = 0.9 kg by R1>R2 and R2; from B: 1.8 x 1 / 2 = 0.9 kg.
    const genealogy = genealogyOf(
      [
        source('A', '10', '0.1'),
        source('B', '2', '0.5'),
        produced('X', 'R1', '1', '0.5'),
        produced('P', 'R2', '4', '0.45'),
        produced('W', 'R2', '1', '0.2', 'RESIDUE'),
      ],
      [
        run('R1', [['A', '5']], [['X', '1']]),
        run(
          'R2',
          [
            ['X', '1'],
            ['A', '5'],
            ['B', '2'],
          ],
          [
            ['P', '4'],
            ['W', '1', 'RESIDUE'],
          ],
        ),
      ],
    );
    const trace = attributeToSources(genealogy, 'P', 'Tb');
    expect(summary(trace)).toEqual([
      ['A', '0.900000', ['R1>R2', 'R2']],
      ['B', '0.900000', ['R2']],
    ]);
    expect(sumMg(trace)).toBe(1_800_000n);
  });

  it('in-process inventory carried from one run to the next', () => {
    // R1: A 20 kg x 10 % = 2 kg Tb in; P1 3 kg x 50 % = 1.5 kg Tb and closing inventory I1
    // 5 kg x 10 % = 0.5 kg Tb out. R2: opening inventory I1 (0.5 kg Tb) and B 3 kg x 50 % = 1.5 kg;
    // P2 4 kg x 50 % = 2 kg Tb. P2 from A: 2 x 0.5 / 2 = 0.5 kg by R1>R2, from B: 1.5 kg by R2.
    const genealogy = genealogyOf(
      [
        source('A', '20', '0.1'),
        source('B', '3', '0.5'),
        produced('P1', 'R1', '3', '0.5'),
        produced('I1', 'R1', '5', '0.1', 'IN_PROCESS_INVENTORY'),
        produced('P2', 'R2', '4', '0.5'),
      ],
      [
        run(
          'R1',
          [['A', '20']],
          [
            ['P1', '3'],
            ['I1', '5', 'IN_PROCESS_INVENTORY'],
          ],
        ),
        run(
          'R2',
          [
            ['I1', '5', 'OPENING_INVENTORY'],
            ['B', '3'],
          ],
          [['P2', '4']],
        ),
      ],
    );
    expect(summary(attributeToSources(genealogy, 'P2', 'Tb'))).toEqual([
      ['A', '0.500000', ['R1>R2']],
      ['B', '1.500000', ['R2']],
    ]);
  });

  it('losses take their share; what a run put out beyond its inputs is unattributed', () => {
    // A: 30 kg x 10 % = 3 kg Tb, B: 10 kg x 10 % = 1 kg Tb; 4 kg in.
    // R1: P 7 kg x 50 % = 3.5 kg Tb, declared loss 0.5 kg Tb: 4 kg out, closes.
    // P from A: 3.5 x 3/4 = 2.625 kg, from B: 3.5 x 1/4 = 0.875 kg.
    // R2 (same inputs): P' 8.2 kg x 50 % = 4.1 kg Tb, no loss: 0.1 kg more out than in, so shares
    // are over 4.1: A 3/4.1 x 4.1 = 3 kg, B 1 kg, unattributed 0.1 kg.
    const lots = [source('A', '30', '0.1'), source('B', '10', '0.1')];
    const closing = genealogyOf(
      [...lots, produced('P', 'R1', '7', '0.5')],
      [
        run(
          'R1',
          [
            ['A', '30'],
            ['B', '10'],
          ],
          [['P', '7']],
          { Tb: '0.5' },
        ),
      ],
    );
    expect(summary(attributeToSources(closing, 'P', 'Tb'))).toEqual([
      ['A', '2.625000', ['R1']],
      ['B', '0.875000', ['R1']],
    ]);
    const over = genealogyOf(
      [...lots, produced('P2', 'R2', '8.2', '0.5')],
      [
        run(
          'R2',
          [
            ['A', '30'],
            ['B', '10'],
          ],
          [['P2', '8.2']],
        ),
      ],
    );
    expect(summary(attributeToSources(over, 'P2', 'Tb'))).toEqual([
      ['A', '3.000000', ['R2']],
      ['B', '1.000000', ['R2']],
      ['unattributed', '0.100000', ['R2']],
    ]);
  });

  it('rounds once: three equal thirds of 10 mg are 4, 3, 3 mg, the leftover to the smallest lot id', () => {
    // Each source: 1 kg x 0.1 % = 1 g Tb; P: 0.01 kg x 0.1 % = 10 mg Tb, a third (3.333 mg) each.
    const genealogy = genealogyOf(
      [
        source('L-B', '1', '0.001'),
        source('L-C', '1', '0.001'),
        source('L-A', '1', '0.001'),
        produced('P', 'R1', '0.01', '0.001'),
      ],
      [
        run(
          'R1',
          [
            ['L-B', '1'],
            ['L-C', '1'],
            ['L-A', '1'],
          ],
          [['P', '0.01']],
        ),
      ],
    );
    const trace = attributeToSources(genealogy, 'P', 'Tb');
    expect(summary(trace).map(([lot, kg]) => [lot, kg])).toEqual([
      ['L-A', '0.000004'],
      ['L-B', '0.000003'],
      ['L-C', '0.000003'],
    ]);
    expect(trace.exactElementMassKg.toDecimalString()).toBe('0.00001');
  });

  it('a three-step chain keeps full precision: 1/3 x 1/7 is not rounded on the way', () => {
    // R1: A 1 kg Tb + B 2 kg Tb -> X 3 kg x 100 % (A 1/3). R2: X 3 kg + C 4 kg x 100 % (7 kg) ->
    // Y 7 kg. R3: Y 7 kg -> M 1 kg x 100 % Tb. M from A: 1 x 1/3 x 3/7 = 1/7 = 142,857.14 mg,
    // B: 2/7 = 285,714.29 mg, C: 4/7 = 571,428.57 mg; floors 999,999, the leftover mg to C (0.57).
    const genealogy = genealogyOf(
      [
        source('A', '1', '1'),
        source('B', '2', '1'),
        source('C', '4', '1'),
        produced('X', 'R1', '3', '1'),
        produced('Y', 'R2', '7', '1'),
        produced('M', 'R3', '1', '1'),
      ],
      [
        run(
          'R1',
          [
            ['A', '1'],
            ['B', '2'],
          ],
          [['X', '3']],
        ),
        run(
          'R2',
          [
            ['X', '3'],
            ['C', '4'],
          ],
          [['Y', '7']],
        ),
        run('R3', [['Y', '7']], [['M', '1']], { Tb: '6' }),
      ],
    );
    const trace = attributeToSources(genealogy, 'M', 'Tb');
    expect(summary(trace)).toEqual([
      ['A', '0.142857', ['R1>R2>R3']],
      ['B', '0.285714', ['R1>R2>R3']],
      ['C', '0.571429', ['R2>R3']],
    ]);
    expect(sumMg(trace)).toBe(1_000_000n);
  });

  it('refuses an unknown lot and a genealogy that loops onto itself', () => {
    const genealogy = genealogyOf(
      [produced('X', 'R1', '1', '1'), produced('Y', 'R2', '1', '1')],
      [run('R1', [['Y', '1']], [['X', '1']]), run('R2', [['X', '1']], [['Y', '1']])],
    );
    expect(() => attributeToSources(genealogy, 'Z', 'Tb')).toThrow(
      'lotId: got Z, must be a lot the traceability service has received an event of',
    );
    expect(() => attributeToSources(genealogy, 'X', 'Tb')).toThrow(
      'must not be produced from itself: the genealogy runs X <- Y <- X',
    );
  });
});
