import { isElementSymbol, toPlainString } from '@rre/quantities';
import { SeparationError } from './separation-error';
import { boundedDecimal } from './separation-input';

/** A measured distribution ratio D = c(organic) / c(aqueous) of one element, with its standard uncertainty. */
export interface DistributionRatio {
  readonly element: string;
  readonly ratio: string;
  /** Absolute standard uncertainty of the ratio; undefined when not stated. */
  readonly uncertainty?: string;
}

export interface DistributionRatioInput {
  readonly element?: string | null;
  readonly ratio: string;
  readonly uncertainty?: string | null;
}

/**
 * Checks measured distribution ratios: each names its element (as in the periodic table, once),
 * a ratio above 0 and an uncertainty of at least 0.
 */
export function distributionRatios(
  inputs: readonly DistributionRatioInput[],
  field = 'ratios',
): DistributionRatio[] {
  if (!Array.isArray(inputs) || inputs.length === 0) {
    throw new SeparationError({
      code: 'INVALID_INPUT',
      field,
      value: '[]',
      rule: 'must hold at least one distribution ratio',
    });
  }
  const seen = new Set<string>();
  return inputs.map((input, i) => {
    const at = `${field}[${i}]`;
    const element = input.element;
    if (element === undefined || element === null || element.trim() === '') {
      throw new SeparationError({
        code: 'ELEMENT_REQUIRED',
        field: `${at}.element`,
        value: element === undefined || element === null ? 'none' : JSON.stringify(element),
        rule: `a distribution ratio (here ${String(input.ratio)}) must name its element, e.g. "Dy"`,
      });
    }
    if (!isElementSymbol(element)) {
      throw new SeparationError({
        code: 'INVALID_INPUT',
        field: `${at}.element`,
        value: JSON.stringify(element),
        rule: 'must be an element symbol written as in the periodic table, e.g. "Dy"',
      });
    }
    if (seen.has(element)) {
      throw new SeparationError({
        code: 'DUPLICATE_ELEMENT',
        field: `${at}.element`,
        value: element,
        rule: 'must appear once per recording',
      });
    }
    seen.add(element);
    const ratio = boundedDecimal(input.ratio, `${at}.ratio`, { above: '0' });
    const uncertainty =
      input.uncertainty === undefined || input.uncertainty === null
        ? undefined
        : toPlainString(boundedDecimal(input.uncertainty, `${at}.uncertainty`, { atLeast: '0' }));
    return uncertainty === undefined
      ? { element, ratio: toPlainString(ratio) }
      : { element, ratio: toPlainString(ratio), uncertainty };
  });
}
