import { IntakeError } from '../../domain/intake-error';
import type { RegisterLotCommand } from '../commands/register-lot.handler';

/**
 * The columns of a lot CSV file (header row, any order). Masses are decimals with "." in
 * `mass_unit` (default KGM); dates are ISO 8601 with a zone, e.g. 2026-03-02T08:00:00+09:00.
 */
export const LOT_CSV_COLUMNS = {
  external_ref: {
    required: true,
    meaning:
      "The supplier's delivery reference; a row whose reference the organisation already has is not imported again",
  },
  organisation_id: { required: false, meaning: "The delivering organisation; default the caller's" },
  supplier_site_id: { required: true, meaning: 'Supplier site id' },
  material_kind: {
    required: true,
    meaning:
      'EV_MOTOR_MAGNET, COMPRESSOR_MAGNET, HDD_MAGNET, WIND_GENERATOR_MAGNET, MAGNET_SWARF_SLUDGE, LOW_GRADE_ORE, TAILINGS, PROCESS_RESIDUE, OTHER',
  },
  source_category: { required: true, meaning: 'POST_CONSUMER, PRE_CONSUMER or PRIMARY' },
  source_evidence_ref: {
    required: true,
    meaning: 'Reference of the document that evidences the source category',
  },
  country_of_origin: { required: true, meaning: 'ISO 3166-1 alpha-2, e.g. JP' },
  mass_unit: {
    required: false,
    meaning: 'Unit of declared_mass, gross_mass, tare_mass, net_mass: KGM (default), GRM, MGM or TNE',
  },
  declared_mass: { required: true, meaning: 'Mass the supplier declared' },
  weighbridge_ticket: { required: true, meaning: 'Weighbridge ticket number' },
  vehicle: { required: true, meaning: 'Vehicle' },
  scale: { required: true, meaning: 'Scale' },
  gross_mass: { required: true, meaning: 'Gross mass' },
  tare_mass: { required: true, meaning: 'Tare mass' },
  net_mass: { required: false, meaning: 'Net mass as printed on the ticket; must equal gross - tare' },
  moisture_percent: { required: false, meaning: 'Moisture, % of the wet mass' },
  containers: { required: false, meaning: 'kind:count pairs separated by ";", e.g. drum:4;pallet:2' },
  received_at: { required: true, meaning: 'When the lot arrived, ISO 8601 with a zone' },
  declared_composition: {
    required: false,
    meaning: 'element=wt% pairs separated by ";", e.g. Nd=25.1;Dy=4.5',
  },
  composition_basis: { required: false, meaning: 'DRY (default) or WET' },
  manifest_number: {
    required: false,
    meaning: 'Industrial-waste manifest number; with it the next three are required',
  },
  manifest_waste_type: { required: false, meaning: 'Waste type on the manifest' },
  manifest_form: { required: false, meaning: 'PAPER or ELECTRONIC' },
  manifest_issued_on: { required: false, meaning: 'Manifest issue date, YYYY-MM-DD' },
  manifest_specially_controlled: {
    required: false,
    meaning: 'true for specially controlled industrial waste',
  },
} as const;
export type LotCsvColumn = keyof typeof LOT_CSV_COLUMNS;

/** A cell that breaks a rule, located by column (the line is added by the caller). */
export class CsvCellError extends Error {
  constructor(
    readonly column: string,
    readonly value: string,
    readonly code: string,
    readonly rule: string,
  ) {
    super(`${column}: got ${JSON.stringify(value)}, ${rule}`);
  }
}

// Which column an IntakeError's field comes from (longest prefix first).
const FIELD_COLUMNS: readonly (readonly [string, LotCsvColumn])[] = [
  ['weighing.ticketNumber', 'weighbridge_ticket'],
  ['weighing.vehicle', 'vehicle'],
  ['weighing.scale', 'scale'],
  ['weighing.grossMass', 'gross_mass'],
  ['weighing.tareMass', 'tare_mass'],
  ['weighing.netMass', 'net_mass'],
  ['declaredComposition', 'declared_composition'],
  ['declaredMass', 'declared_mass'],
  ['moistureFraction', 'moisture_percent'],
  ['organisationId', 'organisation_id'],
  ['supplierSiteId', 'supplier_site_id'],
  ['materialKind', 'material_kind'],
  ['sourceCategory', 'source_category'],
  ['sourceEvidenceRef', 'source_evidence_ref'],
  ['countryOfOrigin', 'country_of_origin'],
  ['containers', 'containers'],
  ['receivedAt', 'received_at'],
  ['externalRef', 'external_ref'],
  ['manifest.number', 'manifest_number'],
  ['manifest.wasteType', 'manifest_waste_type'],
  ['manifest.issuedOn', 'manifest_issued_on'],
  ['manifest.issuerId', 'organisation_id'],
];

export function columnOfField(field: string): string {
  const match = FIELD_COLUMNS.find(
    ([prefix]) => field === prefix || field.startsWith(`${prefix}.`) || field.startsWith(`${prefix}[`),
  );
  if (!match) return field;
  // A unit error of a mass is the mass_unit column's.
  return field.endsWith('.unit') && match[1].endsWith('_mass') ? 'mass_unit' : match[1];
}

