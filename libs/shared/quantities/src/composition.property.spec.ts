import fc from 'fast-check';
import { ElementComposition } from './composition';
import type { ElementSymbol } from './elements';
import { Mass } from './mass';
import { QuantityError } from './quantity-error';
import { check, checkSame, decimalText, massArb } from './test-support/quantity.arbitraries';

const ASSAYED: ElementSymbol[] = [
  'Nd',
  'Pr',
  'Dy',
  'Tb',
  'Fe',
  'B',
  'Co',
  'Al',
  'Cu',
  'Gd',
  'La',
  'Ce',
  'U',
  'Th',
  'O',
  'C',
];
const E8 = 10n ** 8n;

/** 1 to 12 distinct elements with fractions in units of 1e-8 summing to at most 1: the gaps between sorted cut points. */
const compositionInputArb = fc.shuffledSubarray(ASSAYED, { minLength: 1, maxLength: 12 }).chain((elements) =>
  fc
    .array(fc.bigInt({ min: 0n, max: E8 }), { minLength: elements.length, maxLength: elements.length })
    .map((cuts) => {
      const sorted = [0n, ...cuts].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      return elements.map((element, i) => [element, sorted[i + 1] - sorted[i]] as const);
    }),
);

describe('compositions never drift (property)', () => {
  it('the element masses sum to total x sum of fractions, exactly', () => {
    fc.assert(
      fc.property(compositionInputArb, massArb, (input, total) => {
        const composition = ElementComposition.of(input.map(([e, f]) => [e, decimalText(f, 8)] as const));
        const sumOfMasses = Mass.sum([...composition.elementMasses(total).values()], total.unit);
        checkSame(sumOfMasses, total.times(composition.sum()), 'sum of element masses');
      }),
      { numRuns: 2000 },
    );
  });

  it('fractions given as plain fractions, wt % or ppm are the same exact numbers', () => {
    fc.assert(
      fc.property(compositionInputArb, (input) => {
        const asFraction = ElementComposition.of(input.map(([e, f]) => [e, decimalText(f, 8)] as const));
        const asPercent = ElementComposition.of(
          input.map(([e, f]) => [e, decimalText(f, 6)] as const),
          { unit: 'P1' },
        );
        const asPpm = ElementComposition.of(
          input.map(([e, f]) => [e, decimalText(f, 2)] as const),
          { unit: '59' },
        );
        for (const element of asFraction.elements) {
          checkSame(asPercent.fractionOf(element), asFraction.fractionOf(element), `${element} from wt %`);
          checkSame(asPpm.fractionOf(element), asFraction.fractionOf(element), `${element} from ppm`);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('accepts a sum up to 1 + tolerance and refuses anything above, to the last digit', () => {
    const seen = { accepted: 0, refused: 0 };
    fc.assert(
      fc.property(
        compositionInputArb,
        fc.bigInt({ min: 0n, max: E8 / 10n }),
        fc.bigInt({ min: 0n, max: E8 / 100n }),
        (input, extra, toleranceE8) => {
          // Push the first element up by `extra` (kept at most 1) so that some sums exceed 1.
          const [first, ...rest] = input;
          const bumped = [[first[0], first[1] + extra > E8 ? E8 : first[1] + extra] as const, ...rest];
          const sumE8 = bumped.reduce((sum, [, f]) => sum + f, 0n);
          let accepted: boolean;
          try {
            ElementComposition.of(
              bumped.map(([e, f]) => [e, decimalText(f, 8)] as const),
              { sumTolerance: decimalText(toleranceE8, 8) },
            );
            accepted = true;
          } catch (error: unknown) {
            check(error instanceof QuantityError && error.code === 'FRACTION_SUM_EXCEEDED', () =>
              String(error),
            );
            accepted = false;
          }
          check(accepted === sumE8 <= E8 + toleranceE8, () => `sum ${sumE8}e-8, tolerance ${toleranceE8}e-8`);
          seen[accepted ? 'accepted' : 'refused'] += 1;
        },
      ),
      { numRuns: 2000 },
    );
    // Both sides of the rule were exercised.
    expect(seen.accepted).toBeGreaterThan(100);
    expect(seen.refused).toBeGreaterThan(100);
  });
});
