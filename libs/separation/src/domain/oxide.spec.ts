import { oxideConversion, oxideLotContents } from './oxide';

describe('element to oxide conversion from molar masses', () => {
  it('uses Tb 158.925354, Dy 162.500 and O 15.999 g/mol', () => {
    const tb = oxideConversion('TB4O7');
    // 4 x 158.925354 = 635.701416; + 7 x 15.999 = 747.694416 g/mol
    expect([tb.formula, tb.elementMolarMassGPerMol, tb.oxideMolarMassGPerMol]).toEqual([
      'Tb4O7',
      '635.701416',
      '747.694416',
    ]);
    const dy = oxideConversion('DY2O3');
    // 2 x 162.5 = 325; + 3 x 15.999 = 372.997 g/mol
    expect([dy.formula, dy.elementMolarMassGPerMol, dy.oxideMolarMassGPerMol]).toEqual([
      'Dy2O3',
      '325',
      '372.997',
    ]);
  });

  it('turns 10 kg of Tb4O7 at 99.9 % into 8.493653 kg of Tb', () => {
    // 10 x 0.999 x 635.701416 / 747.694416 = 8.4936533026... kg; oxygen = 0.999 - Tb fraction
    expect(oxideLotContents(oxideConversion('TB4O7'), '10', '99.9', '0.05')).toEqual({
      elementFraction: '0.849365330266',
      elementFractionUncertainty: '0.000425107773', // 0.0005 x 0.8502155458...
      oxygenFraction: '0.149634669734',
      elementMassKg: '8.493653',
    });
  });

  it('refuses an oxide it does not make', () => {
    expect(() => oxideConversion('ND2O3')).toThrow('oxide: got "ND2O3", must be one of TB4O7, DY2O3');
  });
});
