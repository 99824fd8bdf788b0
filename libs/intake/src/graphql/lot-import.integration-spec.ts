import { decodeEventData, IntakeEventTypes } from '@rre/contracts';
import { IntakeTestApp } from '../test-support/intake-test-app';
import { recyclerA, recyclerB } from '../test-support/intake-callers';
import { CORRECT_LOT } from '../test-support/intake-graphql.documents';

jest.setTimeout(120_000);

const IMPORT = `mutation ($input: ImportLotsInput!) { importLots(input: $input) {
  encoding dryRun allOrNothing rowCount createdCount alreadyImportedCount invalidCount
  rows { line externalRef status lotId lotCode } issues { line column value code rule } } }`;

const HEADER =
  'external_ref,supplier_site_id,material_kind,source_category,source_evidence_ref,country_of_origin,declared_mass,weighbridge_ticket,vehicle,scale,gross_mass,tare_mass,net_mass,received_at,declared_composition,manifest_number,manifest_waste_type,manifest_form,manifest_issued_on';
const line = (
  ref: string,
  overrides: Partial<Record<'gross' | 'net' | 'composition' | 'received' | 'manifest', string>> = {},
) =>
  [
    ref,
    'site-1',
    'EV_MOTOR_MAGNET',
    'POST_CONSUMER',
    'doc-1',
    'JP',
    '1000',
    `WB-${ref}`,
    '"トラック 12-34"',
    'wb-1',
    overrides.gross ?? '1250.5',
    '250.5',
    overrides.net ?? '',
    overrides.received ?? '2026-03-02T08:00:00+09:00',
    overrides.composition ?? 'Nd=25.1;Dy=4.5',
    ...(overrides.manifest ? [overrides.manifest, '金属くず', 'PAPER', '2026-03-01'] : ['', '', '', '']),
  ].join(',');
const csv = (...lines: string[]) => [HEADER, ...lines].join('\r\n') + '\r\n';

let app: IntakeTestApp;
beforeAll(async () => {
  app = await IntakeTestApp.start();
});
afterAll(async () => {
  await app?.stop();
});

async function importCsv(bytes: Buffer, options: Record<string, unknown> = {}, caller = recyclerA) {
  const answer = await app.graphql(caller, IMPORT, {
    input: { contentBase64: bytes.toString('base64'), ...options },
  });
  expect(answer.errors).toBeUndefined();
  return answer.data.importLots;
}

