import { inputReaders, type InputRefusal } from './input-readers';

class Refused extends Error {
  constructor(readonly refusal: InputRefusal) {
    super(`${refusal.field}: got ${refusal.value}, ${refusal.rule}`);
  }
}

const { decimalOf, boundedDecimal, wholeNumber, textOf, oneOf, objectOf } = inputReaders(
  (refusal) => new Refused(refusal),
);

function refusalOf(read: () => unknown): InputRefusal {
  try {
    read();
  } catch (error) {
    if (error instanceof Refused) return error.refusal;
    throw error;
  }
  throw new Error('not refused');
}

describe('inputReaders', () => {
  it('reads decimals, whole numbers, texts, names and objects within their rules', () => {
    expect(decimalOf('12.50', 'massKg').toString()).toBe('12.5');
    expect(boundedDecimal('100', 'purityPercent', { above: '0', atMost: '100', unit: '%' }).toString()).toBe(
      '100',
    );
    expect(wholeNumber(3, 'stages.scrub', 1, 200)).toBe(3);
    expect(textOf('  EC-3 ', 'cell')).toBe('EC-3');
    expect(oneOf('Tb', ['Tb', 'Dy'] as const, 'targetElement')).toBe('Tb');
    expect(objectOf({ a: 1 }, 'parameters', 'parameters')).toEqual({ a: 1 });
  });

  it("refuses with the service's error: code, field, value as shown and rule", () => {
    expect(refusalOf(() => decimalOf('80.5.1', 'leaching.temperatureCelsius'))).toEqual({
      code: 'INVALID_DECIMAL',
      field: 'leaching.temperatureCelsius',
      value: '"80.5.1"',
      rule: 'must be a decimal string such as "12.5"',
    });
    expect(
      refusalOf(() => boundedDecimal('0', 'pressurePa', { above: '0', atMost: '101325', unit: 'Pa' })),
    ).toEqual({
      code: 'OUT_OF_RANGE',
      field: 'pressurePa',
      value: '0',
      rule: 'must be above 0 Pa and at most 101325 Pa',
    });
    expect(refusalOf(() => boundedDecimal('15', 'ph', { atLeast: '0', atMost: '14' })).rule).toBe(
      'must be at least 0 and at most 14',
    );
    expect(refusalOf(() => wholeNumber(0, 'stages.strip', 1, 200)).rule).toBe(
      'must be a whole number from 1 to 200',
    );
    expect(refusalOf(() => textOf('   ', 'column', 60))).toEqual({
      code: 'INVALID_INPUT',
      field: 'column',
      value: '"   "',
      rule: 'must be 1 to 60 characters, not blank',
    });
    expect(refusalOf(() => oneOf('Nd', ['Tb', 'Dy'], 'targetElement')).rule).toBe('must be one of Tb, Dy');
    expect(refusalOf(() => objectOf([1], 'parameters', 'cascade parameters')).rule).toBe(
      'must be the cascade parameters as an object',
    );
  });
});
