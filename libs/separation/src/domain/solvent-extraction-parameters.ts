import Decimal from 'decimal.js';
import { parseDecimal, toPlainString } from '@rre/quantities';
import { SeparationError } from './separation-error';
import { boundedDecimal, objectOf, oneOf, textOf, wholeNumber } from './separation-input';

export const EXTRACTANT_KINDS = ['NEW', 'CONVENTIONAL'] as const;
/** NEW: the programme's extractant (beta about 4); CONVENTIONAL: e.g. PC88A or P507 (beta 2-3). */
export type ExtractantKind = (typeof EXTRACTANT_KINDS)[number];

export const CONTACTOR_TYPES = ['EMULSION_FLOW', 'MIXER_SETTLER', 'OTHER'] as const;
export type ContactorType = (typeof CONTACTOR_TYPES)[number];

/** How far a stated O/A ratio may differ from organic flow / aqueous flow, relative to the latter. */
export const OA_RATIO_TOLERANCE = '0.01';
/** Decimal places the computed O/A ratio and throughput are kept to (half-even). */
const RATIO_PLACES = 6;

/** A solvent-extraction run's operating conditions (decimals as plain strings). */
export interface SolventExtractionParameters {
  readonly extractant: { readonly name: string; readonly kind: ExtractantKind };
  readonly diluent: string;
  readonly contactor: { readonly type: ContactorType; readonly volumeL: string };
  readonly stages: { readonly extraction: number; readonly scrub: number; readonly strip: number };
  readonly organicFlowLPerH: string;
  readonly aqueousFlowLPerH: string;
  /** Organic / aqueous flow: as stated (when consistent with the flows) or computed from them. */
  readonly oaRatio: string;
  readonly ph: string;
}

export interface SolventExtractionParametersInput {
  readonly extractant: { readonly name: string; readonly kind: string };
  readonly diluent: string;
  readonly contactor: { readonly type: string; readonly volumeL: string };
  readonly stages: { readonly extraction: number; readonly scrub: number; readonly strip: number };
  readonly organicFlowLPerH: string;
  readonly aqueousFlowLPerH: string;
  /** Optional: computed from the flows when left out; refused when it contradicts them. */
  readonly oaRatio?: string;
  readonly ph: string;
}

/**
 * Validates an SX run's parameters: named extractant of a known kind, diluent, contactor type and
 * volume above 0 L, at least one extraction, scrub and strip stage, flows above 0 L/h, an O/A
 * ratio within 1 % of organic / aqueous flow (or computed from them), pH 0 to 14.
 */
export function solventExtractionParameters(
  raw: SolventExtractionParametersInput,
  field = 'solventExtraction',
): SolventExtractionParameters {
  const input = objectOf(raw, field, 'solvent-extraction parameters');
  const extractant = objectOf(input['extractant'], `${field}.extractant`, 'extractant');
  const contactor = objectOf(input['contactor'], `${field}.contactor`, 'contactor');
  const stages = objectOf(input['stages'], `${field}.stages`, 'stage counts');
  const positive = (value: unknown, name: string, unit: string) =>
    boundedDecimal(value, `${field}.${name}`, { above: '0', unit });
  const stageCount = (name: string) => wholeNumber(stages[name], `${field}.stages.${name}`, 1, 1000);
  const organic = positive(input['organicFlowLPerH'], 'organicFlowLPerH', 'L/h');
  const aqueous = positive(input['aqueousFlowLPerH'], 'aqueousFlowLPerH', 'L/h');
  const computed = organic.div(aqueous);
  let oaRatio = computed.toDecimalPlaces(RATIO_PLACES, Decimal.ROUND_HALF_EVEN);
  if (input['oaRatio'] !== undefined && input['oaRatio'] !== null) {
    const stated = positive(input['oaRatio'], 'oaRatio', '');
    if (stated.minus(computed).abs().gt(computed.times(OA_RATIO_TOLERANCE))) {
      throw new SeparationError({
        code: 'INCONSISTENT_FLOWS',
        field: `${field}.oaRatio`,
        value: toPlainString(stated),
        rule: `must be organic / aqueous flow (${toPlainString(organic)} / ${toPlainString(aqueous)} L/h = ${toPlainString(oaRatio)}) within 1 %, or left out to be computed`,
      });
    }
    oaRatio = stated;
  }
  return {
    extractant: {
      name: textOf(extractant['name'], `${field}.extractant.name`),
      kind: oneOf(extractant['kind'], EXTRACTANT_KINDS, `${field}.extractant.kind`),
    },
    diluent: textOf(input['diluent'], `${field}.diluent`),
    contactor: {
      type: oneOf(contactor['type'], CONTACTOR_TYPES, `${field}.contactor.type`),
      volumeL: toPlainString(positive(contactor['volumeL'], 'contactor.volumeL', 'L')),
    },
    stages: { extraction: stageCount('extraction'), scrub: stageCount('scrub'), strip: stageCount('strip') },
    organicFlowLPerH: toPlainString(organic),
    aqueousFlowLPerH: toPlainString(aqueous),
    oaRatio: toPlainString(oaRatio),
    ph: toPlainString(boundedDecimal(input['ph'], `${field}.ph`, { atLeast: '0', atMost: '14' })),
  };
}

/**
 * Throughput per contactor volume, 1/h: total flow (organic + aqueous, L/h) per litre of contactor,
 * rounded once to 6 places (half-even).
 */
export function throughputPerContactorVolume(parameters: SolventExtractionParameters): string {
  const total = parseDecimal(parameters.organicFlowLPerH).plus(parameters.aqueousFlowLPerH);
  return toPlainString(
    total.div(parameters.contactor.volumeL).toDecimalPlaces(RATIO_PLACES, Decimal.ROUND_HALF_EVEN),
  );
}
