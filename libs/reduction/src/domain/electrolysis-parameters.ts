import { toPlainString } from '@rre/quantities';
import { decimalOf, fieldPath, oneOf, textOf } from './decimal-field';
import { TARGET_ELEMENTS, type TargetElement } from './faraday';
import { checkTemperature, type ProcessWindow } from './process-window';
import { ReductionError } from './reduction-error';

/** Metals of the liquid-alloy cathode the rare earth deposits into. */
export const CATHODE_METALS = ['Zn', 'Sn', 'Bi', 'Cu', 'Ni', 'Mg', 'Al', 'Ga', 'Cd', 'Pb'] as const;
export type CathodeMetal = (typeof CATHODE_METALS)[number];

// Salts joined by hyphens, each a formula such as LiCl, KCl, TbCl3, CaF2: "LiCl-KCl", "LiF-CaF2-TbF3".
const ELECTROLYTE = /^[A-Z][a-z]?\d*(?:[A-Z][a-z]?\d*)*(?:-[A-Z][a-z]?\d*(?:[A-Z][a-z]?\d*)*)+$/;

/** How an electrolysis batch is run: stored with the run, read again to compute its KPIs. */
export interface ElectrolysisParameters {
  readonly cell: string;
  /** The molten salt, e.g. LiCl-KCl. */
  readonly electrolyte: string;
  readonly cathodeAlloy: CathodeMetal;
  readonly anode: string;
  readonly targetElement: TargetElement;
  readonly operatingTemperatureCelsius: string;
  /** Why a temperature outside the process window was allowed. */
  readonly temperatureOverrideReason?: string;
  /** Instrument tag of the CURRENT series to integrate ('' = the untagged series, or the only one). */
  readonly currentTag?: string;
  /** Instrument tag of the VOLTAGE series (cell voltage). */
  readonly voltageTag?: string;
  /** Heating power of this cell, kW; default the configured REDUCTION_CELL_HEATING_KW. */
  readonly heatingPowerKw?: string;
}

export interface ElectrolysisParametersInput {
  readonly cell: string;
  readonly electrolyte: string;
  readonly cathodeAlloy: string;
  readonly anode: string;
  readonly operatingTemperatureCelsius: string;
  readonly targetElement: string;
  readonly temperatureOverrideReason?: string;
  readonly currentTag?: string;
  readonly voltageTag?: string;
  readonly heatingPowerKw?: string;
}

function optionalTag(value: unknown, field: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string' && value.length <= 100) return value;
  throw new ReductionError({
    code: 'INVALID_INPUT',
    field,
    value: String(value),
    rule: 'must be an instrument tag of at most 100 characters',
  });
}

function optionalHeatingKw(value: unknown, field: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  const kw = decimalOf(value, field);
  if (kw.isNegative()) {
    throw new ReductionError({
      code: 'OUT_OF_RANGE',
      field,
      value: toPlainString(kw),
      rule: 'must be at least 0 kW',
    });
  }
  return toPlainString(kw);
}

function temperatureOf(input: ElectrolysisParametersInput, window: ProcessWindow, field: string) {
  const checked = checkTemperature(
    input.operatingTemperatureCelsius,
    input.temperatureOverrideReason,
    fieldPath(field, 'operatingTemperatureCelsius'),
    fieldPath(field, 'temperatureOverrideReason'),
    window,
  );
  return {
    operatingTemperatureCelsius: checked.celsius,
    ...(checked.overrideReason === undefined ? {} : { temperatureOverrideReason: checked.overrideReason }),
  };
}

/** Validates an electrolysis batch; the temperature must lie in `window` unless an override reason is given. */
export function electrolysisParameters(
  input: ElectrolysisParametersInput,
  window: ProcessWindow,
  field = 'electrolysis',
): ElectrolysisParameters {
  const electrolyte = textOf(input.electrolyte, fieldPath(field, 'electrolyte'), 100);
  if (!ELECTROLYTE.test(electrolyte)) {
    throw new ReductionError({
      code: 'INVALID_INPUT',
      field: fieldPath(field, 'electrolyte'),
      value: JSON.stringify(electrolyte),
      rule: 'must be the salts of the melt as formulas joined by hyphens, e.g. "LiCl-KCl"',
    });
  }
  const currentTag = optionalTag(input.currentTag, fieldPath(field, 'currentTag'));
  const voltageTag = optionalTag(input.voltageTag, fieldPath(field, 'voltageTag'));
  const heating = optionalHeatingKw(input.heatingPowerKw, fieldPath(field, 'heatingPowerKw'));
  return {
    cell: textOf(input.cell, fieldPath(field, 'cell'), 100),
    electrolyte,
    cathodeAlloy: oneOf(input.cathodeAlloy, CATHODE_METALS, fieldPath(field, 'cathodeAlloy')),
    anode: textOf(input.anode, fieldPath(field, 'anode'), 100),
    targetElement: oneOf(input.targetElement, TARGET_ELEMENTS, fieldPath(field, 'targetElement')),
    ...temperatureOf(input, window, field),
    ...(currentTag === undefined ? {} : { currentTag }),
    ...(voltageTag === undefined ? {} : { voltageTag }),
    ...(heating === undefined ? {} : { heatingPowerKw: heating }),
  };
}
