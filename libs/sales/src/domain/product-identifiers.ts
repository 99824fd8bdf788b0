import { SalesError } from './sales-error';
import { readers } from './sales-readers';

/**
 * A GTIN-14 (as the passports' GS1 Digital Link carries it: /01/<14 digits>) whose last digit is the
 * GS1 check digit: weights 3 and 1 alternating from the right of the first 13 digits.
 */
export function gtinOf(value: unknown, field: string): string {
  const text = readers.textOf(value, field, 14);
  if (!/^\d{14}$/.test(text) || gs1CheckDigit(text.slice(0, 13)) !== Number(text[13])) {
    throw new SalesError({
      code: 'INVALID_INPUT',
      field,
      value: JSON.stringify(text),
      rule: 'must be a GTIN-14: 14 digits whose last is the GS1 check digit, e.g. 00012345678905',
    });
  }
  return text;
}

export function gs1CheckDigit(digits: string): number {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    sum += Number(digits[digits.length - 1 - i]) * (i % 2 === 0 ? 3 : 1);
  }
  return (10 - (sum % 10)) % 10;
}

/** A Combined Nomenclature code as the customs sections print it: "2805 30" (or 8 digits "2805 30 10"). */
export function cnCodeOf(value: unknown, field: string): string {
  const text = readers.textOf(value, field, 10);
  if (!/^\d{4} \d{2}( \d{2})?$/.test(text)) {
    throw new SalesError({
      code: 'INVALID_INPUT',
      field,
      value: JSON.stringify(text),
      rule: 'must be a CN code: 4 digits, a space, 2 digits (and optionally a space and 2 more), e.g. 2805 30',
    });
  }
  return text;
}
