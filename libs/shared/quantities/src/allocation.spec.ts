import Decimal from 'decimal.js';
import { allocate } from './allocation';
import { Mass } from './mass';

const strings = (parts: readonly Mass[]): string[] => parts.map((p) => p.toString());
const mg = (value: string): Mass => Mass.of(value, 'MGM');

describe('allocate (largest remainder at 1 mg)', () => {
  it('splits 1.000 kg over 1:1:1 as 0.333334 + 0.333333 + 0.333333 kg', () => {
    const parts = allocate(Mass.of('1.000', 'KGM'), ['1', '1', '1']);
    expect(strings(parts)).toEqual(['0.333334 KGM', '0.333333 KGM', '0.333333 KGM']);
    expect(Mass.sum(parts).toString()).toBe('1 KGM');
  });

  it('gives the leftover milligram to the largest remainder, not to the first part', () => {
    // 11 mg over 3:3:4: exact shares 3.3, 3.3, 4.4 mg; floors 3, 3, 4 leave 1 mg; 0.4 is the largest remainder.
    expect(strings(allocate(mg('11'), ['3', '3', '4']))).toEqual(['3 MGM', '3 MGM', '5 MGM']);
    // 10 mg over 1:2: shares 3.33 and 6.67 mg.
    expect(strings(allocate(mg('10'), ['1', '2']))).toEqual(['3 MGM', '7 MGM']);
  });

  it('breaks equal remainders by the order the weights are given in', () => {
    expect(strings(allocate(mg('2'), ['1', '1', '1']))).toEqual(['1 MGM', '1 MGM', '0 MGM']);
    expect(strings(allocate(mg('1'), ['1', '1']))).toEqual(['1 MGM', '0 MGM']);
    // 5 mg over 3:3:4: shares 1.5, 1.5, 2 mg.
    expect(strings(allocate(mg('5'), ['3', '3', '4']))).toEqual(['2 MGM', '1 MGM', '2 MGM']);
    const byKey = allocate(mg('2'), { lotC: '1', lotA: '1', lotB: '1' });
    expect(Object.entries(byKey).map(([k, v]) => `${k}=${v.toString()}`)).toEqual([
      'lotC=1 MGM',
      'lotA=1 MGM',
      'lotB=0 MGM',
    ]);
  });

  it('keys a record allocation by the record keys, in the total unit', () => {
    const parts = allocate(Mass.of('2.5', 'TNE'), {
      'L-2026-00041': '0.042',
      'L-2026-00042': '0.031',
      'L-2026-00043': '0',
    });
    expect(parts['L-2026-00041'].toString()).toBe('1.438356164 TNE');
    expect(parts['L-2026-00042'].toString()).toBe('1.061643836 TNE');
    expect(parts['L-2026-00043'].toString()).toBe('0 TNE');
    expect(Mass.sum(Object.values(parts)).toString()).toBe('2.5 TNE');
  });

  it('takes weights as decimal strings, bigints or Decimals of any length', () => {
    const third = Mass.of('1', 'KGM').ratio(Mass.of('3', 'KGM')); // 80 digits
    expect(strings(allocate(Mass.of('1', 'GRM'), [third, 2n, new Decimal('0.5')]))).toEqual([
      '0.118 GRM',
      '0.706 GRM',
      '0.176 GRM',
    ]);
  });

  it('gives zero weights nothing and refuses all-zero or negative weights', () => {
    expect(strings(allocate(mg('7'), ['0', '1', '0']))).toEqual(['0 MGM', '7 MGM', '0 MGM']);
    expect(() => allocate(mg('7'), ['0', '0'])).toThrow(
      'allocation.weights: got all weights zero, must include at least one weight greater than zero',
    );
    expect(() => allocate(mg('7'), [])).toThrow(
      'allocation.weights: got no weights, must include at least one weight greater than zero',
    );
    expect(() => allocate(mg('7'), { a: '1', b: '-0.5' })).toThrow(
      'allocation.weights["b"]: got -0.5, must not be negative: allocation weights are zero or more',
    );
    expect(() => allocate(mg('7'), ['1', 0.5 as unknown as string])).toThrow(
      /^allocation.weights\["1"\]: got the JS number 0.5/,
    );
  });

  it('allocates a zero total as zeros', () => {
    expect(strings(allocate(Mass.zero('KGM'), ['1', '2']))).toEqual(['0 KGM', '0 KGM']);
  });

  it('refuses a total finer than 1 mg unless asked to round it once, half-even', () => {
    expect(() => allocate(Mass.of('1.0000005', 'KGM'), ['1', '1'])).toThrow(
      "allocation.total: got 1.0000005 KGM, must be a whole number of milligrams (round it first, or pass totalOffResolution: 'round-half-even')",
    );
    const rounded = allocate(Mass.of('1.0000005', 'KGM'), ['1', '1'], {
      totalOffResolution: 'round-half-even',
    });
    expect(strings(rounded)).toEqual(['0.5 KGM', '0.5 KGM']);
    const roundedUp = allocate(Mass.of('1.0000015', 'KGM'), ['1', '1'], {
      totalOffResolution: 'round-half-even',
    });
    expect(strings(roundedUp)).toEqual(['0.500001 KGM', '0.500001 KGM']);
  });

  it('conserves mass where plain rounding of each share would not', () => {
    // Rounding each share to the nearest milligram gives 3 x 333333 mg = 999999 mg here.
    const total = Mass.of('1', 'KGM');
    const parts = allocate(total, ['1', '1', '1']);
    expect(Mass.sum(parts).equals(total)).toBe(true);
    // And 7 x 142857.142857 mg = 999999.999999 mg rounded per part; the leftover 1 mg must still be placed.
    expect(
      Mass.sum(
        allocate(
          total,
          Array.from({ length: 7 }, () => '1'),
        ),
      ).equals(total),
    ).toBe(true);
  });
});
