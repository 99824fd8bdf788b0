import Decimal from 'decimal.js';
import { parseDecimal, toPlainString } from '@rre/quantities';
import type { DistributionRatio } from './distribution-ratios';
import { SeparationError } from './separation-error';

/** The separation factor and its uncertainty are rounded once, at the end, to this many places (half-even). */
export const SEPARATION_FACTOR_PLACES = 6;

/** beta = D_Dy / D_Tb: how much more strongly Dy is extracted than Tb. */
export interface SeparationFactor {
  readonly beta: string;
  /** Absolute standard uncertainty of beta; undefined when neither ratio states one. */
  readonly uncertainty?: string;
  /** uncertainty / beta: the relative uncertainties of D_Dy and D_Tb added in quadrature. */
  readonly relativeUncertainty?: string;
}

const rounded = (value: Decimal) =>
  toPlainString(value.toDecimalPlaces(SEPARATION_FACTOR_PLACES, Decimal.ROUND_HALF_EVEN));

/**
 * beta = D_Dy / D_Tb, with u(beta) / beta = sqrt((u(D_Dy) / D_Dy)^2 + (u(D_Tb) / D_Tb)^2) (a ratio
 * of independent measurements); an unstated uncertainty counts as 0 unless both are unstated.
 * Undefined while D_Dy or D_Tb is missing. A beta of 1 or less is refused: organophosphorus
 * extractants extract Dy more strongly than Tb, so such a pair is a mislabelled or wrong measurement.
 */
export function separationFactorOf(
  ratios: readonly DistributionRatio[],
  field = 'ratios',
): SeparationFactor | undefined {
  const dy = ratios.find((r) => r.element === 'Dy');
  const tb = ratios.find((r) => r.element === 'Tb');
  if (dy === undefined || tb === undefined) return undefined;
  const dDy = parseDecimal(dy.ratio);
  const dTb = parseDecimal(tb.ratio);
  const beta = dDy.div(dTb);
  if (beta.lte(1)) {
    throw new SeparationError({
      code: 'SEPARATION_FACTOR_NOT_ABOVE_ONE',
      field,
      value: `D_Dy ${dy.ratio} / D_Tb ${tb.ratio} = ${rounded(beta)}`,
      rule: 'beta = D_Dy / D_Tb must be above 1 (Dy is extracted more strongly than Tb); check the elements and the ratios',
    });
  }
  if (dy.uncertainty === undefined && tb.uncertainty === undefined) return { beta: rounded(beta) };
  const relative = parseDecimal(dy.uncertainty ?? '0')
    .div(dDy)
    .pow(2)
    .plus(
      parseDecimal(tb.uncertainty ?? '0')
        .div(dTb)
        .pow(2),
    )
    .sqrt();
  return {
    beta: rounded(beta),
    uncertainty: rounded(beta.times(relative)),
    relativeUncertainty: rounded(relative),
  };
}
