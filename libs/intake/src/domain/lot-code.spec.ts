import { formatLotCode, LOT_CODE_PATTERN, lotCodeYear } from './lot-code';

describe('lot codes', () => {
  it('pads the sequence number to five digits: 2026 and 42 give L-2026-00042', () => {
    expect(formatLotCode(2026, 42)).toBe('L-2026-00042');
    expect(formatLotCode(2026, 123456)).toBe('L-2026-123456');
    expect(LOT_CODE_PATTERN.test('L-2026-00042')).toBe(true);
  });

  it('numbers by the calendar year of the configured time zone', () => {
    const instant = new Date('2026-12-31T20:00:00Z');
    expect(lotCodeYear(instant, 'UTC')).toBe(2026);
    expect(lotCodeYear(instant, 'Asia/Tokyo')).toBe(2027);
  });

  it('refuses a sequence number below 1', () => {
    expect(() => formatLotCode(2026, 0)).toThrow('must be a positive integer');
  });
});
