import type { StatementFigures } from '../domain/recycled-content-statement';
import { nothingChanged, statementChanges } from './statement-changes';

const figures = (
  massKg: string,
  categories: [string, string, string | null][],
  co2eKgPerKg: string | null,
  inputsSha256 = 'a',
): StatementFigures => ({
  lotId: 'M1',
  methodVersion: 'physical-allocation/1',
  chainOfCustodyModel: 'controlled blending',
  roundingRule: 'r',
  uncertaintyMethod: 'u',
  carbonFootprintMethod: 'c',
  elements: [
    {
      element: 'Tb',
      stated: true,
      massKg,
      lotsWithoutUncertainty: 0,
      categories: categories.map(([category, kg, share]) => ({
        category: category as never,
        massKg: kg,
        share,
        shareUncertainty: null,
      })),
    },
  ],
  countriesOfOrigin: [{ country: 'JP', element: 'Tb', massKg: categories[0]?.[1] ?? '0', share: '1' }],
  co2eKgPerKg,
  runsWithoutEmissions: [],
  inputsSha256,
});

describe('statementChanges', () => {
  it('lists each changed kg and share with its exact difference, and nothing for unchanged figures', () => {
    const before = figures(
      '3.000000',
      [
        ['POST_CONSUMER', '2.083333', '0.694444444444'],
        ['PRIMARY', '0.916667', '0.305555555556'],
      ],
      '0.420000',
    );
    const after = figures(
      '3.000000',
      [
        ['POST_CONSUMER', '2.142857', '0.714285714286'],
        ['PRIMARY', '0.857143', '0.285714285714'],
      ],
      '0.420000',
    );
    expect(statementChanges(before, after)).toEqual({
      figures: [
        {
          element: 'Tb',
          category: 'POST_CONSUMER',
          beforeKg: '2.083333',
          afterKg: '2.142857',
          differenceKg: '0.059524',
          beforeShare: '0.694444444444',
          afterShare: '0.714285714286',
          differenceShare: '0.019841269842',
        },
        {
          element: 'Tb',
          category: 'PRIMARY',
          beforeKg: '0.916667',
          afterKg: '0.857143',
          differenceKg: '-0.059524',
          beforeShare: '0.305555555556',
          afterShare: '0.285714285714',
          differenceShare: '-0.019841269842',
        },
      ],
      countries: [
        { element: 'Tb', country: 'JP', beforeKg: '2.083333', afterKg: '2.142857', differenceKg: '0.059524' },
      ],
      co2eKgPerKg: null,
    });
  });

  it('sees the element total and the footprint, and treats 0 and 0.000000 alike', () => {
    const before = figures('3.000000', [['UNATTRIBUTED', '0.000000', '0']], null);
    const after = figures('3.300000', [['UNATTRIBUTED', '0', '0']], '0.5');
    const changes = statementChanges(before, after);
    expect(changes.figures.map((each) => [each.category, each.differenceKg, each.differenceShare])).toEqual([
      ['TOTAL', '0.300000', null],
    ]);
    expect(changes.co2eKgPerKg).toEqual({ before: null, after: '0.5' });
  });

  it('finds nothing when only the inputs hash differs', () => {
    const before = figures('3.000000', [['POST_CONSUMER', '3.000000', '1']], '0.1', 'a');
    const after = figures('3.000000', [['POST_CONSUMER', '3', '1.000000000000']], '0.100000', 'b');
    expect(nothingChanged(statementChanges(before, after))).toBe(true);
  });
});
