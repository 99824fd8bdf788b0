import { SalesError } from './sales-error';
import { cnCodeOf, gs1CheckDigit, gtinOf } from './product-identifiers';

describe('product identifiers', () => {
  it('computes the GS1 check digit (weights 3, 1, 3 ... from the right)', () => {
    // 0001234567890: 3 x (0+8+6+4+2+0+0) + (9+7+5+3+1+0) = 60 + 25 = 85 -> 5.
    expect(gs1CheckDigit('0001234567890')).toBe(5);
    expect(gtinOf('00012345678905', 'gtin')).toBe('00012345678905');
    // 0401234500015: 3 x (5+0+0+4+2+0+0) + (1+0+5+3+1+4) = 33 + 14 = 47 -> 3.
    expect(gtinOf('04012345000153', 'gtin')).toBe('04012345000153');
    // The seeded Tb metal's GTIN, 04012345000108 (corrected by CorrectSeededGtins1765600000002).
    expect(gs1CheckDigit('0401234500010')).toBe(8);
  });

  it('refuses a GTIN with a wrong check digit or length, and a CN code not printed as 2805 30', () => {
    const refusal = (work: () => unknown) => {
      try {
        work();
      } catch (error) {
        expect(error).toBeInstanceOf(SalesError);
        const { code, field, value, rule } = error as SalesError;
        return { code, field, value, rule };
      }
      throw new Error('not refused');
    };
    expect(refusal(() => gtinOf('04012345000152', 'gtin'))).toEqual({
      code: 'INVALID_INPUT',
      field: 'gtin',
      value: '"04012345000152"',
      rule: 'must be a GTIN-14: 14 digits whose last is the GS1 check digit, e.g. 00012345678905',
    });
    expect(refusal(() => gtinOf('4012345000106', 'gtin')).value).toBe('"4012345000106"');
    expect(cnCodeOf('2805 30', 'cnCode')).toBe('2805 30');
    expect(cnCodeOf('2846 90 30', 'cnCode')).toBe('2846 90 30');
    expect(refusal(() => cnCodeOf('280530', 'cnCode'))).toMatchObject({ field: 'cnCode', value: '"280530"' });
  });
});
