import { Volume } from './volume';

describe('Volume', () => {
  it('holds an exact decimal in litres, millilitres or cubic metres', () => {
    const volume = Volume.of('2.5', 'MTQ');
    expect(volume.toString()).toBe('2.5 MTQ');
    expect(volume.to('LTR').toString()).toBe('2500 LTR');
    expect(volume.to('MLT').toString()).toBe('2500000 MLT');
    expect(Volume.of('1', 'MLT').to('MTQ').toString()).toBe('0.000001 MTQ');
    expect(volume.toJSON()).toEqual({ quantity: '2.5', uom: 'MTQ' });
  });

  it('adds, subtracts and scales exactly', () => {
    expect(Volume.of('250', 'LTR').plus(Volume.of('500', 'MLT')).toString()).toBe('250.5 LTR');
    expect(Volume.of('1', 'MTQ').minus(Volume.of('250', 'LTR')).toString()).toBe('0.75 MTQ');
    expect(Volume.of('0.1', 'LTR').times('3').toString()).toBe('0.3 LTR');
    expect(Volume.of('1', 'LTR').ratio(Volume.of('4', 'LTR')).toFixed()).toBe('0.25');
  });

  it('compares across units', () => {
    expect(Volume.of('1000', 'MLT').equals(Volume.of('1', 'LTR'))).toBe(true);
    expect(Volume.of('1', 'MTQ').isGreaterThan(Volume.of('999', 'LTR'))).toBe(true);
  });

  it('refuses negative volumes, JS numbers, unknown units and zero denominators', () => {
    expect(() => Volume.of('-1', 'LTR', 'strip liquor')).toThrow(
      'strip liquor: got -1 LTR, must not be negative: a measured volume is zero or more',
    );
    expect(() => Volume.of('1', 'LTR').minus(Volume.of('2', 'LTR'), 'remaining volume')).toThrow(
      /^remaining volume: got -1 LTR, must not be negative/,
    );
    expect(() => Volume.of(1 as unknown as string, 'LTR')).toThrow(/JS number/);
    expect(() => Volume.of('1', 'L' as 'LTR')).toThrow(
      /^volume.unit: got "L", must be a UN\/CEFACT Rec 20 volume unit code/,
    );
    expect(() => Volume.of('1', 'LTR').ratio(Volume.zero())).toThrow(/must not be zero/);
  });

  it('reads its JSON back', () => {
    expect(Volume.fromJSON({ quantity: '12.75', uom: 'MLT' }).toString()).toBe('12.75 MLT');
  });
});
