import Decimal from 'decimal.js';
import { ElementComposition, type ElementContentValue } from './composition';
import { Mass } from './mass';
import { MassFraction } from './mass-fraction';
import { QuantityError } from './quantity-error';

const evMagnet = (): ElementComposition =>
  ElementComposition.of(
    { Nd: '25.1', Pr: '5.2', Dy: '4.2', Tb: '0.6', B: '1.0', Co: '1.5', Fe: '62.1' },
    { unit: 'P1' },
  );

describe('ElementComposition', () => {
  it('holds each element as an exact fraction, whatever unit it was given in', () => {
    const composition = ElementComposition.of({
      Dy: { value: '4.2', unit: 'P1', uncertainty: '0.1' },
      Tb: { value: '6000', unit: '59' },
      Fe: '0.62',
      U: MassFraction.of('81', '59'),
    });
    expect(composition.elements).toEqual(['Dy', 'Tb', 'Fe', 'U']);
    expect(composition.fractionOf('Dy').toFixed()).toBe('0.042');
    expect(composition.uncertaintyOf('Dy')?.toFixed()).toBe('0.001');
    expect(composition.uncertaintyOf('Fe')).toBeUndefined();
    expect(composition.fractionOf('Tb').toFixed()).toBe('0.006');
    expect(composition.fractionOf('U').toFixed()).toBe('0.000081');
    expect(composition.sum().toFixed()).toBe('0.668081');
    expect(composition.has('Nd')).toBe(false);
  });

  it('gives exact element masses: total x fraction', () => {
    const composition = evMagnet();
    const lot = Mass.of('12.5', 'KGM');
    expect(composition.elementMass(lot, 'Dy').toString()).toBe('0.525 KGM');
    expect(composition.elementMass(lot, 'Tb').toString()).toBe('0.075 KGM');
    expect(composition.elementMass(Mass.of('1.8', 'TNE'), 'Tb').to('KGM').toString()).toBe('10.8 KGM');
    const masses = composition.elementMasses(lot);
    expect([...masses.keys()]).toEqual(['Nd', 'Pr', 'Dy', 'Tb', 'B', 'Co', 'Fe']);
    expect(Mass.sum([...masses.values()]).toString()).toBe('12.4625 KGM'); // 99.7 % of 12.5 kg
  });

  it('refuses a sum above 100 % plus the tolerance, in the words of the rule', () => {
    expect(() => ElementComposition.of({ Nd: '60', Dy: '43.2' }, { unit: 'P1' })).toThrow(
      'composition: element fractions sum to 103.2 %, must be at most 100 % (tolerance 0.5 %)',
    );
    try {
      ElementComposition.of({ Nd: '60', Dy: '43.2' }, { unit: 'P1', field: 'assay for lot L-2026-00042' });
      throw new Error('not refused');
    } catch (error: unknown) {
      expect(error).toBeInstanceOf(QuantityError);
      expect(error).toMatchObject({
        code: 'FRACTION_SUM_EXCEEDED',
        field: 'assay for lot L-2026-00042',
        value: '103.2 %',
        rule: 'must be at most 100 % (tolerance 0.5 %)',
      });
    }
  });

  it('accepts a sum within the tolerance and applies a configured tolerance', () => {
    expect(ElementComposition.of({ Nd: '60', Fe: '40.5' }, { unit: 'P1' }).sum().toFixed()).toBe('1.005');
    expect(() => ElementComposition.of({ Nd: '60', Fe: '40.6' }, { unit: 'P1' })).toThrow(/sum to 100.6 %/);
    expect(() => ElementComposition.of({ Nd: '60', Fe: '40.5' }, { unit: 'P1', sumTolerance: '0' })).toThrow(
      'composition: element fractions sum to 100.5 %, must be at most 100 % (tolerance 0 %)',
    );
    const lenient = ElementComposition.of(
      { Nd: '0.6', Fe: '0.42' },
      { sumTolerance: MassFraction.of('2', 'P1') },
    );
    expect(lenient.sumTolerance.toFixed()).toBe('0.02');
  });

  it('refuses unknown element symbols, naming the value and the rule', () => {
    expect(() => ElementComposition.of({ Nd: '0.25', Xx: '0.01' })).toThrow(
      'composition: got "Xx", must be an element symbol of the periodic table, e.g. "Nd", "Dy", "Tb", "Fe"',
    );
    expect(() => ElementComposition.of({ DY: '0.04' })).toThrow(
      'composition: got "DY", must be an element symbol of the periodic table, written "Dy"',
    );
  });

  it('refuses fractions outside 0..1 and JS numbers, naming the element', () => {
    expect(() => ElementComposition.of({ Dy: '101' }, { unit: 'P1' })).toThrow(
      'composition.Dy: got 101 P1 (101 %), must be between 0 % and 100 %',
    );
    expect(() => ElementComposition.of({ Dy: '-0.01' })).toThrow(/^composition.Dy: got -0.01 C62 \(-1 %\)/);
    expect(() => ElementComposition.of({ Dy: 0.042 as unknown as string })).toThrow(
      /^composition.Dy: got the JS number 0.042/,
    );
    expect(() => ElementComposition.of({ Dy: { value: '4', unit: 'P1', uncertainty: '-1' } })).toThrow(
      /^composition.Dy.uncertainty: got -1 P1/,
    );
    expect(() => ElementComposition.of({ Dy: { amount: '4' } as unknown as string })).toThrow(
      'composition.Dy: got an object, must be a decimal string, a Decimal, a MassFraction or { value, unit?, uncertainty? }',
    );
  });

  it('refuses duplicates, empty compositions and questions about elements it does not list', () => {
    expect(() =>
      ElementComposition.of([
        ['Dy', '0.04'],
        ['Dy', '0.05'],
      ]),
    ).toThrow('composition: got Dy twice, must list each element once');
    expect(() => ElementComposition.of({})).toThrow(
      'composition: got no elements, must list at least one element',
    );
    expect(() => evMagnet().elementMass(Mass.of('1', 'KGM'), 'Gd')).toThrow(
      'element: got Gd, must be one of the elements assayed (Nd, Pr, Dy, Tb, B, Co, Fe): an element not listed is unknown, not zero',
    );
  });

  it('accepts Decimals and a Map as input, and writes plain fractions as JSON strings', () => {
    const composition = ElementComposition.of(
      new Map<string, ElementContentValue>([
        ['Tb', new Decimal('0.006')],
        ['Dy', { value: '4.2', unit: 'P1' as const, uncertainty: '0.15' }],
      ]),
    );
    expect(JSON.parse(JSON.stringify(composition))).toEqual({
      Tb: { fraction: '0.006' },
      Dy: { fraction: '0.042', uncertainty: '0.0015' },
    });
    expect(composition.entries().map((e) => e.fraction.toString())).toEqual(['0.006 C62', '4.2 P1']);
  });
});
