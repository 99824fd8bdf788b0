import { describeValue, QuantityError } from './quantity-error';

/**
 * Units are UN/CEFACT Recommendation 20 common codes, as GS1 EPCIS uses them in `uom`.
 * Every factor is a power of ten, so every conversion between units of one dimension is exact.
 */

/** Mass units (base: kilogram). */
export const MassUnit = {
  KILOGRAM: 'KGM',
  GRAM: 'GRM',
  MILLIGRAM: 'MGM',
  TONNE: 'TNE',
} as const;
export type MassUnit = (typeof MassUnit)[keyof typeof MassUnit];

/** Volume units (base: litre). */
export const VolumeUnit = {
  LITRE: 'LTR',
  MILLILITRE: 'MLT',
  CUBIC_METRE: 'MTQ',
} as const;
export type VolumeUnit = (typeof VolumeUnit)[keyof typeof VolumeUnit];

/** Mass-fraction (content) units (base: one, i.e. a plain fraction). */
export const MassFractionUnit = {
  /** "one": a plain fraction, 0.032 */
  ONE: 'C62',
  /** percent; for a mass fraction this is wt %, 3.2 */
  PERCENT: 'P1',
  /** part per million, 32000 */
  PART_PER_MILLION: '59',
  /** part per billion (US, 10^-9) */
  PART_PER_BILLION: '61',
} as const;
export type MassFractionUnit = (typeof MassFractionUnit)[keyof typeof MassFractionUnit];

/** Mass per volume: element concentration in a solution, or a solution's density (base: g/L). */
export const MassPerVolumeUnit = {
  GRAM_PER_LITRE: 'GL',
  MILLIGRAM_PER_LITRE: 'M1',
  KILOGRAM_PER_LITRE: 'B35',
  KILOGRAM_PER_CUBIC_METRE: 'KMQ',
  GRAM_PER_MILLILITRE: 'GJ',
  GRAM_PER_CUBIC_CENTIMETRE: '23',
} as const;
export type MassPerVolumeUnit = (typeof MassPerVolumeUnit)[keyof typeof MassPerVolumeUnit];

/**
 * Activity concentration (base: Bq/kg). Rec 20 has no code for Bq/g; kilobecquerel per kilogram
 * (B25) is the same quantity with the same number (1 Bq/g = 1 kBq/kg), so Bq/g figures use B25.
 */
export const ActivityConcentrationUnit = {
  BECQUEREL_PER_KILOGRAM: 'A18',
  /** kBq/kg, numerically equal to Bq/g */
  KILOBECQUEREL_PER_KILOGRAM: 'B25',
} as const;
export type ActivityConcentrationUnit =
  (typeof ActivityConcentrationUnit)[keyof typeof ActivityConcentrationUnit];

export type Dimension = 'mass' | 'volume' | 'mass fraction' | 'mass per volume' | 'activity concentration';

export interface UnitDefinition<U extends string = string> {
  /** UN/CEFACT Rec 20 common code. */
  readonly code: U;
  readonly dimension: Dimension;
  readonly name: string;
  readonly symbol: string;
  /** This unit is 10^exponent of its dimension's base unit (kg, L, 1, g/L, Bq/kg). */
  readonly exponentOfBase: number;
}

export type UnitTable<U extends string> = Readonly<Record<U, UnitDefinition<U>>>;

function table<U extends string>(
  dimension: Dimension,
  rows: ReadonlyArray<readonly [U, string, string, number]>,
): UnitTable<U> {
  const entries = rows.map(
    ([code, name, symbol, exponentOfBase]) =>
      [code, { code, dimension, name, symbol, exponentOfBase }] as const,
  );
  return Object.freeze(Object.fromEntries(entries) as Record<U, UnitDefinition<U>>);
}

export const MASS_UNITS: UnitTable<MassUnit> = table<MassUnit>('mass', [
  ['KGM', 'kilogram', 'kg', 0],
  ['GRM', 'gram', 'g', -3],
  ['MGM', 'milligram', 'mg', -6],
  ['TNE', 'tonne', 't', 3],
]);

