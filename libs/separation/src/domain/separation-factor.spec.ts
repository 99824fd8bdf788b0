import { distributionRatios } from './distribution-ratios';
import { SeparationError } from './separation-error';
import { separationFactorOf } from './separation-factor';

function refusalOf(work: () => unknown) {
  try {
    work();
  } catch (error) {
    const e = error as SeparationError;
    return { code: e.code, field: e.field, value: e.value, message: e.message };
  }
  return undefined;
}

describe('separation factor beta = D_Dy / D_Tb', () => {
  it('gives beta 4 from D_Dy 3.2 ± 0.16 and D_Tb 0.8 ± 0.032, relative uncertainties added in quadrature', () => {
    // u/beta = sqrt(0.05^2 + 0.04^2) = sqrt(0.0041) = 0.0640312...; u = 4 x 0.0640312 = 0.2561250
    const ratios = distributionRatios([
      { element: 'Dy', ratio: '3.2', uncertainty: '0.16' },
      { element: 'Tb', ratio: '0.8', uncertainty: '0.032' },
      { element: 'Nd', ratio: '0.05' },
    ]);
    expect(separationFactorOf(ratios)).toEqual({
      beta: '4',
      uncertainty: '0.256125',
      relativeUncertainty: '0.064031',
    });
  });

  it('rounds once to 6 places and states no uncertainty when neither ratio has one', () => {
    expect(
      separationFactorOf(
        distributionRatios([
          { element: 'Dy', ratio: '2' },
          { element: 'Tb', ratio: '0.7' },
        ]),
      ),
    ).toEqual({ beta: '2.857143' }); // 2 / 0.7 = 2.857142857...
  });

  it('is undefined until both Dy and Tb are measured', () => {
    expect(separationFactorOf(distributionRatios([{ element: 'Dy', ratio: '2' }]))).toBeUndefined();
  });

  it('refuses a beta not above 1', () => {
    const refusal = refusalOf(() =>
      separationFactorOf(
        distributionRatios([
          { element: 'Dy', ratio: '1.2' },
          { element: 'Tb', ratio: '1.5' },
        ]),
      ),
    );
    expect(refusal).toMatchObject({
      code: 'SEPARATION_FACTOR_NOT_ABOVE_ONE',
      field: 'ratios',
      value: 'D_Dy 1.2 / D_Tb 1.5 = 0.8',
    });
    expect(
      refusalOf(() =>
        separationFactorOf(
          distributionRatios([
            { element: 'Dy', ratio: '1.5' },
            { element: 'Tb', ratio: '1.5' },
          ]),
        ),
      )?.code,
    ).toBe('SEPARATION_FACTOR_NOT_ABOVE_ONE');
  });

  it('refuses a ratio without its element, a misspelt or repeated element, and a ratio of zero', () => {
    expect(refusalOf(() => distributionRatios([{ element: 'Dy', ratio: '2' }, { ratio: '0.5' }]))).toEqual({
      code: 'ELEMENT_REQUIRED',
      field: 'ratios[1].element',
      value: 'none',
      message:
        'ratios[1].element: got none, a distribution ratio (here 0.5) must name its element, e.g. "Dy"',
    });
    expect(refusalOf(() => distributionRatios([{ element: 'DY', ratio: '2' }]))?.code).toBe('INVALID_INPUT');
    expect(
      refusalOf(() =>
        distributionRatios([
          { element: 'Dy', ratio: '2' },
          { element: 'Dy', ratio: '3' },
        ]),
      )?.code,
    ).toBe('DUPLICATE_ELEMENT');
    expect(refusalOf(() => distributionRatios([{ element: 'Tb', ratio: '0' }]))).toMatchObject({
      code: 'OUT_OF_RANGE',
      field: 'ratios[0].ratio',
    });
  });
});
