import type Decimal from 'decimal.js';
import type { AtomicWeights } from './atomic-weights';
import type { ElementSymbol } from './elements';
import { ONE, quotient } from './exact-decimal';
import { Mass } from './mass';
import { MassFraction } from './mass-fraction';
import { QuantityError } from './quantity-error';
import { stoichiometricRatio } from './stoichiometry';

/** Whether a figure refers to the material as received (wet) or after drying (dry). */
export type MoistureBasis = 'wet' | 'dry';
/** Whether a figure counts the element itself or its oxide (e.g. Tb vs Tb4O7). */
export type ChemicalForm = 'element' | 'oxide';

/** The basis of a mass or grade figure. */
export interface Basis {
  readonly moisture: MoistureBasis;
  readonly form: ChemicalForm;
}

/** What a basis conversion needs to know; only the parts the conversion uses are required. */
export interface BasisContext {
  /** Moisture as a fraction of the wet mass: dry = wet x (1 - moisture). */
  readonly moisture?: MassFraction;
  /** The element whose figure is converted between element and oxide form. */
  readonly element?: ElementSymbol;
  /** The oxide formula; default: the element's conventional oxide (Tb4O7, Dy2O3, Nd2O3, Pr6O11, ...). */
  readonly oxide?: string;
  readonly atomicWeights?: AtomicWeights;
}

/** `x -> x * numerator / denominator`, both exact. */
interface Conversion {
  readonly numerator: Decimal;
  readonly denominator: Decimal;
}

const IDENTITY: Conversion = { numerator: ONE, denominator: ONE };

function compose(a: Conversion, b: Conversion): Conversion {
  return { numerator: a.numerator.times(b.numerator), denominator: a.denominator.times(b.denominator) };
}

function invert(c: Conversion): Conversion {
  return { numerator: c.denominator, denominator: c.numerator };
}

/**
 * Every basis conversion is one exact product followed by one quotient carried to 80 significant
 * digits. That is why round trips (wet -> dry -> wet, element -> oxide -> element, and the
 * reverse ones) give back the original figure exactly: the return trip's product lands within
 * 1e-78 of an exact value and is rounded onto it, and its quotient is then exact.
 */
function apply(value: Decimal, c: Conversion, context: BasisContext): Decimal {
  if (c.denominator.isZero()) {
    // Molar masses are never zero, so a zero denominator is a dry share of zero.
    throw new QuantityError({
      code: 'DIVISION_BY_ZERO',
      field: 'moisture',
      value: context.moisture?.toPercentText() ?? 'undefined',
      rule: 'must be below 100 % for this conversion, which divides by (1 - moisture)',
    });
  }
  return quotient(value.times(c.numerator), c.denominator);
}

function dryShare(context: BasisContext): Decimal {
  if (context.moisture === undefined) {
    throw new QuantityError({
      code: 'MISSING_BASIS_CONTEXT',
      field: 'moisture',
      value: 'undefined',
      rule: 'must be given to convert between wet and dry basis',
    });
  }
  return ONE.minus(context.moisture.fraction);
}

/** Mass: wet -> dry multiplies by (1 - moisture). */
function moistureConversion(from: MoistureBasis, to: MoistureBasis, context: BasisContext): Conversion {
  if (from === to) return IDENTITY;
  const toDry: Conversion = { numerator: dryShare(context), denominator: ONE };
  return to === 'dry' ? toDry : invert(toDry);
}

/** Mass: oxide -> element multiplies by (n x M(element)) / M(oxide). */
function formConversion(from: ChemicalForm, to: ChemicalForm, context: BasisContext): Conversion {
  if (from === to) return IDENTITY;
  if (context.element === undefined) {
    throw new QuantityError({
      code: 'MISSING_BASIS_CONTEXT',
      field: 'element',
      value: 'undefined',
      rule: 'must be given to convert between element and oxide form',
    });
  }
  const ratio = stoichiometricRatio(context.element, context.oxide, context.atomicWeights);
  const toElement: Conversion = { numerator: ratio.elementMolarMass, denominator: ratio.formulaMolarMass };
  return to === 'element' ? toElement : invert(toElement);
}

function massConversion(from: Basis, to: Basis, context: BasisContext): Conversion {
  return compose(
    moistureConversion(from.moisture, to.moisture, context),
    formConversion(from.form, to.form, context),
  );
}

/**
 * Converts a mass between bases, e.g. wet element mass to dry oxide mass:
 * dry = wet x (1 - moisture); element = oxide x factor (Tb in Tb4O7: 0.8502).
 */
export function convertMass(mass: Mass, from: Basis, to: Basis, context: BasisContext): Mass {
  return Mass.of(apply(mass.value, massConversion(from, to, context), context), mass.unit);
}

/**
 * Converts a grade (element content as a mass fraction) between bases. A grade's denominator is the
 * whole material, so the moisture step goes the other way than for masses: the dry grade is the wet
 * grade / (1 - moisture). The element/oxide step is as for masses. A result above 100 % is refused.
 */
export function convertGrade(
  grade: MassFraction,
  from: Basis,
  to: Basis,
  context: BasisContext,
): MassFraction {
  const conversion = compose(
    invert(moistureConversion(from.moisture, to.moisture, context)),
    formConversion(from.form, to.form, context),
  );
  return MassFraction.of(apply(grade.fraction, conversion, context), 'C62', 'grade').to(grade.unit);
}

/** dry = wet x (1 - moisture). */
export function wetToDry(wetMass: Mass, moisture: MassFraction): Mass {
  return convertMass(
    wetMass,
    { moisture: 'wet', form: 'element' },
    { moisture: 'dry', form: 'element' },
    { moisture },
  );
}

/** wet = dry / (1 - moisture). */
export function dryToWet(dryMass: Mass, moisture: MassFraction): Mass {
  return convertMass(
    dryMass,
    { moisture: 'dry', form: 'element' },
    { moisture: 'wet', form: 'element' },
    { moisture },
  );
}

/** oxide = element / factor, e.g. 1 kg Tb is 1.1762 kg Tb4O7. */
export function elementToOxide(elementMass: Mass, element: ElementSymbol, oxide?: string): Mass {
  return convertMass(
    elementMass,
    { moisture: 'dry', form: 'element' },
    { moisture: 'dry', form: 'oxide' },
    { element, oxide },
  );
}

/** element = oxide x factor, e.g. 1 kg Tb4O7 holds 0.8502 kg Tb. */
export function oxideToElement(oxideMass: Mass, element: ElementSymbol, oxide?: string): Mass {
  return convertMass(
    oxideMass,
    { moisture: 'dry', form: 'oxide' },
    { moisture: 'dry', form: 'element' },
    { element, oxide },
  );
}
