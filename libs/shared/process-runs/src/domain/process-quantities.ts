import {
  ElementComposition,
  type ElementContentInput,
  type ElementContentJson,
  isOnResolution,
  Mass,
  parseMassFractionUnit,
  parseMassUnit,
  QuantityError,
  toPlainString,
} from '@rre/quantities';
import type Decimal from 'decimal.js';
import { ProcessRunError, type ProcessRunErrorCode } from './process-run-error';

/** A mass as a client sends it: a decimal string and a UN/CEFACT Rec 20 mass unit code. */
export interface MassInput {
  readonly value: string;
  readonly unit: string;
}

/** One element's content as a client sends it, in the composition's unit. */
export interface ElementContentInputValue {
  readonly element: string;
  readonly value: string;
  /** Absolute standard uncertainty in the same unit. */
  readonly uncertainty?: string;
}

export interface CompositionInput {
  readonly contents: readonly ElementContentInputValue[];
  /** C62 (fraction, default), P1 (wt %), 59 (ppm), 61 (ppb). */
  readonly unit?: string;
}

/** A composition as stored and published: plain fractions (C62) by element. */
export type StoredComposition = Record<string, ElementContentJson>;

const QUANTITY_CODES: Partial<Record<string, ProcessRunErrorCode>> = {
  INVALID_DECIMAL: 'INVALID_DECIMAL',
  JS_NUMBER_REFUSED: 'INVALID_DECIMAL',
  UNKNOWN_UNIT: 'UNKNOWN_UNIT',
  NEGATIVE_QUANTITY: 'INVALID_MASS',
  NOT_ON_RESOLUTION: 'INVALID_MASS',
  FRACTION_OUT_OF_RANGE: 'FRACTION_OUT_OF_RANGE',
  FRACTION_SUM_EXCEEDED: 'FRACTIONS_ABOVE_100',
  UNKNOWN_ELEMENT: 'UNKNOWN_ELEMENT',
  DUPLICATE_ELEMENT: 'DUPLICATE_ELEMENT',
};

/** Re-reports a QuantityError as the library's error (same field, value and rule). */
export function fromQuantityError(error: unknown): unknown {
  if (!(error instanceof QuantityError)) return error;
  return new ProcessRunError({
    code: QUANTITY_CODES[error.code] ?? 'INVALID_INPUT',
    field: error.field,
    value: error.value,
    rule: error.rule,
    detail: error.detail,
  });
}

function guarded<T>(work: () => T): T {
  try {
    return work();
  } catch (error: unknown) {
    throw fromQuantityError(error);
  }
}

/** A mass in kilograms, exact, on the 1 mg resolution (a finer figure is refused, never rounded). */
export function parseMassKg(input: MassInput, field: string, options: { positive?: boolean } = {}): Decimal {
  const mass = guarded(() => Mass.of(input.value, parseMassUnit(input.unit, `${field}.unit`), field));
  if (!isOnResolution(mass)) {
    throw new ProcessRunError({
      code: 'INVALID_MASS',
      field,
      value: `${input.value} ${input.unit}`,
      rule: 'must be a whole number of milligrams (the recording resolution is 1 mg)',
    });
  }
  if (options.positive && mass.isZero()) {
    throw new ProcessRunError({
      code: 'INVALID_MASS',
      field,
      value: `${input.value} ${input.unit}`,
      rule: 'must be above zero',
    });
  }
  return mass.valueIn('KGM');
}

/**
 * A composition checked by the rules of @rre/quantities: known element symbols, each once, each
 * fraction in [0, 1], the sum at most 100 % (no tolerance), stored as plain fractions.
 */
export function parseComposition(input: CompositionInput, field: string): StoredComposition {
  return guarded(() => {
    const unit = parseMassFractionUnit(input.unit ?? 'C62', `${field}.unit`);
    const composition = ElementComposition.of(
      input.contents.map((c): [string, ElementContentInput] => [
        c.element,
        c.uncertainty === undefined ? { value: c.value } : { value: c.value, uncertainty: c.uncertainty },
      ]),
      { unit, sumTolerance: '0', field },
    );
    return composition.toJSON();
  });
}

/** Reads a stored composition back (it was validated when stored). */
export function compositionOf(stored: StoredComposition): ElementComposition {
  return ElementComposition.of(
    Object.entries(stored).map(([element, c]): [string, ElementContentInput] => [
      element,
      c.uncertainty === undefined ? { value: c.fraction } : { value: c.fraction, uncertainty: c.uncertainty },
    ]),
    { sumTolerance: '0' },
  );
}

export function kgText(value: Decimal): string {
  return `${toPlainString(value)} KGM`;
}
