import { loadOrCreateSigningKey, mintToken } from '@rre/auth';
import { openTestDatabase, type TestDatabase, uniqueSchemaName } from '@rre/persistence';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { importLotsCommand } from './import-lots.command';

jest.setTimeout(120_000);

const HEADER =
  'external_ref,supplier_site_id,material_kind,source_category,source_evidence_ref,country_of_origin,declared_mass,weighbridge_ticket,vehicle,scale,gross_mass,tare_mass,received_at';
const row = (ref: string, gross = '1250.5') =>
  `${ref},site-1,TAILINGS,PRIMARY,doc-1,AU,1000,WB-${ref},truck,wb-1,${gross},250.5,2026-03-02T08:00:00Z`;

let database: TestDatabase;
let dataDir: string;
const schema = uniqueSchemaName('intake');

beforeAll(async () => {
  database = await openTestDatabase();
  dataDir = mkdtempSync(path.join(tmpdir(), 'rre-import-cli-'));
});
afterAll(async () => {
  const client = new Client({ connectionString: database.url });
  await client.connect();
  await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  await client.end();
  await database?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

async function run(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const progress: string[] = [];
  const code = await importLotsCommand(
    args,
    { DATABASE_URL: database.url, DATABASE_SCHEMA: schema, DATA_DIR: dataDir },
    { out: (line) => out.push(line), err: (line) => err.push(line), progress: (line) => progress.push(line) },
  );
  return { code, out, err, progress };
}

describe('import-lots CLI', () => {
  it('imports a file as the token holder with a progress bar, and a second run creates nothing', async () => {
    const key = await loadOrCreateSigningKey(path.join(dataDir, 'keys'));
    const token = await mintToken(key, {
      subject: 'usr-recycler-a1',
      organisationId: 'org-a',
      roles: ['recycler'],
    });
    const file = path.join(dataDir, 'lots.csv');
    writeFileSync(file, [HEADER, row('T-1'), row('T-2'), row('T-3')].join('\n'));

    const dry = await run([file, '--token', token, '--dry-run']);
    expect(dry.code).toBe(0);
    expect(dry.out[0]).toBe(`${file}: 3 rows (UTF_8), dry run: 0 created, 0 already imported, 0 invalid`);

    const first = await run([file, '--token', token]);
    expect(first.code).toBe(0);
    expect(first.out[0]).toBe(`${file}: 3 rows (UTF_8): 3 created, 0 already imported, 0 invalid`);
    expect(first.progress.at(-1)).toBe('done       [##############################] 100% 3/3');
    expect(first.progress.some((line) => line.startsWith('writing'))).toBe(true);

    const second = await run([file, '--token', token]);
    expect(second.out[0]).toBe(`${file}: 3 rows (UTF_8): 0 created, 3 already imported, 0 invalid`);
  });

  it('lists refused rows with line, column and rule and exits 1; a bad token exits 2', async () => {
    const key = await loadOrCreateSigningKey(path.join(dataDir, 'keys'));
    const token = await mintToken(key, {
      subject: 'usr-recycler-a1',
      organisationId: 'org-a',
      roles: ['recycler'],
    });
    const file = path.join(dataDir, 'bad.csv');
    writeFileSync(file, [HEADER, row('T-10'), row('T-11', '-5')].join('\n'));
    const bad = await run([file, '--token', token]);
    expect(bad.code).toBe(1);
    expect(bad.out).toEqual([
      `${file}: 2 rows (UTF_8): 0 created, 0 already imported, 1 invalid`,
      '  line 3, gross_mass: got "-5 KGM", must not be negative: a measured mass is zero or more (INVALID_MASS)',
      '  nothing was written: fix the rows above, or pass --allow-partial to write the valid ones',
    ]);
    const forged = await run([file, '--token', `${token.slice(0, -4)}AAAA`]);
    expect(forged.code).toBe(2);
    expect(forged.err[0]).toMatch(/^token refused/);
    expect((await run([file])).code).toBe(2);
  });
});