/** The header's columns, or the problems with it (unknown or missing columns). */
export function readHeader(cells: readonly string[]): { columns: string[]; problems: CsvCellError[] } {
  const columns = cells.map((cell) => cell.trim());
  const problems: CsvCellError[] = [];
  const known = Object.keys(LOT_CSV_COLUMNS);
  columns.forEach((column) => {
    if (!known.includes(column)) {
      problems.push(
        new CsvCellError(
          column,
          column,
          'INVALID_INPUT',
          `is not a column of the lot CSV (${known.join(', ')})`,
        ),
      );
    }
  });
  for (const [column, definition] of Object.entries(LOT_CSV_COLUMNS)) {
    if (definition.required && !columns.includes(column)) {
      problems.push(
        new CsvCellError(column, '', 'INVALID_INPUT', 'is a required column and missing from the header'),
      );
    }
  }
  return { columns, problems };
}

/** A registration from one row (cells by column); throws CsvCellError for a cell no registration can come from. */
export function registrationOfRow(
  row: ReadonlyMap<string, string>,
): RegisterLotCommand & { externalRef: string } {
  const cell = (column: LotCsvColumn): string | undefined => {
    const value = row.get(column)?.trim();
    return value === undefined || value === '' ? undefined : value;
  };
  const required = (column: LotCsvColumn): string => {
    const value = cell(column);
    if (value === undefined) throw new CsvCellError(column, '', 'INVALID_INPUT', 'is required');
    return value;
  };
  const unit = cell('mass_unit') ?? 'KGM';
  const mass = (column: LotCsvColumn) => ({ value: required(column), unit });
  const receivedText = required('received_at');
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(receivedText)) {
    throw new CsvCellError(
      'received_at',
      receivedText,
      'INVALID_INPUT',
      'must be ISO 8601 with a time zone, e.g. 2026-03-02T08:00:00+09:00',
    );
  }
  const pairs = (column: LotCsvColumn, separator: string): [string, string][] | undefined => {
    const text = cell(column);
    if (text === undefined) return undefined;
    return text.split(';').map((pair) => {
      const parts = pair.split(separator).map((part) => part.trim());
      if (parts.length !== 2 || parts[0] === '' || parts[1] === '') {
        throw new CsvCellError(
          column,
          text,
          'INVALID_INPUT',
          `must be pairs written a${separator}b separated by ";"`,
        );
      }
      return [parts[0], parts[1]];
    });
  };
  const containers = pairs('containers', ':')?.map(([kind, count]) => {
    if (!/^\d+$/.test(count))
      throw new CsvCellError('containers', count, 'INVALID_INPUT', 'each count must be a whole number');
    return { kind, count: Number(count) };
  });
  const composition = pairs('declared_composition', '=')?.map(([element, value]) => ({
    element,
    value,
    unit: 'P1',
  }));
  const basis = cell('composition_basis');
  if (basis !== undefined && basis !== 'DRY' && basis !== 'WET') {
    throw new CsvCellError('composition_basis', basis, 'INVALID_INPUT', 'must be DRY or WET');
  }
  const net = cell('net_mass');
  const moisture = cell('moisture_percent');
  const manifestNumber = cell('manifest_number');
  let manifest: RegisterLotCommand['manifest'];
  if (manifestNumber !== undefined) {
    const form = required('manifest_form');
    if (form !== 'PAPER' && form !== 'ELECTRONIC') {
      throw new CsvCellError('manifest_form', form, 'INVALID_INPUT', 'must be PAPER or ELECTRONIC');
    }
    const controlled = cell('manifest_specially_controlled') ?? 'false';
    if (controlled !== 'true' && controlled !== 'false') {
      throw new CsvCellError(
        'manifest_specially_controlled',
        controlled,
        'INVALID_INPUT',
        'must be true or false',
      );
    }
    manifest = {
      number: manifestNumber,
      wasteType: required('manifest_waste_type'),
      form,
      issuedOn: required('manifest_issued_on'),
      speciallyControlled: controlled === 'true',
    };
  }
  return {
    externalRef: required('external_ref'),
    organisationId: cell('organisation_id'),
    supplierSiteId: required('supplier_site_id'),
    materialKind: required('material_kind'),
    sourceCategory: required('source_category'),
    sourceEvidenceRef: required('source_evidence_ref'),
    countryOfOrigin: required('country_of_origin'),
    declaredMass: mass('declared_mass'),
    weighing: {
      ticketNumber: required('weighbridge_ticket'),
      vehicle: required('vehicle'),
      scale: required('scale'),
      gross: mass('gross_mass'),
      tare: mass('tare_mass'),
      ...(net === undefined ? {} : { net: { value: net, unit } }),
    },
    ...(moisture === undefined ? {} : { moistureFraction: { value: moisture, unit: 'P1' } }),
    ...(containers === undefined ? {} : { containers }),
    receivedAt: new Date(receivedText),
    ...(composition === undefined ? {} : { declaredComposition: composition }),
    ...(basis === undefined ? {} : { declaredCompositionBasis: basis }),
    ...(manifest === undefined ? {} : { manifest }),
  };
}

/** The IntakeError of a row as a cell problem. */
export function cellErrorOf(error: IntakeError): CsvCellError {
  return new CsvCellError(columnOfField(error.field), error.value, error.code, error.rule);
}
