import type Decimal from 'decimal.js';
import { type ElementComposition, type ElementSymbol, parseDecimal } from '@rre/quantities';
import type { Actor } from './actor';
import { IntakeError } from './intake-error';

export const AssayMethod = {
  ICP_OES: 'ICP_OES',
  ICP_MS: 'ICP_MS',
  XRF: 'XRF',
  GD_MS: 'GD_MS',
  AAS: 'AAS',
  GAMMA_SPECTROMETRY: 'GAMMA_SPECTROMETRY',
  OTHER: 'OTHER',
} as const;
export type AssayMethod = (typeof AssayMethod)[keyof typeof AssayMethod];
export const ASSAY_METHODS = Object.values(AssayMethod);

/** How the method is written in events and reports: "ICP-OES", "ICP-MS", "XRF", ... */
export const ASSAY_METHOD_LABELS: Readonly<Record<AssayMethod, string>> = {
  ICP_OES: 'ICP-OES',
  ICP_MS: 'ICP-MS',
  XRF: 'XRF',
  GD_MS: 'GD-MS',
  AAS: 'AAS',
  GAMMA_SPECTROMETRY: 'gamma spectrometry',
  OTHER: 'other',
};

/** The elements the plant's assays are expected to report (others are accepted too). */
export const ASSAYED_ELEMENTS = [
  'Nd',
  'Pr',
  'Dy',
  'Tb',
  'Fe',
  'B',
  'Co',
  'Al',
  'Cu',
  'Gd',
  'La',
  'Ce',
  'U',
  'Th',
] as const satisfies readonly ElementSymbol[];

/** Whether contents refer to the material as received (WET) or dried (DRY); assays are usually DRY. */
export const MoistureBasis = {
  WET: 'WET',
  DRY: 'DRY',
} as const;
export type MoistureBasis = (typeof MoistureBasis)[keyof typeof MoistureBasis];

/** One laboratory analysis of a sample of a lot. */
export interface Assay {
  readonly id: string;
  readonly lotId: string;
  /** Organisation id of the laboratory. */
  readonly laboratoryId: string;
  readonly method: AssayMethod;
  readonly sampleId: string;
  readonly analysedAt: Date;
  /** Element contents (element basis, not oxide). */
  readonly composition: ElementComposition;
  readonly moistureBasis: MoistureBasis;
  /** Why it was made, e.g. "initial" or "re-assay after supplier dispute". */
  readonly reason: string;
  readonly recordedAt: Date;
  readonly recordedBy: Actor;
}

/** The content of `element` in ppm (mg/kg), or undefined when the assay does not list it (unknown, not zero). */
export function contentInPpm(assay: Assay, element: ElementSymbol): Decimal | undefined {
  return assay.composition.has(element)
    ? assay.composition.fractionOf(element).times(PPM_PER_ONE)
    : undefined;
}

const PPM_PER_ONE = parseDecimal('1000000');

export function requireReason(reason: string, field = 'reason'): string {
  const trimmed = reason.trim();
  if (trimmed.length === 0) {
    throw new IntakeError({
      code: 'REASON_REQUIRED',
      field,
      value: JSON.stringify(reason),
      rule: 'must say why (a reason is required and is kept with the record)',
    });
  }
  if (trimmed.length > 2000) {
    throw new IntakeError({
      code: 'INVALID_INPUT',
      field,
      value: `${trimmed.length} characters`,
      rule: 'must be at most 2000 characters',
    });
  }
  return trimmed;
}
