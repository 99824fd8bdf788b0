import {
  findUnit,
  MASS_UNITS,
  parseActivityConcentrationUnit,
  parseMassFractionUnit,
  parseMassPerVolumeUnit,
  parseMassUnit,
  parseVolumeUnit,
} from './units';

describe('UN/CEFACT Rec 20 units', () => {
  it('knows the mass, volume, content, concentration and activity codes', () => {
    expect(['KGM', 'GRM', 'TNE', 'MGM'].map((c) => parseMassUnit(c))).toEqual(['KGM', 'GRM', 'TNE', 'MGM']);
    expect(['LTR', 'MLT', 'MTQ'].map((c) => parseVolumeUnit(c))).toEqual(['LTR', 'MLT', 'MTQ']);
    expect(['C62', 'P1', '59', '61'].map((c) => parseMassFractionUnit(c))).toEqual(['C62', 'P1', '59', '61']);
    expect(['GL', 'M1', 'B35', 'KMQ', 'GJ', '23'].map((c) => parseMassPerVolumeUnit(c))).toHaveLength(6);
    expect(['A18', 'B25'].map((c) => parseActivityConcentrationUnit(c))).toEqual(['A18', 'B25']);
  });

  it('states each unit as a power of ten of its base unit', () => {
    expect(MASS_UNITS.TNE.exponentOfBase).toBe(3);
    expect(MASS_UNITS.MGM.exponentOfBase).toBe(-6);
    expect(findUnit('59')).toMatchObject({ dimension: 'mass fraction', symbol: 'ppm', exponentOfBase: -6 });
    expect(findUnit('B25')).toMatchObject({ dimension: 'activity concentration', exponentOfBase: 3 });
    expect(findUnit('XYZ')).toBeUndefined();
    expect(findUnit('toString')).toBeUndefined();
  });

  it('refuses an unknown code, naming the value and the rule', () => {
    expect(() => parseMassUnit('KG', 'mass.unit')).toThrow(
      'mass.unit: got "KG", must be a UN/CEFACT Rec 20 mass unit code: KGM (kilogram), GRM (gram), MGM (milligram), TNE (tonne)',
    );
    expect(() => parseMassUnit('kgm')).toThrow(
      /^unit: got "kgm", must be a UN\/CEFACT Rec 20 mass unit code/,
    );
    expect(() => parseMassUnit(undefined)).toThrow(/^unit: got undefined, must be/);
  });

  it('says which dimension a code of the wrong kind belongs to', () => {
    expect(() => parseMassUnit('LTR')).toThrow(
      /^unit: got "LTR", a volume unit, must be a UN\/CEFACT Rec 20 mass unit code/,
    );
    expect(() => parseMassFractionUnit('GL')).toThrow(/got "GL", a mass per volume unit/);
  });

  it('does not mistake object properties for units', () => {
    expect(() => parseMassUnit('constructor')).toThrow(/got "constructor"/);
    expect(() => parseMassUnit('__proto__')).toThrow(/got "__proto__"/);
  });
});
