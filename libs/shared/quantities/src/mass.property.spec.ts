import fc from 'fast-check';
import { Mass } from './mass';
import { MassFraction } from './mass-fraction';
import { Volume } from './volume';
import {
  checkSame,
  decimalTextArb,
  fractionArb,
  massArb,
  massUnitArb,
} from './test-support/quantity.arbitraries';

const RUNS = { numRuns: 2000 };

describe('masses and units never drift (property)', () => {
  it('mass unit conversions round-trip exactly', () => {
    fc.assert(
      fc.property(massArb, massUnitArb, massUnitArb, (mass, a, b) => {
        checkSame(mass.to(a).to(b).to(mass.unit), mass, 'unit round trip');
        checkSame(mass.to(a).compareTo(mass), 0, 'same quantity');
      }),
      RUNS,
    );
  });

  it('volume and content unit conversions round-trip exactly', () => {
    const volumeUnitArb = fc.constantFrom('LTR' as const, 'MLT' as const, 'MTQ' as const);
    fc.assert(
      fc.property(decimalTextArb(15, 9), volumeUnitArb, volumeUnitArb, (text, unit, other) => {
        const volume = Volume.of(text, unit);
        checkSame(volume.to(other).to(unit), volume, 'volume round trip');
      }),
      RUNS,
    );
    const fractionUnitArb = fc.constantFrom('C62' as const, 'P1' as const, '59' as const, '61' as const);
    fc.assert(
      fc.property(fractionArb, fractionUnitArb, (fraction: MassFraction, unit) => {
        checkSame(fraction.to(unit).to(fraction.unit), fraction, 'fraction round trip');
      }),
      RUNS,
    );
  });

  it('addition is exact: associative, commutative, and undone by subtraction', () => {
    fc.assert(
      fc.property(massArb, massArb, massArb, (a, b, c) => {
        checkSame(a.plus(b).plus(c), a.plus(b.plus(c)), '(a + b) + c');
        checkSame(a.plus(b).compareTo(b.plus(a)), 0, 'a + b = b + a');
        checkSame(a.plus(b).minus(b).toMass(), a, '(a + b) - b');
      }),
      RUNS,
    );
  });

  it('sums do not depend on the unit they are taken in', () => {
    fc.assert(
      fc.property(fc.array(massArb, { maxLength: 10 }), massUnitArb, (masses, unit) => {
        checkSame(Mass.sum(masses, unit).to('KGM'), Mass.sum(masses, 'KGM'), 'sum in another unit');
      }),
      RUNS,
    );
  });

  it('JSON round-trips exactly', () => {
    fc.assert(
      fc.property(massArb, (mass) => {
        checkSame(Mass.fromJSON(JSON.parse(JSON.stringify(mass))), mass, 'JSON round trip');
      }),
      RUNS,
    );
  });
});
