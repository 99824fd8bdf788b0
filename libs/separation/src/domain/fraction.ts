import Decimal from 'decimal.js';
import type { OutputRole, StoredComposition } from '@rre/process-runs';
import { parseDecimal, RARE_EARTH_ELEMENTS, toPlainString } from '@rre/quantities';
import { SeparationError } from './separation-error';
import { boundedDecimal } from './separation-input';

export const FRACTION_KINDS = ['TB_RICH', 'DY_RICH', 'LIGHT_RARE_EARTHS', 'RAFFINATE'] as const;
/** The four streams a Dy/Tb solvent-extraction run produces. */
export type FractionKind = (typeof FRACTION_KINDS)[number];

/** How the run library books each fraction, and which elements its purity is of. */
export const FRACTION_KIND_RULES: Readonly<
  Record<FractionKind, { readonly role: OutputRole; readonly targets: readonly string[] }>
> = {
  TB_RICH: { role: 'PRODUCT', targets: ['Tb'] },
  DY_RICH: { role: 'PRODUCT', targets: ['Dy'] },
  LIGHT_RARE_EARTHS: { role: 'BY_PRODUCT', targets: ['Nd', 'Pr'] },
  RAFFINATE: { role: 'RESIDUE', targets: [] },
};

/** Purities are percentages of the target elements in the fraction's total rare earths (TREE basis). */
export interface FractionPurity {
  readonly purityPercent?: string;
  readonly purityUncertaintyPercent?: string;
}

/**
 * Checks a fraction's stated purity: required for the Tb-rich, Dy-rich and Nd/Pr fractions, optional
 * for the raffinate (which has no target element); above 0 % and at most 100 %.
 */
export function fractionPurity(
  kind: FractionKind,
  purityPercent: string | undefined,
  purityUncertaintyPercent: string | undefined,
  field = 'purityPercent',
): FractionPurity {
  if (purityPercent === undefined) {
    if (kind === 'RAFFINATE') return {};
    throw new SeparationError({
      code: 'INVALID_INPUT',
      field,
      value: 'none',
      rule: `a ${kind} fraction must state its purity (% of ${FRACTION_KIND_RULES[kind].targets.join(' + ')} in its total rare earths)`,
    });
  }
  const purity = boundedDecimal(purityPercent, field, { above: '0', atMost: '100', unit: '%' });
  if (purityUncertaintyPercent === undefined) return { purityPercent: toPlainString(purity) };
  const uncertainty = boundedDecimal(purityUncertaintyPercent, 'purityUncertaintyPercent', {
    atLeast: '0',
    atMost: '100',
    unit: '%',
  });
  return { purityPercent: toPlainString(purity), purityUncertaintyPercent: toPlainString(uncertainty) };
}

/**
 * The purity the assay itself implies: target elements / every rare earth the assay states x 100,
 * rounded once to 6 places; undefined without targets or without rare earths in the assay.
 */
export function assayPurityPercent(kind: FractionKind, composition: StoredComposition): string | undefined {
  const targets = FRACTION_KIND_RULES[kind].targets;
  if (targets.length === 0) return undefined;
  const fractionOf = (element: string) => parseDecimal(composition[element]?.fraction ?? '0');
  const rareEarths = RARE_EARTH_ELEMENTS.reduce((sum, e) => sum.plus(fractionOf(e)), parseDecimal('0'));
  if (rareEarths.isZero()) return undefined;
  const target = targets.reduce((sum, e) => sum.plus(fractionOf(e)), parseDecimal('0'));
  return toPlainString(target.div(rareEarths).times(100).toDecimalPlaces(6, Decimal.ROUND_HALF_EVEN));
}
