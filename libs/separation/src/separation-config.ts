import { type ConfigOf, decimalRule, elementList, flag, integer, loadConfig, parsed } from '@rre/config';
import type { CascadeSettings } from './domain/cascade-design';

const positive = decimalRule('must be a decimal greater than zero, e.g. 2', (v) => v.gt(0));

/** The separation rules a deployment may configure; the README lists them. */
export const separationConfigSpec = {
  SEPARATION_BALANCE_ELEMENTS: parsed(
    'Elements whose mass balance must close for a separation run to complete',
    elementList({ example: 'Dy,Tb,Nd' }),
    { default: ['Dy', 'Tb', 'Nd', 'Pr'], defaultText: 'Dy,Tb,Nd,Pr' },
  ),
  SEPARATION_BALANCE_COVERAGE_FACTOR: parsed(
    'Coverage factor k of the combined assay uncertainty within which a separation balance closes',
    positive,
    { default: '2' },
  ),
  SEPARATION_OVERRIDE_NEEDS_APPROVAL: flag(
    "Four eyes: completing a separation run whose balance does not close needs a second, different person's approval",
    false,
  ),
  SEPARATION_CONVENTIONAL_BETA: parsed(
    'Dy/Tb separation factor of the conventional extractant: the baseline of the beta KPI and of the cascade comparison',
    decimalRule('must be a decimal greater than 1, e.g. 2', (v) => v.gt(1)),
    { default: '2' },
  ),
  SEPARATION_BETA_GOAL_FACTOR: parsed(
    'How many times the conventional beta a run must reach to meet the goal (the programme: 2)',
    positive,
    { default: '2' },
  ),
  SEPARATION_CASCADE_STAGE_FACTOR: parsed(
    'Recommended stages of a cascade design = ceil(factor x Fenske minimum stages)',
    decimalRule('must be a decimal of at least 1, e.g. 2', (v) => v.gte(1)),
    { default: '2' },
  ),
  SEPARATION_MIXER_SETTLER_THROUGHPUT_PER_L: parsed(
    'Total flow (organic + aqueous) a mixer-settler passes per litre of its volume, L/h per L (est.)',
    positive,
    { default: '0.5' },
  ),
  SEPARATION_EMULSION_FLOW_THROUGHPUT_PER_L: parsed(
    'Total flow (organic + aqueous) an emulsion-flow contactor passes per litre of its volume, L/h per L (est.: 4x a mixer-settler)',
    positive,
    { default: '2' },
  ),
  SEPARATION_IDEMPOTENCY_TTL_HOURS: integer('How long a separation idempotency key is kept, in hours', {
    default: 24,
    min: 24,
    max: 24 * 90,
  }),
};
export type SeparationConfig = ConfigOf<typeof separationConfigSpec>;

export function loadSeparationConfig(
  env: Record<string, string | undefined> = process.env,
): SeparationConfig {
  return loadConfig('separation', separationConfigSpec, env);
}

export interface SeparationSettings {
  readonly balanceElements: readonly string[];
  readonly balanceCoverageFactor: string;
  readonly overrideNeedsApproval: boolean;
  readonly baseline: { readonly baselineBeta: string; readonly goalFactor: string };
  readonly cascade: CascadeSettings;
  readonly idempotencyTtlMs: number;
}

export function separationSettingsFrom(config: SeparationConfig): SeparationSettings {
  return {
    balanceElements: config.SEPARATION_BALANCE_ELEMENTS,
    balanceCoverageFactor: config.SEPARATION_BALANCE_COVERAGE_FACTOR,
    overrideNeedsApproval: config.SEPARATION_OVERRIDE_NEEDS_APPROVAL,
    baseline: {
      baselineBeta: config.SEPARATION_CONVENTIONAL_BETA,
      goalFactor: config.SEPARATION_BETA_GOAL_FACTOR,
    },
    cascade: {
      stageFactor: config.SEPARATION_CASCADE_STAGE_FACTOR,
      conventionalBeta: config.SEPARATION_CONVENTIONAL_BETA,
      throughputPerVolume: {
        MIXER_SETTLER: config.SEPARATION_MIXER_SETTLER_THROUGHPUT_PER_L,
        EMULSION_FLOW: config.SEPARATION_EMULSION_FLOW_THROUGHPUT_PER_L,
      },
    },
    idempotencyTtlMs: config.SEPARATION_IDEMPOTENCY_TTL_HOURS * 60 * 60 * 1000,
  };
}

export const DEFAULT_SEPARATION_SETTINGS: SeparationSettings = separationSettingsFrom(
  loadSeparationConfig({}),
);
