import { type ConfigOf, decimalRule, elementList, flag, integer, loadConfig, parsed } from '@rre/config';
import { parseDecimal, toPlainString } from '@rre/quantities';
import type { EnergySettings } from './domain/energy-settings';
import type { ProcessWindow } from './domain/process-window';

/** A decimal setting at least `min` (or above it, when `minExclusive`), kept as a plain decimal text. */
function decimalSetting(description: string, fallback: string, min: string, minExclusive = false) {
  const accepted = decimalRule(
    `must be a decimal ${minExclusive ? 'above' : 'of at least'} ${min}, e.g. ${fallback}`,
    (value) => (minExclusive ? value.gt(min) : value.gte(min)),
  );
  return parsed(description, (raw) => toPlainString(parseDecimal(accepted(raw))), { default: fallback });
}

/** The reduction rules and figures a deployment may configure; the README lists them. */
export const reductionConfigSpec = {
  REDUCTION_ELECTROLYSIS_MIN_CELSIUS: decimalSetting(
    'Lowest operating temperature of an electrolysis batch without an override, °C',
    '400',
    '0',
  ),
  REDUCTION_ELECTROLYSIS_MAX_CELSIUS: decimalSetting(
    'Highest operating temperature of an electrolysis batch without an override, °C',
    '1000',
    '0',
  ),
  REDUCTION_DISTILLATION_MIN_CELSIUS: decimalSetting(
    'Lowest temperature of a vacuum distillation run without an override, °C',
    '300',
    '0',
  ),
  REDUCTION_DISTILLATION_MAX_CELSIUS: decimalSetting(
    'Highest temperature of a vacuum distillation run without an override, °C',
    '1000',
    '0',
  ),
  REDUCTION_MAX_SAMPLE_GAP_SECONDS: decimalSetting(
    'Charge and energy are integrated only across gaps between good samples shorter than this, s',
    '300',
    '0',
    true,
  ),
  REDUCTION_GRID_KG_CO2_PER_KWH: decimalSetting('CO2 of grid electricity, kg per kWh', '0.45', '0'),
  REDUCTION_CELL_HEATING_KW: decimalSetting(
    'Heating power of an electrolysis cell while it runs, kW (est.; a batch may state its own)',
    '0.5',
    '0',
  ),
  REDUCTION_BASELINE_TEMPERATURE_CELSIUS: decimalSetting(
    'Calcium-thermal reduction baseline: process temperature, °C',
    '1450',
    '0',
  ),
  REDUCTION_BASELINE_KWH_PER_KG: decimalSetting(
    'Calcium-thermal reduction baseline: energy per kg of metal, kWh/kg (est.)',
    '10.4',
    '0',
    true,
  ),
  REDUCTION_BASELINE_CO2_KG_PER_KG: decimalSetting(
    'Calcium-thermal reduction baseline: CO2 per kg of metal, kg/kg (est.)',
    '4.68',
    '0',
  ),
  REDUCTION_BALANCE_ELEMENTS: parsed(
    'Elements whose mass balance must close for a reduction run to complete',
    elementList({ example: 'Tb,Dy', including: ['Tb', 'Dy'] }),
    { default: ['Tb', 'Dy'], defaultText: 'Tb,Dy' },
  ),
  REDUCTION_BALANCE_COVERAGE_FACTOR: decimalSetting(
    'Coverage factor k of the combined assay uncertainty within which a balance closes',
    '2',
    '0',
    true,
  ),
  REDUCTION_OVERRIDE_NEEDS_APPROVAL: flag(
    "Four eyes: completing a run whose balance does not close needs a second, different person's approval",
    false,
  ),
  REDUCTION_IDEMPOTENCY_TTL_HOURS: integer('How long a reduction idempotency key is kept, in hours', {
    default: 24,
    min: 24,
    max: 24 * 90,
  }),
};
export type ReductionConfig = ConfigOf<typeof reductionConfigSpec>;

export function loadReductionConfig(env: Record<string, string | undefined> = process.env): ReductionConfig {
  return loadConfig('reduction', reductionConfigSpec, env);
}

export interface ReductionSettings {
  readonly electrolysisWindow: ProcessWindow;
  readonly distillationWindow: ProcessWindow;
  readonly maxSampleGapSeconds: string;
  readonly energy: EnergySettings;
  readonly balanceElements: readonly string[];
  readonly balanceCoverageFactor: string;
  readonly overrideNeedsApproval: boolean;
  readonly idempotencyTtlMs: number;
}

function window(min: string, max: string, name: string): ProcessWindow {
  if (parseDecimal(min).gt(max)) {
    throw new Error(
      `reduction configuration: the ${name} window ${min}-${max} °C has its minimum above its maximum`,
    );
  }
  return { minCelsius: min, maxCelsius: max };
}

export function reductionSettingsFrom(config: ReductionConfig): ReductionSettings {
  return {
    electrolysisWindow: window(
      config.REDUCTION_ELECTROLYSIS_MIN_CELSIUS,
      config.REDUCTION_ELECTROLYSIS_MAX_CELSIUS,
      'electrolysis',
    ),
    distillationWindow: window(
      config.REDUCTION_DISTILLATION_MIN_CELSIUS,
      config.REDUCTION_DISTILLATION_MAX_CELSIUS,
      'distillation',
    ),
    maxSampleGapSeconds: config.REDUCTION_MAX_SAMPLE_GAP_SECONDS,
    energy: {
      gridKgCo2PerKwh: config.REDUCTION_GRID_KG_CO2_PER_KWH,
      cellHeatingKw: config.REDUCTION_CELL_HEATING_KW,
      baseline: {
        temperatureCelsius: config.REDUCTION_BASELINE_TEMPERATURE_CELSIUS,
        kwhPerKg: config.REDUCTION_BASELINE_KWH_PER_KG,
        co2KgPerKg: config.REDUCTION_BASELINE_CO2_KG_PER_KG,
      },
    },
    balanceElements: config.REDUCTION_BALANCE_ELEMENTS,
    balanceCoverageFactor: config.REDUCTION_BALANCE_COVERAGE_FACTOR,
    overrideNeedsApproval: config.REDUCTION_OVERRIDE_NEEDS_APPROVAL,
    idempotencyTtlMs: config.REDUCTION_IDEMPOTENCY_TTL_HOURS * 60 * 60 * 1000,
  };
}

export const DEFAULT_REDUCTION_SETTINGS: ReductionSettings = reductionSettingsFrom(loadReductionConfig({}));
