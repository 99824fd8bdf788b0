import { describeInput, MeasurementError, MeasurementErrorCode } from './measurement-error';

/** What a process measurement series measures: a closed list (a new kind is a code change, on purpose). */
export const QuantityKind = {
  TEMPERATURE: 'TEMPERATURE',
  PH: 'PH',
  VOLUMETRIC_FLOW: 'VOLUMETRIC_FLOW',
  MASS_FLOW: 'MASS_FLOW',
  PRESSURE: 'PRESSURE',
  CURRENT: 'CURRENT',
  VOLTAGE: 'VOLTAGE',
  REDOX_POTENTIAL: 'REDOX_POTENTIAL',
  POWER: 'POWER',
  LEVEL: 'LEVEL',
  CONDUCTIVITY: 'CONDUCTIVITY',
  CONCENTRATION: 'CONCENTRATION',
  DENSITY: 'DENSITY',
  ROTATIONAL_SPEED: 'ROTATIONAL_SPEED',
} as const;
export type QuantityKind = (typeof QuantityKind)[keyof typeof QuantityKind];

export interface MeasurementUnit {
  /** UN/CEFACT Rec 20 common code, as OPC UA EUInformation carries it (`unitId`). */
  readonly code: string;
  /** The UCUM expression of the same unit, for people and for exports that want UCUM. */
  readonly ucum: string;
  readonly name: string;
}

function unit(code: string, ucum: string, name: string): MeasurementUnit {
  return { code, ucum, name };
}

/**
 * The units allowed for each kind, by UN/CEFACT Rec 20 code (the codes OPC UA servers report, see
 * the OPC Foundation's UNECE_to_OPCUA table). pH has no Rec 20 code: it is a number of unit one, C62.
 */
export const UNITS_BY_KIND: Readonly<Record<QuantityKind, readonly MeasurementUnit[]>> = {
  TEMPERATURE: [
    unit('CEL', 'Cel', 'degree Celsius'),
    unit('KEL', 'K', 'kelvin'),
    unit('FAH', '[degF]', 'degree Fahrenheit'),
  ],
  PH: [unit('C62', '[pH]', 'pH (unit one)')],
  VOLUMETRIC_FLOW: [
    unit('MQS', 'm3/s', 'cubic metre per second'),
    unit('MQH', 'm3/h', 'cubic metre per hour'),
    unit('E32', 'L/h', 'litre per hour'),
  ],
  MASS_FLOW: [unit('KGS', 'kg/s', 'kilogram per second'), unit('E93', 'kg/h', 'kilogram per hour')],
  PRESSURE: [
    unit('PAL', 'Pa', 'pascal'),
    unit('A97', 'hPa', 'hectopascal'),
    unit('KPA', 'kPa', 'kilopascal'),
    unit('MPA', 'MPa', 'megapascal'),
    unit('BAR', 'bar', 'bar'),
    unit('MBR', 'mbar', 'millibar'),
  ],
  CURRENT: [unit('AMP', 'A', 'ampere'), unit('4K', 'mA', 'milliampere'), unit('B22', 'kA', 'kiloampere')],
  VOLTAGE: [unit('VLT', 'V', 'volt'), unit('2Z', 'mV', 'millivolt'), unit('KVT', 'kV', 'kilovolt')],
  REDOX_POTENTIAL: [unit('2Z', 'mV', 'millivolt'), unit('VLT', 'V', 'volt')],
  POWER: [unit('WTT', 'W', 'watt'), unit('KWT', 'kW', 'kilowatt')],
  LEVEL: [
    unit('MTR', 'm', 'metre'),
    unit('CMT', 'cm', 'centimetre'),
    unit('MMT', 'mm', 'millimetre'),
    unit('P1', '%', 'percent of span'),
  ],
  CONDUCTIVITY: [
    unit('D10', 'S/m', 'siemens per metre'),
    unit('H61', 'mS/cm', 'millisiemens per centimetre'),
    unit('G42', 'uS/cm', 'microsiemens per centimetre'),
  ],
  CONCENTRATION: [unit('GL', 'g/L', 'gram per litre'), unit('M1', 'mg/L', 'milligram per litre')],
  DENSITY: [
    unit('KMQ', 'kg/m3', 'kilogram per cubic metre'),
    unit('23', 'g/cm3', 'gram per cubic centimetre'),
  ],
  ROTATIONAL_SPEED: [unit('RPM', '{rev}/min', 'revolution per minute')],
};

export const QUANTITY_KINDS = Object.keys(UNITS_BY_KIND) as QuantityKind[];

export function isQuantityKind(value: unknown): value is QuantityKind {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(UNITS_BY_KIND, value);
}

export function parseQuantityKind(value: unknown, field: string): QuantityKind {
  if (isQuantityKind(value)) return value;
  const wrongCase =
    typeof value === 'string' ? QUANTITY_KINDS.find((kind) => kind === value.toUpperCase()) : undefined;
  throw new MeasurementError({
    code: MeasurementErrorCode.UNKNOWN_QUANTITY_KIND,
    field,
    value: describeInput(value),
    rule: wrongCase
      ? `must be written "${wrongCase}"`
      : `must be one of the quantity kinds ${QUANTITY_KINDS.join(', ')}`,
  });
}

/** The unit of `kind` with this Rec 20 code (case-sensitive, as Rec 20 codes are), or a MeasurementError. */
export function parseUnitOf(kind: QuantityKind, value: unknown, field: string): MeasurementUnit {
  const allowed = UNITS_BY_KIND[kind];
  const found = typeof value === 'string' ? allowed.find((candidate) => candidate.code === value) : undefined;
  if (found) return found;
  const otherKinds =
    typeof value === 'string'
      ? QUANTITY_KINDS.filter((other) => UNITS_BY_KIND[other].some((candidate) => candidate.code === value))
      : [];
  const ucumMatch =
    typeof value === 'string' ? allowed.find((candidate) => candidate.ucum === value) : undefined;
  const hint = ucumMatch
    ? ` (the UCUM "${ucumMatch.ucum}" is Rec 20 "${ucumMatch.code}")`
    : otherKinds.length > 0
      ? ` ("${String(value)}" is a unit of ${otherKinds.join(', ')})`
      : '';
  throw new MeasurementError({
    code: MeasurementErrorCode.UNKNOWN_UNIT,
    field,
    value: describeInput(value),
    rule: `must be a UN/CEFACT Rec 20 unit code of ${kind}: ${allowed.map((candidate) => `${candidate.code} (${candidate.ucum})`).join(', ')}${hint}`,
  });
}
