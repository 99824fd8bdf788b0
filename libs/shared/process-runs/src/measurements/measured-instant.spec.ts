import { MeasurementError } from './measurement-error';
import { formatEpochMicros, parseMeasuredInstant } from './measured-instant';

describe('parseMeasuredInstant', () => {
  it('reads the offset, so the same instant written in two zones is equal', () => {
    const tokyo = parseMeasuredInstant('2026-03-02T08:15:30.25+09:00', 'measuredAt');
    const utc = parseMeasuredInstant('2026-03-01T23:15:30.250000Z', 'measuredAt');
    expect(tokyo.epochMicros).toBe(utc.epochMicros);
    expect(tokyo.epochMicros).toBe(1772406930250000n);
    expect(tokyo.utc).toBe('2026-03-01T23:15:30.25Z');
    expect(tokyo.asSent).toBe('2026-03-02T08:15:30.25+09:00');
  });

  it('keeps microseconds', () => {
    const instant = parseMeasuredInstant('2026-03-02T00:00:00.000001-05:30', 'x');
    expect(instant.utc).toBe('2026-03-02T05:30:00.000001Z');
    expect(formatEpochMicros(instant.epochMicros + 999_999n)).toBe('2026-03-02T05:30:01Z');
  });

  it('formats instants before 1970 too', () => {
    expect(formatEpochMicros(-1n)).toBe('1969-12-31T23:59:59.999999Z');
  });

  it.each([
    ['2026-03-02T08:15:30', 'has no offset'],
    ['2026-03-02 08:15:30.5', 'has no offset'],
    ['2026-02-30T08:15:30Z', 'is not a calendar date'],
    ['2026-03-02T24:00:00Z', 'is not a time of day'],
    ['2026-12-31T23:59:60Z', 'is a leap second'],
    ['2026-03-02T08:15:30.1234567Z', 'has 7 fractional digits'],
    ['2026-03-02T08:15:30+0900', 'must be an RFC 3339 date-time with an offset'],
    ['1772406930', 'must be an RFC 3339 date-time with an offset'],
  ])('refuses %s (%s)', (text, rule) => {
    let caught: unknown;
    try {
      parseMeasuredInstant(text, 'series[0].samples[2].measuredAt');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(MeasurementError);
    expect((caught as MeasurementError).message).toContain(
      `series[0].samples[2].measuredAt: got "${text}", `,
    );
    expect((caught as MeasurementError).rule).toContain(rule);
  });
});
