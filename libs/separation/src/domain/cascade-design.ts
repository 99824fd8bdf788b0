import Decimal from 'decimal.js';
import { parseDecimal, toPlainString } from '@rre/quantities';
import { SeparationError } from './separation-error';
import { boundedDecimal } from './separation-input';
import type { ContactorType, ExtractantKind } from './solvent-extraction-parameters';

/** Figures of a design are rounded once, at the end, to this many places (half-even). */
const DESIGN_PLACES = 6;
const ONE = parseDecimal('1');

export interface CascadeDesignInput {
  /** Dy and Tb in the feed (any common basis: only their ratio counts). */
  readonly feedDy: string;
  readonly feedTb: string;
  /** Dy in the Dy-rich product (the extract end), % of Dy + Tb. */
  readonly dyRichPurityPercent: string;
  /** Tb in the Tb-rich product (the raffinate end), % of Dy + Tb. */
  readonly tbRichPurityPercent: string;
  /** The separation factor designed for (the new extractant's). */
  readonly beta: string;
  /** The conventional extractant's beta for the side-by-side; default the configured baseline. */
  readonly conventionalBeta?: string;
  /** Total flow (organic + aqueous) the cascade must pass, L/h; no contactor volumes without it. */
  readonly throughputLPerH?: string;
}

export interface CascadeSettings {
  /** Recommended stages = ceil(factor x N_min); DOMAIN.md: 1.5-2.5 (est.). */
  readonly stageFactor: string;
  readonly conventionalBeta: string;
  /** Total flow per litre of contactor, 1/h, for each contactor type. */
  readonly throughputPerVolume: Readonly<Record<Exclude<ContactorType, 'OTHER'>, string>>;
}

export interface CascadeOption {
  readonly extractantKind: ExtractantKind;
  readonly contactorType: Exclude<ContactorType, 'OTHER'>;
  readonly beta: string;
  readonly minimumStages: string;
  readonly recommendedStages: number;
  readonly throughputPerVolume: string;
  /** recommendedStages x throughput / throughputPerVolume, L; undefined without a throughput. */
  readonly contactorVolumeL?: string;
}

export interface CascadeDesign {
  /** (x_Dy / x_Tb) in the Dy-rich product. */
  readonly extractRatio: string;
  /** (x_Dy / x_Tb) in the Tb-rich product. */
  readonly raffinateRatio: string;
  /** ln(extractRatio / raffinateRatio): the Fenske numerator. */
  readonly fenskeNumerator: string;
  /** N_min = fenskeNumerator / ln(beta): ideal stages at total reflux. */
  readonly minimumStages: string;
  readonly stageFactor: string;
  readonly recommendedStages: number;
  /** Share of the feed's Dy + Tb that leaves in the Dy-rich product, by the two-product balance. */
  readonly dyRichShareOfFeed: string;
  /** The conventional extractant in a mixer-settler beside the new one in an emulsion-flow contactor. */
  readonly options: readonly CascadeOption[];
}

const rounded = (value: Decimal) =>
  toPlainString(value.toDecimalPlaces(DESIGN_PLACES, Decimal.ROUND_HALF_EVEN));

function betaOf(value: string, field: string): Decimal {
  const beta = boundedDecimal(value, field, {});
  if (beta.lte(1)) {
    throw new SeparationError({
      code: 'SEPARATION_FACTOR_NOT_ABOVE_ONE',
      field,
      value: toPlainString(beta),
      rule: 'must be above 1: with beta <= 1 no number of stages separates Dy from Tb',
    });
  }
  return beta;
}

/**
 * Cascade design in the Fenske form (DOMAIN.md): N_min = ln[(x_Dy/x_Tb)_extract /
 * (x_Dy/x_Tb)_raffinate] / ln(beta), with the Dy-rich product at the extract end and the Tb-rich
 * product at the raffinate end; the recommended count is ceil(stageFactor x N_min). Contactor
 * volume = recommended stages x throughput / (throughput per volume of the contactor type).
 */
export function cascadeDesign(input: CascadeDesignInput, settings: CascadeSettings): CascadeDesign {
  const feedDy = boundedDecimal(input.feedDy, 'feedDy', { above: '0' });
  const feedTb = boundedDecimal(input.feedTb, 'feedTb', { above: '0' });
  const feedDyShare = feedDy.div(feedDy.plus(feedTb));
  const dyPurity = boundedDecimal(input.dyRichPurityPercent, 'dyRichPurityPercent', {
    above: toPlainString(feedDyShare.times(100).toDecimalPlaces(DESIGN_PLACES, Decimal.ROUND_DOWN)),
    below: '100',
    unit: '%',
  }).div(100);
  const tbPurity = boundedDecimal(input.tbRichPurityPercent, 'tbRichPurityPercent', {
    above: toPlainString(
      ONE.minus(feedDyShare).times(100).toDecimalPlaces(DESIGN_PLACES, Decimal.ROUND_DOWN),
    ),
    below: '100',
    unit: '%',
  }).div(100);
  const beta = betaOf(input.beta, 'beta');
  const conventionalBeta = betaOf(input.conventionalBeta ?? settings.conventionalBeta, 'conventionalBeta');
  const throughput =
    input.throughputLPerH === undefined
      ? undefined
      : boundedDecimal(input.throughputLPerH, 'throughputLPerH', { above: '0', unit: 'L/h' });
  const factor = parseDecimal(settings.stageFactor);

  const extractRatio = dyPurity.div(ONE.minus(dyPurity));
  const raffinateRatio = ONE.minus(tbPurity).div(tbPurity);
  const numerator = extractRatio.div(raffinateRatio).ln();
  const stagesAt = (b: Decimal) => {
    const minimum = numerator.div(b.ln());
    return { minimum, recommended: minimum.times(factor).ceil().toNumber() };
  };
  const option = (
    extractantKind: ExtractantKind,
    contactorType: Exclude<ContactorType, 'OTHER'>,
    b: Decimal,
  ): CascadeOption => {
    const stages = stagesAt(b);
    const perVolume = settings.throughputPerVolume[contactorType];
    return {
      extractantKind,
      contactorType,
      beta: toPlainString(b),
      minimumStages: rounded(stages.minimum),
      recommendedStages: stages.recommended,
      throughputPerVolume: perVolume,
      ...(throughput === undefined
        ? {}
        : { contactorVolumeL: rounded(throughput.div(perVolume).times(stages.recommended)) }),
    };
  };
  const design = stagesAt(beta);
  // Two-product balance on Dy: z = s x x_D + (1 - s) x (1 - x_T), so s = (z - (1 - x_T)) / (x_D - (1 - x_T)).
  const tbRichDy = ONE.minus(tbPurity);
  const dyRichShare = feedDyShare.minus(tbRichDy).div(dyPurity.minus(tbRichDy));
  return {
    extractRatio: rounded(extractRatio),
    raffinateRatio: rounded(raffinateRatio),
    fenskeNumerator: rounded(numerator),
    minimumStages: rounded(design.minimum),
    stageFactor: toPlainString(factor),
    recommendedStages: design.recommended,
    dyRichShareOfFeed: rounded(dyRichShare),
    options: [
      option('CONVENTIONAL', 'MIXER_SETTLER', conventionalBeta),
      option('NEW', 'EMULSION_FLOW', beta),
    ],
  };
}
