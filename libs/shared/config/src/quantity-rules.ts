import type Decimal from 'decimal.js';
import { ELEMENT_SYMBOLS, parseDecimal } from '@rre/quantities';

function refused(rule: string): Error {
  return Object.assign(new Error(rule), { rule });
}

/**
 * A parse function for `parsed`: a decimal text that `check` accepts, kept as written; anything
 * else is refused with `rule` (e.g. 'must be a decimal greater than zero, e.g. 2').
 */
export function decimalRule(rule: string, check: (value: Decimal) => boolean): (raw: string) => string {
  return (raw) => {
    let ok = false;
    try {
      ok = check(parseDecimal(raw));
    } catch {
      ok = false;
    }
    if (!ok) throw refused(rule);
    return raw;
  };
}

/**
 * A parse function for `parsed`: element symbols separated by commas (blank parts left out), at
 * least one, each written as in the periodic table and including each of `including`.
 */
export function elementList(options: {
  /** Shown in the rule, e.g. 'Dy,Tb,Fe'. */
  example: string;
  including?: readonly string[];
}): (raw: string) => string[] {
  const including = options.including ?? [];
  const rule = `must be element symbols separated by commas, written as in the periodic table${
    including.length === 0 ? '' : `, including ${including.join(' and ')}`
  } (e.g. ${options.example})`;
  return (raw) => {
    const elements = raw
      .split(',')
      .map((part) => part.trim())
      .filter((part) => part !== '');
    if (
      elements.length === 0 ||
      elements.some((e) => !(ELEMENT_SYMBOLS as readonly string[]).includes(e)) ||
      including.some((e) => !elements.includes(e))
    ) {
      throw refused(rule);
    }
    return elements;
  };
}
