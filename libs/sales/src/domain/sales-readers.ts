import type Decimal from 'decimal.js';
import { inputReaders } from '@rre/process-runs';
import { SalesError } from './sales-error';

/** Request values read with sales' own refusals (field, value, rule). */
export const readers = inputReaders((refusal) => new SalesError(refusal));

/** A mass in kg: a decimal string above zero, on the 1 mg resolution (a finer figure is refused, never rounded). */
export function massKgOf(value: unknown, field: string): Decimal {
  const kg = readers.boundedDecimal(value, field, { above: '0', unit: 'kg' });
  if (kg.decimalPlaces() > 6) {
    throw new SalesError({
      code: 'INVALID_DECIMAL',
      field,
      value: JSON.stringify(value),
      rule: 'must be a whole number of milligrams (at most 6 decimal places in kg)',
    });
  }
  return kg;
}

/** A price per kg: a decimal string of at least zero with at most 4 decimal places. */
export function priceOf(value: unknown, field: string): Decimal {
  const price = readers.boundedDecimal(value, field, { atLeast: '0' });
  if (price.decimalPlaces() > 4) {
    throw new SalesError({
      code: 'INVALID_DECIMAL',
      field,
      value: JSON.stringify(value),
      rule: 'must have at most 4 decimal places',
    });
  }
  return price;
}

/** A plain fraction in (0, 1]. */
export function fractionOf(value: unknown, field: string, allowZero = false): Decimal {
  return readers.boundedDecimal(
    value,
    field,
    allowZero ? { atLeast: '0', atMost: '1' } : { above: '0', atMost: '1' },
  );
}

export function codeOf(value: unknown, field: string, pattern: RegExp, rule: string): string {
  const text = readers.textOf(value, field, 80);
  if (!pattern.test(text))
    throw new SalesError({ code: 'INVALID_INPUT', field, value: JSON.stringify(text), rule });
  return text;
}

export const currencyOf = (value: unknown, field: string) =>
  codeOf(value, field, /^[A-Z]{3}$/, 'must be an ISO 4217 currency code, e.g. JPY');
export const countryOf = (value: unknown, field: string) =>
  codeOf(value, field, /^[A-Z]{2}$/, 'must be an ISO 3166-1 alpha-2 country code, e.g. JP');

/** A calendar date YYYY-MM-DD. */
export function dateOf(value: unknown, field: string): string {
  const text = codeOf(value, field, /^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD');
  const parsed = new Date(`${text}T00:00:00Z`);
  if (Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== text) {
    throw new SalesError({
      code: 'INVALID_INPUT',
      field,
      value: JSON.stringify(text),
      rule: 'must be a real calendar date',
    });
  }
  return text;
}
