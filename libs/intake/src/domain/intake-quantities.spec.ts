import { MassFraction } from '@rre/quantities';
import { IntakeError } from './intake-error';
import {
  elementComposition,
  type ElementContentInput,
  massFraction,
  measuredMass,
} from './intake-quantities';

const strict = MassFraction.of('0');

function failure(work: () => unknown): IntakeError {
  try {
    work();
  } catch (error) {
    if (error instanceof IntakeError) return error;
    throw error;
  }
  throw new Error('expected an IntakeError');
}

const magnet: ElementContentInput[] = [
  { element: 'Nd', value: '25.1', unit: 'P1', uncertainty: '0.3' },
  { element: 'Pr', value: '5.2', unit: 'P1' },
  { element: 'Dy', value: '4.2', unit: 'P1', uncertainty: '0.1' },
  { element: 'Tb', value: '0.6', unit: 'P1' },
  { element: 'B', value: '1', unit: 'P1' },
  { element: 'Co', value: '1.5', unit: 'P1' },
  { element: 'Fe', value: '61.9', unit: 'P1' },
  { element: 'Th', value: '12', unit: '59' },
];

describe('element compositions at intake', () => {
  it('accepts a magnet assay summing to 99.5012 % (25.1 + 5.2 + 4.2 + 0.6 + 1 + 1.5 + 61.9 % + 12 ppm), mixing wt % and ppm', () => {
    const composition = elementComposition(magnet, 'assay', strict);
    expect(composition.sum().toFixed()).toBe('0.995012');
    expect(composition.fractionOf('Dy').toFixed()).toBe('0.042');
    expect(composition.uncertaintyOf('Dy')?.toFixed()).toBe('0.001');
    expect(composition.fractionOf('Th').toFixed()).toBe('0.000012');
  });

  it('accepts exactly 100 % and refuses 100.1 % with FRACTIONS_ABOVE_100 (tolerance 0 by default)', () => {
    expect(
      elementComposition([{ element: 'Fe', value: '100', unit: 'P1' }], 'assay', strict)
        .sum()
        .toFixed(),
    ).toBe('1');
    const error = failure(() =>
      elementComposition(
        [
          { element: 'Fe', value: '70.1', unit: 'P1' },
          { element: 'Nd', value: '30', unit: 'P1' },
        ],
        'assay',
        strict,
      ),
    );
    expect(error.code).toBe('FRACTIONS_ABOVE_100');
    expect(error.message).toBe(
      'assay: element fractions sum to 100.1 %, must be at most 100 % (tolerance 0 %)',
    );
  });

  it('lets a configured tolerance accept 100.1 % (0.5 %)', () => {
    const parts: ElementContentInput[] = [
      { element: 'Fe', value: '70.1', unit: 'P1' },
      { element: 'Nd', value: '30', unit: 'P1' },
    ];
    expect(elementComposition(parts, 'assay', MassFraction.of('0.005')).sum().toFixed()).toBe('1.001');
  });

  it('refuses a fraction outside [0, 100 %] with FRACTION_OUT_OF_RANGE', () => {
    expect(
      failure(() => elementComposition([{ element: 'Dy', value: '101', unit: 'P1' }], 'assay', strict)).code,
    ).toBe('FRACTION_OUT_OF_RANGE');
    expect(
      failure(() => elementComposition([{ element: 'Dy', value: '-0.1', unit: 'P1' }], 'assay', strict)).code,
    ).toBe('FRACTION_OUT_OF_RANGE');
  });

  it('refuses an unknown element with UNKNOWN_ELEMENT and names the spelling when only the case is wrong', () => {
    expect(
      failure(() => elementComposition([{ element: 'Xx', value: '1', unit: 'P1' }], 'assay', strict)).code,
    ).toBe('UNKNOWN_ELEMENT');
    expect(
      failure(() => elementComposition([{ element: 'DY', value: '1', unit: 'P1' }], 'assay', strict)).rule,
    ).toBe('must be an element symbol of the periodic table, written "Dy"');
  });

  it('refuses an element listed twice and an unknown unit', () => {
    const twice: ElementContentInput[] = [
      { element: 'Dy', value: '1', unit: 'P1' },
      { element: 'Dy', value: '2', unit: 'P1' },
    ];
    expect(failure(() => elementComposition(twice, 'assay', strict)).code).toBe('DUPLICATE_ELEMENT');
    expect(
      failure(() => elementComposition([{ element: 'Dy', value: '1', unit: 'PCT' }], 'assay', strict)).code,
    ).toBe('UNKNOWN_UNIT');
  });
});

describe('measuredMass and massFraction', () => {
  it('refuse zero and negative masses with INVALID_MASS, and a bad decimal with INVALID_DECIMAL', () => {
    expect(failure(() => measuredMass({ value: '0', unit: 'KGM' }, 'declaredMass')).message).toBe(
      'declaredMass: got 0 KGM, must be greater than zero',
    );
    expect(failure(() => measuredMass({ value: '-1', unit: 'KGM' }, 'declaredMass')).code).toBe(
      'INVALID_MASS',
    );
    expect(failure(() => measuredMass({ value: '1,5', unit: 'KGM' }, 'declaredMass')).code).toBe(
      'INVALID_DECIMAL',
    );
    expect(failure(() => measuredMass({ value: '1', unit: 'LTR' }, 'declaredMass')).code).toBe(
      'UNKNOWN_UNIT',
    );
  });

  it('read a moisture of 3.5 % as the plain fraction 0.035 and refuse 120 %', () => {
    expect(massFraction({ value: '3.5', unit: 'P1' }, 'moistureFraction').fraction.toFixed()).toBe('0.035');
    expect(failure(() => massFraction({ value: '120', unit: 'P1' }, 'moistureFraction')).code).toBe(
      'FRACTION_OUT_OF_RANGE',
    );
  });
});
