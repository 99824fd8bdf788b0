import { atomicWeight, STANDARD_ATOMIC_WEIGHTS } from './atomic-weights';
import {
  CONVENTIONAL_OXIDES,
  conventionalOxide,
  molarMass,
  parseFormula,
  stoichiometricFactor,
  stoichiometricRatio,
} from './stoichiometry';

const fourDecimals = (element: 'Tb' | 'Dy' | 'Nd' | 'Pr', formula?: string): string =>
  stoichiometricFactor(element, formula).toDecimalPlaces(4).toFixed(4);

describe('stoichiometric factors', () => {
  it('gives the mass fraction of the element in its oxide', () => {
    expect(fourDecimals('Tb')).toBe('0.8502'); // Tb in Tb4O7
    expect(fourDecimals('Dy')).toBe('0.8713'); // Dy in Dy2O3
    expect(fourDecimals('Nd')).toBe('0.8574'); // Nd in Nd2O3
    expect(fourDecimals('Pr')).toBe('0.8277'); // Pr in Pr6O11
    expect(fourDecimals('Tb', 'Tb2O3')).toBe('0.8688');
  });

  it('computes them from the atomic weights, exactly as numerator and denominator', () => {
    const tb = stoichiometricRatio('Tb');
    expect(tb.formula).toBe('Tb4O7');
    expect(tb.elementMolarMass.toFixed()).toBe('635.701416'); // 4 x 158.925354
    expect(tb.formulaMolarMass.toFixed()).toBe('747.694416'); // + 7 x 15.999
    expect(tb.factor.toSignificantDigits(12).toFixed()).toBe('0.850215545812');
    const dy = stoichiometricRatio('Dy');
    expect(dy.elementMolarMass.toFixed()).toBe('325');
    expect(dy.formulaMolarMass.toFixed()).toBe('372.997');
  });

  it('uses the table given instead of the standard one', () => {
    const roundedTable = { ...STANDARD_ATOMIC_WEIGHTS, Tb: '158.93', O: '16' };
    expect(stoichiometricFactor('Tb', 'Tb4O7', roundedTable).toDecimalPlaces(6).toFixed()).toBe('0.850211');
    expect(atomicWeight('Dy').toFixed()).toBe('162.5');
  });

  it('refuses elements without an atomic weight and formulas without the element', () => {
    expect(() => molarMass('Pm2O3')).toThrow(
      /^element: got Pm, must have an atomic weight in the table used/,
    );
    expect(() => stoichiometricFactor('Dy', 'Tb4O7')).toThrow(
      'formula: got "Tb4O7", must contain Dy to convert Dy contents',
    );
    expect(() => conventionalOxide('Co')).toThrow(
      /^oxide: got Co, must be named explicitly: no conventional oxide is configured for Co/,
    );
    expect(() => atomicWeight('Dy', { Dy: '-1' })).toThrow(
      'atomic weight of Dy: got -1, must be greater than zero',
    );
  });
});

describe('formulas', () => {
  it('parses simple formulas and adds up repeated elements', () => {
    expect(parseFormula('Pr6O11')).toEqual([
      { element: 'Pr', count: 6 },
      { element: 'O', count: 11 },
    ]);
    expect(parseFormula('CeO2')).toEqual([
      { element: 'Ce', count: 1 },
      { element: 'O', count: 2 },
    ]);
    expect(parseFormula('FeOFe')).toEqual([
      { element: 'Fe', count: 2 },
      { element: 'O', count: 1 },
    ]);
  });

  it('computes molar masses exactly', () => {
    expect(molarMass('Tb4O7').toFixed()).toBe('747.694416');
    expect(molarMass('Nd2O3').toFixed()).toBe('336.481');
    expect(molarMass('Pr6O11').toFixed()).toBe('1021.43496');
    expect(molarMass('Nd2Fe14B').toFixed()).toBe('1081.124');
  });

  it.each(['tb4o7', 'Tb4O7)', 'Tb(OH)3', 'Tb0O', 'Xx2O3', '', 'Tb4 O7'])('refuses %j', (formula) => {
    expect(() => parseFormula(formula)).toThrow(/^formula: got /);
  });

  it('has a conventional oxide for every rare earth except Pm', () => {
    expect(conventionalOxide('Tb')).toBe('Tb4O7');
    expect(conventionalOxide('Pr')).toBe('Pr6O11');
    expect(Object.keys(CONVENTIONAL_OXIDES)).toEqual(
      expect.arrayContaining(['Dy', 'Nd', 'Gd', 'La', 'Ce', 'Y']),
    );
  });
});
