import { type ConfigOf, decimalRule, elementList, flag, integer, loadConfig, parsed } from '@rre/config';
import type { AdsorbentPolicy } from './domain/adsorbent-batch';
import { DEFAULT_RESIDUE_SCREENING_POLICY, type ResidueScreeningPolicy } from './domain/residue-screening';

/** The concentration rules a deployment may configure; the README lists them. */
export const concentrationConfigSpec = {
  CONCENTRATION_ADSORBENT_WARNING_LOSS_SHARE: parsed(
    'Share of its first-cycle capacity an adsorbent batch may lose before it is flagged (0.2: 20 %)',
    decimalRule('must be a decimal between 0 and 1, e.g. 0.2', (v) => v.gte(0) && v.lte(1)),
    { default: '0.2' },
  ),
  CONCENTRATION_BALANCE_ELEMENTS: parsed(
    'Elements whose mass balance must close for a concentration run to complete',
    elementList({ example: 'Dy,Tb,Fe' }),
    { default: ['Dy', 'Tb', 'Nd', 'Pr', 'Fe', 'Al', 'U', 'Th'], defaultText: 'Dy,Tb,Nd,Pr,Fe,Al,U,Th' },
  ),
  CONCENTRATION_BALANCE_COVERAGE_FACTOR: parsed(
    'Coverage factor k of the combined assay uncertainty within which a balance closes',
    decimalRule('must be a decimal greater than zero, e.g. 2', (v) => v.gt(0)),
    { default: '2' },
  ),
  CONCENTRATION_OVERRIDE_NEEDS_APPROVAL: flag(
    "Four eyes: completing a run whose balance does not close needs a second, different person's approval",
    false,
  ),
  CONCENTRATION_RESIDUE_SCREENING_THRESHOLD: parsed(
    'Sum of the U and Th ratios to their limits above which a residue is flagged as radioactive',
    decimalRule('must be a decimal greater than zero, e.g. 1', (v) => v.gt(0)),
    { default: '1' },
  ),
  CONCENTRATION_IDEMPOTENCY_TTL_HOURS: integer('How long a concentration idempotency key is kept, in hours', {
    default: 24,
    min: 24,
    max: 24 * 90,
  }),
};
export type ConcentrationConfig = ConfigOf<typeof concentrationConfigSpec>;

export function loadConcentrationConfig(
  env: Record<string, string | undefined> = process.env,
): ConcentrationConfig {
  return loadConfig('concentration', concentrationConfigSpec, env);
}

export interface ConcentrationSettings {
  readonly adsorbents: AdsorbentPolicy;
  readonly balanceElements: readonly string[];
  readonly balanceCoverageFactor: string;
  readonly overrideNeedsApproval: boolean;
  readonly residueScreening: ResidueScreeningPolicy;
  readonly idempotencyTtlMs: number;
}

export function concentrationSettingsFrom(config: ConcentrationConfig): ConcentrationSettings {
  return {
    adsorbents: { warningLossShare: config.CONCENTRATION_ADSORBENT_WARNING_LOSS_SHARE },
    balanceElements: config.CONCENTRATION_BALANCE_ELEMENTS,
    balanceCoverageFactor: config.CONCENTRATION_BALANCE_COVERAGE_FACTOR,
    overrideNeedsApproval: config.CONCENTRATION_OVERRIDE_NEEDS_APPROVAL,
    residueScreening: {
      ...DEFAULT_RESIDUE_SCREENING_POLICY,
      threshold: config.CONCENTRATION_RESIDUE_SCREENING_THRESHOLD,
    },
    idempotencyTtlMs: config.CONCENTRATION_IDEMPOTENCY_TTL_HOURS * 60 * 60 * 1000,
  };
}

export const DEFAULT_CONCENTRATION_SETTINGS: ConcentrationSettings = concentrationSettingsFrom(
  loadConcentrationConfig({}),
);
