import { integrateOverTime } from './integrate-over-time';

const at = (second: number) => BigInt(Date.UTC(2026, 2, 2, 8, 0, 0)) * 1000n + BigInt(second) * 1_000_000n;

describe('integrateOverTime (trapezoid rule, exact decimals)', () => {
  it('integrates a cell current to a charge in A·s', () => {
    // 0 s 1000 A, 60 s 1200 A, 120 s 1100 A: 60 × 1100 + 60 × 1150 = 135,000 A·s
    const result = integrateOverTime([
      { epochMicros: at(120), value: '1100', quality: 'GOOD' },
      { epochMicros: at(0), value: '1000', quality: 'GOOD' },
      { epochMicros: at(60), value: '1200', quality: 'GOOD' },
    ]);
    expect(result).toEqual({ value: '135000', spanSeconds: '120', samplesUsed: 3, samplesSkipped: 0 });
  });

  it('keeps decimals exact where floats would not: 0.1 A and 0.2 A over 0.3 s', () => {
    const start = at(0);
    const result = integrateOverTime([
      { epochMicros: start, value: '0.1', quality: 'GOOD' },
      { epochMicros: start + 300_000n, value: '0.2', quality: 'UNCERTAIN' },
    ]);
    expect(result.value).toBe('0.045');
    expect(result.spanSeconds).toBe('0.3');
  });

  it('bridges bad samples and gives 0 for fewer than two usable ones', () => {
    const bridged = integrateOverTime([
      { epochMicros: at(0), value: '10', quality: 'GOOD' },
      { epochMicros: at(5), value: '99999', quality: 'BAD_SENSOR_FAILURE' },
      { epochMicros: at(10), value: '20', quality: 'SUBSTITUTED' },
    ]);
    expect(bridged).toEqual({ value: '150', spanSeconds: '10', samplesUsed: 2, samplesSkipped: 1 });
    expect(integrateOverTime([{ epochMicros: at(0), value: '5', quality: 'GOOD' }]).value).toBe('0');
  });
});
