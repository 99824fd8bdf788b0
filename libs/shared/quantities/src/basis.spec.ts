import { convertGrade, convertMass, dryToWet, elementToOxide, oxideToElement, wetToDry } from './basis';
import { Mass } from './mass';
import { MassFraction } from './mass-fraction';

const kg = (value: string): Mass => Mass.of(value, 'KGM');

describe('wet and dry basis', () => {
  it('takes the moisture out of a wet mass: dry = wet x (1 - moisture)', () => {
    expect(wetToDry(kg('100'), MassFraction.of('7', 'P1')).toString()).toBe('93 KGM');
    expect(dryToWet(kg('93'), MassFraction.of('7', 'P1')).toString()).toBe('100 KGM');
    expect(wetToDry(Mass.of('1250.5', 'GRM'), MassFraction.of('0.2')).toString()).toBe('1000.4 GRM');
  });

  it('carries an inexact wet mass to 80 significant digits', () => {
    const wet = dryToWet(kg('1'), MassFraction.of('0.3'));
    expect(wet.value.toDecimalPlaces(6).toFixed()).toBe('1.428571');
    expect(wet.value.sd()).toBe(80);
  });

  it('refuses to divide by a dry share of zero', () => {
    expect(wetToDry(kg('5'), MassFraction.of('100', 'P1')).toString()).toBe('0 KGM');
    expect(() => dryToWet(kg('5'), MassFraction.of('100', 'P1'))).toThrow(
      'moisture: got 100 %, must be below 100 % for this conversion, which divides by (1 - moisture)',
    );
  });

  it('converts grades the other way round: the dry grade is higher', () => {
    const moisture = MassFraction.of('10', 'P1');
    const dryGrade = convertGrade(
      MassFraction.of('3', 'P1'),
      { moisture: 'wet', form: 'element' },
      { moisture: 'dry', form: 'element' },
      { moisture },
    );
    expect(dryGrade.unit).toBe('P1');
    expect(dryGrade.value.toDecimalPlaces(4).toFixed()).toBe('3.3333');
    const wetGrade = convertGrade(
      MassFraction.of('5', 'P1'),
      { moisture: 'dry', form: 'element' },
      { moisture: 'wet', form: 'element' },
      { moisture: MassFraction.of('20', 'P1') },
    );
    expect(wetGrade.toString()).toBe('4 P1');
  });
});

describe('element and oxide form', () => {
  it('converts an oxide mass to the element mass it holds: element = oxide x factor', () => {
    expect(oxideToElement(Mass.of('372.997', 'GRM'), 'Dy').toString()).toBe('325 GRM');
    expect(oxideToElement(kg('1'), 'Tb').value.toDecimalPlaces(4).toFixed()).toBe('0.8502');
    expect(oxideToElement(kg('1'), 'Tb', 'Tb4O7').value.toDecimalPlaces(4).toFixed()).toBe('0.8502');
  });

  it('converts an element mass to its oxide mass: oxide = element / factor', () => {
    expect(elementToOxide(Mass.of('325', 'GRM'), 'Dy').toString()).toBe('372.997 GRM');
    expect(elementToOxide(kg('1'), 'Tb').value.toDecimalPlaces(4).toFixed()).toBe('1.1762');
    expect(elementToOxide(kg('1'), 'Nd').value.toDecimalPlaces(4).toFixed()).toBe('1.1664');
  });

  it('converts element grades to oxide grades and refuses a grade above 100 %', () => {
    const dyGrade = convertGrade(
      MassFraction.of('10', 'P1'),
      { moisture: 'dry', form: 'oxide' },
      { moisture: 'dry', form: 'element' },
      { element: 'Dy' },
    );
    expect(dyGrade.value.toDecimalPlaces(6).toFixed()).toBe('8.713207');
    expect(() =>
      convertGrade(
        MassFraction.of('90', 'P1'),
        { moisture: 'dry', form: 'element' },
        { moisture: 'dry', form: 'oxide' },
        { element: 'Tb' },
      ),
    ).toThrow(
      /^grade: got 1\.05855509750823018459\d+ C62 \(105\.85550975082301845\d+ %\), must be between 0 % and 100 %$/,
    );
  });
});

describe('convertMass', () => {
  it('converts wet oxide mass to dry element mass in one step', () => {
    const dryDy = convertMass(
      kg('1000'),
      { moisture: 'wet', form: 'oxide' },
      { moisture: 'dry', form: 'element' },
      { moisture: MassFraction.of('10', 'P1'), element: 'Dy' },
    );
    expect(dryDy.value.toDecimalPlaces(9).toFixed()).toBe('784.188612777');
  });

  it('leaves a mass alone when the bases are the same', () => {
    const basis = { moisture: 'dry', form: 'element' } as const;
    expect(convertMass(kg('1.5'), basis, basis, {}).toString()).toBe('1.5 KGM');
  });

  it('asks for what it needs', () => {
    expect(() =>
      convertMass(kg('1'), { moisture: 'wet', form: 'element' }, { moisture: 'dry', form: 'element' }, {}),
    ).toThrow('moisture: got undefined, must be given to convert between wet and dry basis');
    expect(() =>
      convertMass(kg('1'), { moisture: 'dry', form: 'oxide' }, { moisture: 'dry', form: 'element' }, {}),
    ).toThrow('element: got undefined, must be given to convert between element and oxide form');
  });
});
