import { checkGrade, type Grade, type Product, purityOf } from './grade';
import { SalesError } from './sales-error';

const tb4o7: Product = {
  code: 'TB4O7',
  name: 'Terbium oxide',
  form: 'OXIDE',
  element: 'Tb',
  formula: 'Tb4O7',
  elementShare: '0.8502155458',
  cnCode: '2846 90',
  gtin: '04012345000122',
};
const metal: Product = {
  ...tb4o7,
  code: 'TB-METAL',
  form: 'METAL',
  formula: 'Tb',
  elementShare: '1',
  cnCode: '2805 30',
};
const grade4n: Grade = {
  productCode: 'TB-METAL',
  code: '4N',
  minPurity: '0.999',
  maxImpurities: { Fe: '0.0005' },
  listPricePerKg: '450000',
  currency: 'JPY',
};

function refusal(work: () => unknown): SalesError {
  try {
    work();
  } catch (error) {
    return error as SalesError;
  }
  throw new Error('not refused');
}

describe('grades', () => {
  it("an oxide's purity is its element fraction over the element's share in the pure oxide", () => {
    expect(
      purityOf(tb4o7, { Tb: { fraction: '0.846' } })
        ?.toDecimalPlaces(6)
        .toString(),
    ).toBe('0.995042');
    expect(purityOf(metal, { Tb: { fraction: '0.9995' } })?.toString()).toBe('0.9995');
    expect(purityOf(metal, { Dy: { fraction: '0.5' } })).toBeUndefined();
  });

  it('a lot meeting the grade passes with its purity', () => {
    expect(
      checkGrade('L-1', metal, grade4n, {
        Tb: { fraction: '0.9995' },
        Fe: { fraction: '0.0005' },
      }).toString(),
    ).toBe('0.9995');
  });

  it('refuses a purity below the minimum, an impurity above its maximum, an unstated impurity, and a missing assay (retryable)', () => {
    const low = refusal(() =>
      checkGrade('L-2', metal, grade4n, { Tb: { fraction: '0.9989' }, Fe: { fraction: '0' } }),
    );
    expect([low.code, low.value, low.rule, low.retryable]).toEqual([
      'GRADE_NOT_MET',
      'L-2 at 99.89 % Tb',
      'must be at least 99.9 % Tb for grade 4N',
      false,
    ]);
    const iron = refusal(() =>
      checkGrade('L-3', metal, grade4n, { Tb: { fraction: '0.9993' }, Fe: { fraction: '0.0006' } }),
    );
    expect([iron.value, iron.rule]).toEqual([
      'L-3 with Fe 0.0006',
      'must have at most 0.0005 Fe for grade 4N',
    ]);
    const unstated = refusal(() => checkGrade('L-4', metal, grade4n, { Tb: { fraction: '0.9995' } }));
    expect(unstated.rule).toContain('must state Fe');
    const none = refusal(() => checkGrade('L-5', metal, grade4n, undefined));
    expect([none.code, none.retryable]).toEqual(['GRADE_NOT_MET', true]);
  });
});
