// What the intake benchmark sends: registerLot inputs and lot CSV rows, all valid, all different.

const MATERIAL_KINDS = ['EV_MOTOR_MAGNET', 'HDD_MAGNET', 'COMPRESSOR_MAGNET', 'MAGNET_SWARF_SLUDGE'];
const SOURCE_CATEGORIES = ['POST_CONSUMER', 'PRE_CONSUMER'];

/** The columns of the benchmark's lot CSV (a subset of LOT_CSV_COLUMNS, in this order). */
export const BENCH_CSV_COLUMNS = [
  'external_ref',
  'supplier_site_id',
  'material_kind',
  'source_category',
  'source_evidence_ref',
  'country_of_origin',
  'declared_mass',
  'weighbridge_ticket',
  'vehicle',
  'scale',
  'gross_mass',
  'tare_mass',
  'moisture_percent',
  'containers',
  'received_at',
  'declared_composition',
  'manifest_number',
  'manifest_waste_type',
  'manifest_form',
  'manifest_issued_on',
] as const;

/** Masses in kg with up to 3 decimals; the net is gross - tare, within 2 % of the declared mass. */
function masses(i: number) {
  const tareGrams = 250_000 + (i % 997) * 10;
  const netGrams = 800_000 + (i % 4_999) * 100 + (i % 7);
  const declaredGrams = netGrams + (i % 3) * 1_000;
  const kg = (grams: number) => (grams / 1000).toFixed(3);
  return { declared: kg(declaredGrams), gross: kg(tareGrams + netGrams), tare: kg(tareGrams) };
}

/** Row `i` of the CSV: every 10th lot travels with a paper manifest. */
export function csvRow(i: number, run: string): string[] {
  const { declared, gross, tare } = masses(i);
  const withManifest = i % 10 === 0;
  return [
    `${run}-DLV-${String(i).padStart(7, '0')}`,
    `site-${i % 40}`,
    MATERIAL_KINDS[i % MATERIAL_KINDS.length] as string,
    SOURCE_CATEGORIES[i % SOURCE_CATEGORIES.length] as string,
    `doc-evidence-${i % 500}`,
    i % 5 === 0 ? 'VN' : 'JP',
    declared,
    `WB-${run}-${i}`,
    `truck ${i % 90}-${i % 13}`,
    `weighbridge-${i % 3}`,
    gross,
    tare,
    (i % 9).toString(),
    `drum:${1 + (i % 8)};pallet:${1 + (i % 3)}`,
    `2026-03-${String(1 + (i % 28)).padStart(2, '0')}T08:${String(i % 60).padStart(2, '0')}:00+09:00`,
    `Nd=${20 + (i % 8)}.5;Pr=5.1;Dy=${(i % 5) + 1}.2;Tb=0.4;Fe=60.2;B=1`,
    withManifest ? `M${run.slice(-6)}${String(i).padStart(8, '0')}` : '',
    withManifest ? '金属くず' : '',
    withManifest ? 'PAPER' : '',
    withManifest ? '2026-02-20' : '',
  ];
}

export function csvLine(cells: readonly string[]): string {
  return cells.map((cell) => (/[",\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell)).join(',');
}

/** A registerLot input for request `i`, as a recycler's weighbridge client would send it. */
export function registrationInput(i: number, run: string): Record<string, unknown> {
  const { declared, gross, tare } = masses(i);
  return {
    supplierSiteId: `site-${i % 40}`,
    materialKind: MATERIAL_KINDS[i % MATERIAL_KINDS.length],
    sourceCategory: SOURCE_CATEGORIES[i % SOURCE_CATEGORIES.length],
    sourceEvidenceRef: `doc-evidence-${i % 500}`,
    countryOfOrigin: 'JP',
    declaredMass: { value: declared, unit: 'KGM' },
    weighing: {
      ticketNumber: `WB-${run}-R${i}`,
      vehicle: `truck ${i % 90}`,
      scale: 'weighbridge-1',
      gross: { value: gross, unit: 'KGM' },
      tare: { value: tare, unit: 'KGM' },
    },
    receivedAt: '2026-03-02T08:00:00Z',
    containers: [{ kind: 'drum', count: 1 + (i % 8) }],
    declaredComposition: [
      { element: 'Nd', value: '25.1', unit: 'P1' },
      { element: 'Dy', value: '4.5', unit: 'P1' },
    ],
    declaredCompositionBasis: 'DRY',
    externalRef: `${run}-REG-${i}`,
  };
}

export const REGISTER_LOT_MUTATION = `mutation ($input: RegisterLotInput!, $key: String) {
  registerLot(input: $input, idempotencyKey: $key) { replayed lot { id code status } }
}`;
