import fc from 'fast-check';
import { atomicWeight } from './atomic-weights';
import {
  type Basis,
  convertGrade,
  convertMass,
  dryToWet,
  elementToOxide,
  oxideToElement,
  wetToDry,
} from './basis';
import type { ElementSymbol } from './elements';
import type { MassFraction } from './mass-fraction';
import { QuantityError } from './quantity-error';
import { CONVENTIONAL_OXIDES, parseFormula } from './stoichiometry';
import { check, checkSame, fractionArb, massArb, moistureArb } from './test-support/quantity.arbitraries';

const RUNS = { numRuns: 2000 };
const elementArb = fc.constantFrom(...(Object.keys(CONVENTIONAL_OXIDES) as ElementSymbol[]));
const basisArb: fc.Arbitrary<Basis> = fc.record({
  moisture: fc.constantFrom('wet', 'dry'),
  form: fc.constantFrom('element', 'oxide'),
});

// "Exactly" below means the same decimal digits and unit (toString equality), not closeness.
describe('basis conversions never drift (property)', () => {
  it('wet -> dry -> wet gives back the wet mass exactly', () => {
    fc.assert(
      fc.property(massArb, moistureArb, (wet, moisture) => {
        checkSame(dryToWet(wetToDry(wet, moisture), moisture), wet, 'wet -> dry -> wet');
      }),
      RUNS,
    );
  });

  it('dry -> wet -> dry gives back the dry mass exactly', () => {
    fc.assert(
      fc.property(massArb, moistureArb, (dry, moisture) => {
        checkSame(wetToDry(dryToWet(dry, moisture), moisture), dry, 'dry -> wet -> dry');
      }),
      RUNS,
    );
  });

  it('element -> oxide -> element gives back the element mass exactly', () => {
    fc.assert(
      fc.property(massArb, elementArb, (element, symbol) => {
        checkSame(
          oxideToElement(elementToOxide(element, symbol), symbol),
          element,
          'element -> oxide -> element',
        );
      }),
      RUNS,
    );
  });

  it('oxide -> element -> oxide gives back the oxide mass exactly', () => {
    fc.assert(
      fc.property(massArb, elementArb, (oxide, symbol) => {
        checkSame(elementToOxide(oxideToElement(oxide, symbol), symbol), oxide, 'oxide -> element -> oxide');
      }),
      RUNS,
    );
  });

  it('any basis -> any other basis -> back gives back the mass exactly', () => {
    fc.assert(
      fc.property(
        massArb,
        basisArb,
        basisArb,
        moistureArb,
        elementArb,
        (mass, from, to, moisture, element) => {
          const context = { moisture, element };
          checkSame(convertMass(convertMass(mass, from, to, context), to, from, context), mass, 'round trip');
        },
      ),
      RUNS,
    );
  });

  it('grade round trips are exact whenever the converted grade is a valid fraction', () => {
    let roundTrips = 0;
    fc.assert(
      fc.property(
        fractionArb,
        basisArb,
        basisArb,
        moistureArb,
        elementArb,
        (grade, from, to, moisture, element) => {
          const context = { moisture, element };
          let converted: MassFraction;
          try {
            converted = convertGrade(grade, from, to, context);
          } catch (error: unknown) {
            // A grade can be impossible on another basis (above 100 %); refusing it is the rule, not drift.
            check(error instanceof QuantityError && error.code === 'FRACTION_OUT_OF_RANGE', () =>
              String(error),
            );
            return;
          }
          checkSame(convertGrade(converted, to, from, context), grade, 'grade round trip');
          roundTrips += 1;
        },
      ),
      RUNS,
    );
    // Most conversions are possible, so most cases did check a round trip.
    expect(roundTrips).toBeGreaterThan(1000);
  });

  it('an element mass from an oxide mass satisfies element x M(oxide) = oxide x n x M(element)', () => {
    fc.assert(
      fc.property(massArb, elementArb, (oxide, symbol) => {
        // Cross-multiplied from the atomic weights, independently of how the library divides;
        // the quotient is carried to 80 digits, so the two sides agree to about 1e-78 relative.
        const formula = parseFormula(CONVENTIONAL_OXIDES[symbol] as string);
        const count = String(formula.find((t) => t.element === symbol)?.count);
        const oxideMolarMass = formula.reduce(
          (sum, t) => sum.plus(atomicWeight(t.element).times(String(t.count))),
          atomicWeight(symbol).times('0'),
        );
        const lhs = oxideToElement(oxide, symbol).value.times(oxideMolarMass);
        const rhs = oxide.value.times(atomicWeight(symbol).times(count));
        check(
          lhs.minus(rhs).abs().lessThanOrEqualTo(rhs.abs().times('1e-75')),
          () => `${lhs.toFixed()} vs ${rhs.toFixed()}`,
        );
      }),
      { numRuns: 1000 },
    );
  });
});
