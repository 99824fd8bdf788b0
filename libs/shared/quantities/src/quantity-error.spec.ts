import { describeValue, QuantityError } from './quantity-error';

describe('QuantityError', () => {
  it('names the field, the value and the rule in its message', () => {
    const error = new QuantityError({
      code: 'UNKNOWN_UNIT',
      field: 'mass.unit',
      value: '"KG"',
      rule: 'must be KGM',
    });
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('QuantityError');
    expect(error.message).toBe('mass.unit: got "KG", must be KGM');
    expect(error).toMatchObject({
      code: 'UNKNOWN_UNIT',
      field: 'mass.unit',
      value: '"KG"',
      rule: 'must be KGM',
    });
  });

  it('uses the detail instead of "got <value>" when one is given', () => {
    const error = new QuantityError({
      code: 'FRACTION_SUM_EXCEEDED',
      field: 'composition',
      value: '103.2 %',
      detail: 'element fractions sum to 103.2 %',
      rule: 'must be at most 100 % (tolerance 0.5 %)',
    });
    expect(error.message).toBe(
      'composition: element fractions sum to 103.2 %, must be at most 100 % (tolerance 0.5 %)',
    );
  });

  it('can be re-reported under the field of the caller, e.g. the lot it concerns', () => {
    const error = new QuantityError({
      code: 'FRACTION_SUM_EXCEEDED',
      field: 'composition',
      value: '103.2 %',
      detail: 'element fractions sum to 103.2 %',
      rule: 'must be at most 100 %',
    }).inField('assay for lot L-2026-00042');
    expect(error.message).toBe(
      'assay for lot L-2026-00042: element fractions sum to 103.2 %, must be at most 100 %',
    );
    expect(error.code).toBe('FRACTION_SUM_EXCEEDED');
  });

  it('describes values unambiguously: strings quoted, bigints marked, objects not dumped', () => {
    expect(describeValue('12,5')).toBe('"12,5"');
    expect(describeValue(12n)).toBe('12n');
    expect(describeValue(null)).toBe('null');
    expect(describeValue(undefined)).toBe('undefined');
    expect(describeValue({ a: 1 })).toBe('an object');
    expect(describeValue('x'.repeat(100))).toBe(`"${'x'.repeat(57)}..."`);
  });
});
