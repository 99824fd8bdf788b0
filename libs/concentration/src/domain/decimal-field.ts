import type Decimal from 'decimal.js';
import { parseDecimal, toPlainString } from '@rre/quantities';
import { ConcentrationError } from './concentration-error';

/** A decimal string read from input; refused with the field's name when it is not one. */
export function decimalField(value: string, field: string): Decimal {
  if (typeof value !== 'string') {
    throw new ConcentrationError({
      code: 'INVALID_DECIMAL',
      field,
      value: String(value),
      rule: 'must be a decimal string such as "12.5"',
    });
  }
  try {
    return parseDecimal(value, field);
  } catch {
    throw new ConcentrationError({
      code: 'INVALID_DECIMAL',
      field,
      value: JSON.stringify(value),
      rule: 'must be a decimal string such as "12.5"',
    });
  }
}

/** A decimal within [min, max] (either bound open when `exclusive` says so). */
export function decimalInRange(
  value: string,
  field: string,
  range: { min?: string; max?: string; minExclusive?: boolean; unit?: string },
): Decimal {
  const parsed = decimalField(value, field);
  const below =
    range.min !== undefined && (range.minExclusive ? parsed.lte(range.min) : parsed.lt(range.min));
  const above = range.max !== undefined && parsed.gt(range.max);
  if (below || above) {
    const unit = range.unit ? ` ${range.unit}` : '';
    const lower =
      range.min === undefined ? '' : `${range.minExclusive ? 'above' : 'at least'} ${range.min}${unit}`;
    const upper = range.max === undefined ? '' : `at most ${range.max}${unit}`;
    throw new ConcentrationError({
      code: 'OUT_OF_RANGE',
      field,
      value: toPlainString(parsed),
      rule: `must be ${[lower, upper].filter((part) => part !== '').join(' and ')}`,
    });
  }
  return parsed;
}

/** A non-empty text of at most `maxLength` characters, trimmed. */
export function requiredText(value: string, field: string, maxLength = 200): string {
  if (typeof value !== 'string') {
    throw new ConcentrationError({
      code: 'INVALID_INPUT',
      field,
      value: String(value),
      rule: 'must be a text',
    });
  }
  const trimmed = value.trim();
  if (trimmed === '' || trimmed.length > maxLength) {
    throw new ConcentrationError({
      code: 'INVALID_INPUT',
      field,
      value: JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value),
      rule: `must be 1 to ${maxLength} characters`,
    });
  }
  return trimmed;
}
