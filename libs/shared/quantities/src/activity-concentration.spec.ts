import { ActivityConcentration } from './activity-concentration';

describe('ActivityConcentration', () => {
  it('takes Bq/g figures as B25 (kBq/kg), which is the same number', () => {
    const threshold = ActivityConcentration.of('1', 'B25');
    expect(threshold.to('A18').toString()).toBe('1000 A18');
    expect(ActivityConcentration.of('996.3', 'A18').isLessThan(threshold)).toBe(true);
    expect(ActivityConcentration.of('1008.6', 'A18').isGreaterThan(threshold)).toBe(true);
  });

  it('adds the activity of several chains', () => {
    const u238 = ActivityConcentration.of('996.3', 'A18');
    const th232 = ActivityConcentration.of('0.41', 'B25');
    expect(u238.plus(th232).toString()).toBe('1406.3 A18');
  });

  it('refuses negative values and other units', () => {
    expect(() => ActivityConcentration.of('-1', 'A18')).toThrow(
      'activity concentration: got -1 A18, must not be negative',
    );
    expect(() => ActivityConcentration.of('1', 'BQG' as 'B25')).toThrow(
      /^activity concentration.unit: got "BQG", must be a UN\/CEFACT Rec 20 activity concentration unit code: A18 \(becquerel per kilogram\), B25/,
    );
    expect(ActivityConcentration.fromJSON({ quantity: '2', uom: 'B25' }).toString()).toBe('2 B25');
  });
});
