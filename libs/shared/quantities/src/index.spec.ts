import * as quantities from './index';

describe('@rre/quantities public API', () => {
  it('exports exactly the documented names', () => {
    expect(Object.keys(quantities).sort()).toEqual(
      [
        'ACTIVITY_CONCENTRATION_UNITS',
        'ActivityConcentration',
        'ActivityConcentrationUnit',
        'CONVENTIONAL_OXIDES',
        'DECIMAL_PATTERN',
        'DEFAULT_SUM_TOLERANCE',
        'DecimalScalar',
        'Density',
        'ELEMENT_SYMBOLS',
        'ElementComposition',
        'MASS_FRACTION_UNITS',
        'MASS_PER_VOLUME_UNITS',
        'MASS_RESOLUTION_UNIT',
        'MASS_UNITS',
        'MAX_DECIMAL_STRING_LENGTH',
        'Mass',
        'MassConcentration',
        'MassDelta',
        'MassFraction',
        'MassFractionUnit',
        'MassPerVolumeUnit',
        'MassUnit',
        'QUOTIENT_PRECISION',
        'QuantityError',
        'RARE_EARTH_ELEMENTS',
        'STANDARD_ATOMIC_WEIGHTS',
        'UnitQuantity',
        'VOLUME_UNITS',
        'Volume',
        'VolumeUnit',
        'WORKING_PRECISION',
        'allocate',
        'atomicWeight',
        'conventionalOxide',
        'convertGrade',
        'convertMass',
        'dryToWet',
        'elementMassInSolution',
        'elementToOxide',
        'findUnit',
        'isElementSymbol',
        'isOnResolution',
        'massConcentrationOf',
        'molarMass',
        'oxideToElement',
        'parseActivityConcentrationUnit',
        'parseDecimal',
        'parseElementSymbol',
        'parseFormula',
        'parseMassFractionUnit',
        'parseMassPerVolumeUnit',
        'parseMassUnit',
        'parseVolumeUnit',
        'roundToResolution',
        'solutionMass',
        'solutionVolume',
        'stoichiometricFactor',
        'stoichiometricRatio',
        'toPlainString',
        'wetToDry',
      ].sort(),
    );
  });

  it('does the documented example end to end', () => {
    const { allocate, ElementComposition, Mass } = quantities;
    const lot = Mass.of('12.5', 'KGM');
    const assay = ElementComposition.of({ Nd: '25.1', Dy: '4.2', Tb: '0.6', Fe: '64' }, { unit: 'P1' });
    const dy = assay.elementMass(lot, 'Dy');
    expect(dy.toString()).toBe('0.525 KGM');
    const parts = allocate(dy, { 'order-1': '2', 'order-2': '1' });
    expect(parts['order-1'].toString()).toBe('0.35 KGM');
    expect(parts['order-2'].toString()).toBe('0.175 KGM');
  });
});
