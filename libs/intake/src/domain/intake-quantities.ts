import {
  type DecimalInput,
  ElementComposition,
  isOnResolution,
  Mass,
  MassFraction,
  parseMassFractionUnit,
  parseMassUnit,
  QuantityError,
  type QuantityErrorCode,
} from '@rre/quantities';
import { IntakeError, type IntakeErrorCode } from './intake-error';

/** A value and its UN/CEFACT Rec 20 unit code, as a request states it. */
export interface QuantityInput {
  readonly value: DecimalInput;
  readonly unit: string;
}

/** One element's content as a request states it. */
export interface ElementContentInput {
  readonly element: string;
  readonly value: DecimalInput;
  /** C62 (fraction), P1 (wt %), 59 (ppm) or 61 (ppb). */
  readonly unit: string;
  /** Absolute standard uncertainty in the same unit. */
  readonly uncertainty?: DecimalInput;
}

const QUANTITY_TO_INTAKE: Partial<Record<QuantityErrorCode, IntakeErrorCode>> = {
  INVALID_DECIMAL: 'INVALID_DECIMAL',
  JS_NUMBER_REFUSED: 'INVALID_DECIMAL',
  UNKNOWN_UNIT: 'UNKNOWN_UNIT',
  NEGATIVE_QUANTITY: 'INVALID_MASS',
  FRACTION_OUT_OF_RANGE: 'FRACTION_OUT_OF_RANGE',
  FRACTION_SUM_EXCEEDED: 'FRACTIONS_ABOVE_100',
  UNKNOWN_ELEMENT: 'UNKNOWN_ELEMENT',
  DUPLICATE_ELEMENT: 'DUPLICATE_ELEMENT',
};

/** A QuantityError restated as an IntakeError with intake's code; anything else is rethrown. */
export function asIntakeError(error: unknown): never {
  if (error instanceof QuantityError) {
    throw new IntakeError({
      code: QUANTITY_TO_INTAKE[error.code] ?? 'INVALID_INPUT',
      field: error.field,
      value: error.value,
      rule: error.rule,
      detail: error.detail,
    });
  }
  throw error;
}

function guarded<T>(work: () => T): T {
  try {
    return work();
  } catch (error: unknown) {
    return asIntakeError(error);
  }
}

/**
 * A measured mass that must be greater than zero (or at least zero with `allowZero`), in a Rec 20
 * mass unit, on the platform's 1 mg resolution (storage keeps milligrams exactly, never rounds).
 */
export function measuredMass(
  input: QuantityInput,
  field: string,
  options: { allowZero?: boolean } = {},
): Mass {
  const mass = guarded(() => Mass.of(input.value, parseMassUnit(input.unit, `${field}.unit`), field));
  if (mass.isZero() && !options.allowZero) {
    throw new IntakeError({
      code: 'INVALID_MASS',
      field,
      value: mass.toString(),
      rule: 'must be greater than zero',
    });
  }
  if (!isOnResolution(mass)) {
    throw new IntakeError({
      code: 'INVALID_MASS',
      field,
      value: mass.toString(),
      rule: 'must be a whole number of milligrams (the recording resolution is 1 mg)',
    });
  }
  return mass;
}

/** A mass fraction between 0 and 100 % in C62, P1, 59 (ppm) or 61 (ppb). */
export function massFraction(input: QuantityInput, field: string): MassFraction {
  return guarded(() =>
    MassFraction.of(input.value, parseMassFractionUnit(input.unit, `${field}.unit`), field),
  );
}

/**
 * A composition from element contents: known symbols, each once, each fraction in [0, 100 %], the
 * sum at most 100 % plus `sumTolerance` (a plain fraction; intake's default is 0).
 */
export function elementComposition(
  contents: readonly ElementContentInput[],
  field: string,
  sumTolerance: MassFraction,
): ElementComposition {
  return guarded(() =>
    ElementComposition.of(
      contents.map((content, index) => {
        const unit = parseMassFractionUnit(content.unit, `${field}[${index}].unit`);
        return [
          content.element,
          content.uncertainty === undefined
            ? { value: content.value, unit }
            : { value: content.value, unit, uncertainty: content.uncertainty },
        ] as const;
      }),
      { field, sumTolerance },
    ),
  );
}