describe('CSV import of lots', () => {
  const good = csv(line('DN-001', { manifest: 'M-001' }), line('DN-002'), line('DN-003'));

  it('validates only on a dry run: three valid rows, nothing written', async () => {
    const before = await app.rowCounts();
    const report = await importCsv(Buffer.from(good, 'utf8'), { dryRun: true });
    expect(report).toEqual(
      expect.objectContaining({
        encoding: 'UTF_8',
        dryRun: true,
        rowCount: 3,
        createdCount: 0,
        invalidCount: 0,
        issues: [],
      }),
    );
    expect(report.rows.map((row: any) => [row.line, row.status])).toEqual([
      [2, 'VALID'],
      [3, 'VALID'],
      [4, 'VALID'],
    ]);
    expect(await app.rowCounts()).toEqual(before);
  });

  it('imports the rows with their registration events; importing the same file again creates nothing', async () => {
    const report = await importCsv(Buffer.from(good, 'utf8'));
    expect(report.createdCount).toBe(3);
    expect(report.rows.map((row: any) => row.status)).toEqual(['CREATED', 'CREATED', 'CREATED']);
    const first = report.rows[0];
    const [event] = await app.outboxOf(first.lotId);
    const registered = decodeEventData(IntakeEventTypes.LotRegistered, event.data);
    expect(registered.lot?.lotCode).toBe(first.lotCode);
    expect(registered.wasteManifestNumber).toBe('M-001');

    const before = await app.rowCounts();
    const again = await importCsv(Buffer.from(good, 'utf8'));
    expect(again).toEqual(expect.objectContaining({ createdCount: 0, alreadyImportedCount: 3, issues: [] }));
    expect(await app.rowCounts()).toEqual(before);
  });

  it("numbers a file's lots consecutively, and an imported lot is corrected like any other", async () => {
    const report = await importCsv(Buffer.from(csv(line('DN-020'), line('DN-021'), line('DN-022')), 'utf8'));
    const numbers = report.rows.map((row: any) => Number(row.lotCode.split('-')[2]));
    expect(numbers).toEqual([numbers[0], numbers[0] + 1, numbers[0] + 2]);
    const lotId = report.rows[1].lotId;
    const corrected = await app.graphql(recyclerA, CORRECT_LOT, {
      input: { lotId, reason: 'typo in the declaration', declaredMass: { value: '1001', unit: 'KGM' } },
    });
    expect(corrected.errors).toBeUndefined();
    const [registered, correction] = await app.outboxOf(lotId);
    expect(decodeEventData(IntakeEventTypes.LotCorrected, correction.data).correctsEventId).toBe(
      registered.event_id,
    );
  });

  it('refuses a file whose manifest number the issuer already used, naming it, and writes nothing', async () => {
    const before = await app.rowCounts();
    const answer = await app.graphql(recyclerA, IMPORT, {
      input: {
        contentBase64: Buffer.from(
          csv(line('DN-030'), line('DN-031', { manifest: 'M-001' })),
          'utf8',
        ).toString('base64'),
      },
    });
    expect(answer.errors?.[0].extensions).toEqual(
      expect.objectContaining({ code: 'DUPLICATE_MANIFEST', field: 'manifest.number', value: 'M-001' }),
    );
    expect(await app.rowCounts()).toEqual(before);
  });

  it('reads Shift_JIS, as Excel writes CSV in Japan', async () => {
    const text = csv(line('DN-SJIS-1', { manifest: 'M-SJIS-1' }));
    const encoded = encodeShiftJis(text);
    const report = await importCsv(encoded, { encoding: 'AUTO' });
    expect(report.encoding).toBe('SHIFT_JIS');
    expect(report.createdCount).toBe(1);
  });

  it('reports every bad row with its line, column and rule, and writes nothing (all-or-nothing)', async () => {
    const bad = csv(
      line('DN-010'),
      line('DN-011', { gross: '1250.5', net: '1300' }),
      line('DN-012', { composition: 'Nd=25.1;Xx=1' }),
      line('DN-013', { received: '2026-03-02' }),
      line('DN-010'),
    );
    const before = await app.rowCounts();
    const report = await importCsv(Buffer.from(bad, 'utf8'));
    expect(report.createdCount).toBe(0);
    expect(report.issues).toEqual([
      {
        line: 3,
        column: 'net_mass',
        value: '1300 KGM',
        code: 'NET_ABOVE_GROSS',
        rule: 'must not exceed the gross mass 1250.5 KGM',
      },
      expect.objectContaining({
        line: 4,
        column: 'declared_composition',
        value: '"Xx"',
        code: 'UNKNOWN_ELEMENT',
      }),
      expect.objectContaining({ line: 5, column: 'received_at', value: '2026-03-02', code: 'INVALID_INPUT' }),
      expect.objectContaining({
        line: 6,
        column: 'external_ref',
        code: 'DUPLICATE_LOT_REFERENCE',
        rule: 'must be unique in the file (line 2 has it too)',
      }),
    ]);
    expect(report.rows.map((row: any) => row.status)).toEqual([
      'NOT_WRITTEN',
      'INVALID',
      'INVALID',
      'INVALID',
      'INVALID',
    ]);
    expect(await app.rowCounts()).toEqual(before);

    const partial = await importCsv(Buffer.from(bad, 'utf8'), { allOrNothing: false });
    expect(partial.createdCount).toBe(1);
    expect(partial.rows[0].status).toBe('CREATED');
  });

  it('reports a header with unknown or missing columns, and keeps a recycler to its own organisation', async () => {
    const header = await importCsv(Buffer.from('external_ref,colour\r\nDN-1,red\r\n', 'utf8'));
    expect(header.issues.map((issue: any) => [issue.line, issue.column])).toEqual(
      expect.arrayContaining([
        [1, 'colour'],
        [1, 'received_at'],
      ]),
    );
    const foreign = csv(line('DN-020'))
      .replace(HEADER, `${HEADER},organisation_id`)
      .replace(/\r\n$/, ',org-recycler-a\r\n');
    const refused = await importCsv(Buffer.from(foreign, 'utf8'), {}, recyclerB);
    expect(refused.issues).toEqual([
      expect.objectContaining({ line: 2, column: 'organisation_id', code: 'FORBIDDEN' }),
    ]);
  });
});

/** Shift_JIS for the characters these tests use (ASCII, katakana トラック, kanji 金属, hiragana くず). */
function encodeShiftJis(text: string): Buffer {
  const table: Record<string, number[]> = {
    ト: [0x83, 0x67],
    ラ: [0x83, 0x89],
    ッ: [0x83, 0x62],
    ク: [0x83, 0x4e],
    金: [0x8b, 0xe0],
    属: [0x91, 0xae],
    く: [0x82, 0xad],
    ず: [0x82, 0xb8],
  };
  const bytes: number[] = [];
  for (const character of text) {
    const code = character.charCodeAt(0);
    if (code < 0x80) bytes.push(code);
    else if (table[character]) bytes.push(...table[character]);
    else throw new Error(`no Shift_JIS code for ${character} in this test table`);
  }
  const encoded = Buffer.from(bytes);
  expect(new TextDecoder('shift_jis').decode(encoded)).toBe(text);
  return encoded;
}
