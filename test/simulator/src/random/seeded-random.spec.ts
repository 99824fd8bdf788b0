import { parseDecimal } from '@rre/quantities';
import { drawDecimal, noiseFactor } from './decimal-draw';
import { SeededRandom } from './seeded-random';

describe('SeededRandom', () => {
  it('gives the same draws for the same seed, and other draws for another seed or stream', () => {
    const draws = (random: SeededRandom) => Array.from({ length: 5 }, () => random.uint32());
    expect(draws(SeededRandom.of(42))).toEqual(draws(SeededRandom.of('42')));
    expect(draws(SeededRandom.of(42))).not.toEqual(draws(SeededRandom.of(43)));
    expect(draws(SeededRandom.of(42).fork('day-1'))).toEqual(draws(SeededRandom.of('42/day-1')));
    expect(draws(SeededRandom.of(42).fork('day-1'))).not.toEqual(draws(SeededRandom.of(42).fork('day-2')));
  });

  it('draws integers within their bounds, both ends reached', () => {
    const random = SeededRandom.of('bounds');
    const seen = new Set(Array.from({ length: 2_000 }, () => random.integer(3, 8)));
    expect([...seen].sort()).toEqual([3, 4, 5, 6, 7, 8]);
  });

  it('limits normal draws to the given number of standard deviations', () => {
    const random = SeededRandom.of('noise');
    const draws = Array.from({ length: 5_000 }, () => random.normal(1));
    expect(Math.max(...draws.map(Math.abs))).toBeLessThanOrEqual(1);
    const mean = draws.reduce((a, b) => a + b, 0) / draws.length;
    expect(Math.abs(mean)).toBeLessThan(0.05);
  });
});

describe('decimal draws', () => {
  it('draws a decimal on its places within the range, never through a float', () => {
    const random = SeededRandom.of('decimals');
    for (let i = 0; i < 500; i++) {
      const dy = drawDecimal(random, '3', '8', 3);
      expect(dy.greaterThanOrEqualTo('3') && dy.lessThanOrEqualTo('8')).toBe(true);
      expect(dy.decimalPlaces()).toBeLessThanOrEqual(3);
    }
    const ore = drawDecimal(random, '5000', '20000', -1);
    expect(ore.modulo(10).isZero()).toBe(true);
  });

  it('keeps measurement noise within one relative standard uncertainty', () => {
    const random = SeededRandom.of('factor');
    for (let i = 0; i < 500; i++) {
      const factor = noiseFactor(random, 0.02);
      expect(factor.minus(1).abs().lessThanOrEqualTo(parseDecimal('0.02'))).toBe(true);
    }
  });
});
