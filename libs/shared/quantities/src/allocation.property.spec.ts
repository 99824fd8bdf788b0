import fc from 'fast-check';
import { allocate } from './allocation';
import { parseDecimal } from './exact-decimal';
import { Mass } from './mass';
import {
  check,
  checkSame,
  decimalTextArb,
  massOnResolutionArb,
  weightsArb,
} from './test-support/quantity.arbitraries';

const RUNS = { numRuns: 2500 };

const milligrams = (mass: Mass): bigint => BigInt(mass.valueIn('MGM').toFixed());

/** Weights as integers over a common power of ten, so exact shares can be compared by cross-multiplying. */
function integerWeights(weights: readonly string[]): bigint[] {
  const scale = Math.max(0, ...weights.map((w) => (w.split('.')[1] ?? '').length));
  return weights.map((w) => {
    const [whole, fraction = ''] = w.split('.');
    return BigInt(whole + fraction.padEnd(scale, '0'));
  });
}

/** Remainder of each exact share in milligrams, as a numerator over the weight sum (independent of the library). */
function remainders(totalMg: bigint, w: readonly bigint[]): { sum: bigint; remainder: bigint[] } {
  const sum = w.reduce((a, b) => a + b, 0n);
  return { sum, remainder: w.map((wi) => (totalMg * wi) % sum) };
}

describe('allocate (property)', () => {
  it('conserves mass exactly: the parts sum to the total', () => {
    fc.assert(
      fc.property(massOnResolutionArb, weightsArb, (total, weights) => {
        const parts = allocate(total, weights);
        check(parts.length === weights.length, () => `${parts.length} parts for ${weights.length} weights`);
        check(
          parts.every((p) => p.unit === total.unit),
          () => 'unit changed',
        );
        checkSame(Mass.sum(parts, total.unit), total, 'sum of parts');
      }),
      RUNS,
    );
  });

  it('puts every part on a whole milligram within 1 mg of its exact share, and zero weights get zero', () => {
    fc.assert(
      fc.property(massOnResolutionArb, weightsArb, (total, weights) => {
        const parts = allocate(total, weights).map(milligrams);
        const w = integerWeights(weights);
        const { sum } = remainders(0n, w);
        const totalMg = milligrams(total);
        parts.forEach((part, i) => {
          // |part - total x w / sum| < 1 mg  <=>  |part x sum - total x w| < sum
          const gap = part * sum - totalMg * w[i];
          check(gap < sum && -gap < sum, () => `part ${i}: ${part} mg for weight ${weights[i]}`);
          check(w[i] !== 0n || part === 0n, () => `zero weight ${i} got ${part} mg`);
        });
      }),
      RUNS,
    );
  });

  it('rounds up exactly the parts with the largest remainders (Hamilton), ties to the earlier position', () => {
    fc.assert(
      fc.property(massOnResolutionArb, weightsArb, (total, weights) => {
        const parts = allocate(total, weights).map(milligrams);
        const w = integerWeights(weights);
        const totalMg = milligrams(total);
        const { sum, remainder } = remainders(totalMg, w);
        const roundedUp = parts.map((part, i) => part * sum > totalMg * w[i]);
        for (let up = 0; up < parts.length; up++) {
          if (!roundedUp[up]) continue;
          for (let down = 0; down < parts.length; down++) {
            if (roundedUp[down] || remainder[down] === 0n) continue;
            check(
              remainder[up] > remainder[down] || (remainder[up] === remainder[down] && up < down),
              () => `part ${up} was rounded up before part ${down}`,
            );
          }
        }
      }),
      RUNS,
    );
  });

  it('does not depend on the scale of the weights', () => {
    fc.assert(
      fc.property(massOnResolutionArb, weightsArb, decimalTextArb(6, 4), (total, weights, factorText) => {
        const factor = parseDecimal(factorText);
        if (factor.isZero()) return;
        const scaled = weights.map((w) => parseDecimal(w).times(factor));
        checkSame(allocate(total, scaled).join(), allocate(total, weights).join(), `weights x ${factorText}`);
      }),
      RUNS,
    );
  });

  it('gives each key the same part whatever the key order, except between keys with equal remainders', () => {
    // Half the cases draw weights from a small pool, so that equal weights (and so equal remainders) occur.
    const pooledWeightsArb = fc
      .array(fc.constantFrom('1', '2', '3', '0.5', '0'), { minLength: 2, maxLength: 12 })
      .filter((weights) => weights.some((w) => w !== '0'));
    const weightsAndOrderArb = fc.oneof(weightsArb, pooledWeightsArb).chain((weights) =>
      fc.tuple(
        fc.constant(weights),
        fc.shuffledSubarray(
          weights.map((_, i) => i),
          { minLength: weights.length, maxLength: weights.length },
        ),
      ),
    );
    const seen = { tied: 0, untied: 0 };
    fc.assert(
      fc.property(massOnResolutionArb, weightsAndOrderArb, (total, [weights, order]) => {
        const inOrder = allocate(total, Object.fromEntries(weights.map((w, i) => [`lot-${i}`, w])));
        const shuffled = allocate(total, Object.fromEntries(order.map((i) => [`lot-${i}`, weights[i]])));
        const { remainder } = remainders(milligrams(total), integerWeights(weights));
        weights.forEach((_, i) => {
          const key = `lot-${i}`;
          // A zero remainder is never rounded up, so only equal non-zero remainders can trade a milligram.
          const tied = remainder[i] !== 0n && remainder.some((r, j) => j !== i && r === remainder[i]);
          const difference = milligrams(inOrder[key]) - milligrams(shuffled[key]);
          check(
            tied ? difference <= 1n && difference >= -1n : difference === 0n,
            () => `${key} moved by ${difference} mg`,
          );
          seen[tied ? 'tied' : 'untied'] += 1;
        });
        checkSame(Mass.sum(Object.values(shuffled), total.unit), total, 'sum of shuffled parts');
      }),
      { numRuns: 2000 },
    );
    expect(seen.tied).toBeGreaterThan(100);
    expect(seen.untied).toBeGreaterThan(100);
  });
});