export const VOLUME_UNITS: UnitTable<VolumeUnit> = table<VolumeUnit>('volume', [
  ['LTR', 'litre', 'L', 0],
  ['MLT', 'millilitre', 'mL', -3],
  ['MTQ', 'cubic metre', 'm³', 3],
]);

export const MASS_FRACTION_UNITS: UnitTable<MassFractionUnit> = table<MassFractionUnit>('mass fraction', [
  ['C62', 'one (fraction)', '', 0],
  ['P1', 'percent (wt %)', '%', -2],
  ['59', 'part per million', 'ppm', -6],
  ['61', 'part per billion', 'ppb', -9],
]);

export const MASS_PER_VOLUME_UNITS: UnitTable<MassPerVolumeUnit> = table<MassPerVolumeUnit>(
  'mass per volume',
  [
    ['GL', 'gram per litre', 'g/L', 0],
    ['M1', 'milligram per litre', 'mg/L', -3],
    ['B35', 'kilogram per litre', 'kg/L', 3],
    ['KMQ', 'kilogram per cubic metre', 'kg/m³', 0],
    ['GJ', 'gram per millilitre', 'g/mL', 3],
    ['23', 'gram per cubic centimetre', 'g/cm³', 3],
  ],
);

export const ACTIVITY_CONCENTRATION_UNITS: UnitTable<ActivityConcentrationUnit> =
  table<ActivityConcentrationUnit>('activity concentration', [
    ['A18', 'becquerel per kilogram', 'Bq/kg', 0],
    ['B25', 'kilobecquerel per kilogram (= Bq/g)', 'kBq/kg', 3],
  ]);

const ALL_TABLES: ReadonlyArray<UnitTable<string>> = [
  MASS_UNITS,
  VOLUME_UNITS,
  MASS_FRACTION_UNITS,
  MASS_PER_VOLUME_UNITS,
  ACTIVITY_CONCENTRATION_UNITS,
];

/** The definition of any unit this library knows, or undefined. */
export function findUnit(code: string): UnitDefinition | undefined {
  for (const units of ALL_TABLES) {
    if (Object.prototype.hasOwnProperty.call(units, code)) return units[code];
  }
  return undefined;
}

function parseUnitOf<U extends string>(
  units: UnitTable<U>,
  dimension: Dimension,
  code: unknown,
  field: string,
): U {
  if (typeof code === 'string' && Object.prototype.hasOwnProperty.call(units, code)) return code as U;
  const known = typeof code === 'string' ? findUnit(code) : undefined;
  const expected = Object.values<UnitDefinition<U>>(units)
    .map((u) => `${u.code} (${u.name})`)
    .join(', ');
  throw new QuantityError({
    code: 'UNKNOWN_UNIT',
    field,
    value: describeValue(code),
    detail: known ? `got ${describeValue(code)}, a ${known.dimension} unit` : undefined,
    rule: `must be a UN/CEFACT Rec 20 ${dimension} unit code: ${expected}`,
  });
}

export function parseMassUnit(code: unknown, field = 'unit'): MassUnit {
  return parseUnitOf(MASS_UNITS, 'mass', code, field);
}

export function parseVolumeUnit(code: unknown, field = 'unit'): VolumeUnit {
  return parseUnitOf(VOLUME_UNITS, 'volume', code, field);
}

export function parseMassFractionUnit(code: unknown, field = 'unit'): MassFractionUnit {
  return parseUnitOf(MASS_FRACTION_UNITS, 'mass fraction', code, field);
}

export function parseMassPerVolumeUnit(code: unknown, field = 'unit'): MassPerVolumeUnit {
  return parseUnitOf(MASS_PER_VOLUME_UNITS, 'mass per volume', code, field);
}

export function parseActivityConcentrationUnit(code: unknown, field = 'unit'): ActivityConcentrationUnit {
  return parseUnitOf(ACTIVITY_CONCENTRATION_UNITS, 'activity concentration', code, field);
}
