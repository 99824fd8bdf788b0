import type Decimal from 'decimal.js';
import { parseDecimal, toPlainString } from '@rre/quantities';

/** Why a service refuses a value of a request: its code, the field, the value as shown and the rule. */
export interface InputRefusal {
  readonly code: 'INVALID_DECIMAL' | 'OUT_OF_RANGE' | 'INVALID_INPUT';
  readonly field: string;
  readonly value: string;
  readonly rule: string;
}

/** Bounds of a decimal: each inclusive unless its name says otherwise (`above`, `below`). */
export interface DecimalBounds {
  readonly above?: string;
  readonly atLeast?: string;
  readonly below?: string;
  readonly atMost?: string;
  readonly unit?: string;
}

/** Reads the values of a process service's requests, refusing each with the service's own error. */
export interface InputReaders {
  /** A decimal string, refused with its field's name when it is not one. */
  decimalOf(value: unknown, field: string): Decimal;
  /** A decimal within the bounds given. */
  boundedDecimal(value: unknown, field: string, bounds: DecimalBounds): Decimal;
  /** A whole number within [min, max]. */
  wholeNumber(value: unknown, field: string, min: number, max: number): number;
  /** A non-blank text of at most `maxLength` characters, trimmed. */
  textOf(value: unknown, field: string, maxLength?: number): string;
  /** One of the allowed names. */
  oneOf<T extends string>(value: unknown, allowed: readonly T[], field: string): T;
  /** The input as an object, for parameters that arrive as JSON. */
  objectOf(value: unknown, field: string, what: string): Record<string, unknown>;
}

function shown(value: unknown): string {
  const text = typeof value === 'string' ? JSON.stringify(value) : String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** The readers of a service whose refusals `refuse` turns into its error. */
export function inputReaders(refuse: (refusal: InputRefusal) => Error): InputReaders {
  const decimalOf = (value: unknown, field: string): Decimal => {
    try {
      if (typeof value !== 'string') throw new Error('not a string');
      return parseDecimal(value, field);
    } catch {
      throw refuse({
        code: 'INVALID_DECIMAL',
        field,
        value: shown(value),
        rule: 'must be a decimal string such as "12.5"',
      });
    }
  };
  return {
    decimalOf,
    boundedDecimal(value, field, bounds) {
      const parsed = decimalOf(value, field);
      const unit = bounds.unit ? ` ${bounds.unit}` : '';
      const rules: string[] = [];
      let broken = false;
      if (bounds.above !== undefined) {
        rules.push(`above ${bounds.above}${unit}`);
        broken ||= parsed.lte(bounds.above);
      }
      if (bounds.atLeast !== undefined) {
        rules.push(`at least ${bounds.atLeast}${unit}`);
        broken ||= parsed.lt(bounds.atLeast);
      }
      if (bounds.below !== undefined) {
        rules.push(`below ${bounds.below}${unit}`);
        broken ||= parsed.gte(bounds.below);
      }
      if (bounds.atMost !== undefined) {
        rules.push(`at most ${bounds.atMost}${unit}`);
        broken ||= parsed.gt(bounds.atMost);
      }
      if (broken) {
        throw refuse({
          code: 'OUT_OF_RANGE',
          field,
          value: toPlainString(parsed),
          rule: `must be ${rules.join(' and ')}`,
        });
      }
      return parsed;
    },
    wholeNumber(value, field, min, max) {
      if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
        throw refuse({
          code: 'OUT_OF_RANGE',
          field,
          value: String(value),
          rule: `must be a whole number from ${min} to ${max}`,
        });
      }
      return value;
    },
    textOf(value, field, maxLength = 200) {
      const trimmed = typeof value === 'string' ? value.trim() : '';
      if (trimmed === '' || trimmed.length > maxLength) {
        throw refuse({
          code: 'INVALID_INPUT',
          field,
          value: shown(value ?? null),
          rule: `must be 1 to ${maxLength} characters, not blank`,
        });
      }
      return trimmed;
    },
    oneOf<T extends string>(value: unknown, allowed: readonly T[], field: string): T {
      if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
        throw refuse({
          code: 'INVALID_INPUT',
          field,
          value: shown(value ?? null),
          rule: `must be one of ${allowed.join(', ')}`,
        });
      }
      return value as T;
    },
    objectOf(value, field, what) {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        throw refuse({
          code: 'INVALID_INPUT',
          field,
          value: shown(JSON.stringify(value) ?? 'none'),
          rule: `must be the ${what} as an object`,
        });
      }
      return value as Record<string, unknown>;
    },
  };
}
