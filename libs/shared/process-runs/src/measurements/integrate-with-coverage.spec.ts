import { integrateWithCoverage } from './integrate-with-coverage';

const at = (second: number) => BigInt(Date.UTC(2026, 2, 2, 8, 0, 0)) * 1000n + BigInt(second) * 1_000_000n;

describe('integrateWithCoverage (trapezoid rule with gap limit and exclusions)', () => {
  it('leaves out bad and negative samples, reporting each by timestamp', () => {
    const result = integrateWithCoverage(
      [
        { epochMicros: at(0), value: '100', quality: 'GOOD' },
        { epochMicros: at(10), value: '-3.5', quality: 'GOOD' },
        { epochMicros: at(20), value: '100', quality: 'GOOD' },
        { epochMicros: at(30), value: '5000', quality: 'BAD_SENSOR_FAILURE' },
        { epochMicros: at(40), value: '100', quality: 'GOOD' },
      ],
      { excludeNegative: true, maxGapSeconds: '30' },
    );
    // 0-20 s and 20-40 s bridged (20 s < 30 s): 100 A x 40 s = 4,000 A·s.
    expect(result.value).toBe('4000');
    expect(result.samplesUsed).toBe(3);
    expect(result.excluded.map((e) => [e.measuredAt, e.value, e.reason])).toEqual([
      ['2026-03-02T08:00:10Z', '-3.5', 'NEGATIVE_VALUE'],
      ['2026-03-02T08:00:30Z', '5000', 'BAD_QUALITY'],
    ]);
    expect([result.windowSeconds, result.coveredSeconds, result.uncoveredSeconds]).toEqual(['40', '40', '0']);
  });

  it('does not bridge a gap as long as the limit, and reports it as uncovered', () => {
    const result = integrateWithCoverage(
      [
        { epochMicros: at(0), value: '10', quality: 'BAD' },
        { epochMicros: at(60), value: '10', quality: 'GOOD' },
        { epochMicros: at(120), value: '10', quality: 'GOOD' },
        // 300 s without a sample: not bridged with a 120 s limit
        { epochMicros: at(420), value: '10', quality: 'GOOD' },
        { epochMicros: at(480), value: '10', quality: 'GOOD' },
        { epochMicros: at(540), value: '10', quality: 'BAD_COMMUNICATION_FAILURE' },
      ],
      { maxGapSeconds: '120' },
    );
    // Bridged: 60-120 and 420-480 s, 10 A x 120 s.
    expect(result.value).toBe('1200');
    expect(result.windowSeconds).toBe('540');
    expect(result.coveredSeconds).toBe('120');
    expect(result.uncoveredSeconds).toBe('420');
    expect(result.uncovered.map((u) => [u.from, u.to, u.seconds])).toEqual([
      ['2026-03-02T08:00:00Z', '2026-03-02T08:01:00Z', '60'],
      ['2026-03-02T08:02:00Z', '2026-03-02T08:07:00Z', '300'],
      ['2026-03-02T08:08:00Z', '2026-03-02T08:09:00Z', '60'],
    ]);
  });

  it('without limits, is the plain trapezoid rule of integrateOverTime', () => {
    const result = integrateWithCoverage([
      { epochMicros: at(120), value: '1100', quality: 'GOOD' },
      { epochMicros: at(0), value: '1000', quality: 'GOOD' },
      { epochMicros: at(60), value: '1200', quality: 'GOOD' },
    ]);
    expect(result.value).toBe('135000');
    expect(result.uncovered).toEqual([]);
  });

  it('an empty or all-bad series covers nothing', () => {
    expect(integrateWithCoverage([]).windowSeconds).toBe('0');
    const bad = integrateWithCoverage([
      { epochMicros: at(0), value: '1', quality: 'BAD' },
      { epochMicros: at(30), value: '1', quality: 'BAD' },
    ]);
    expect([bad.value, bad.uncoveredSeconds, bad.uncovered.length]).toEqual(['0', '30', 1]);
  });
});
