import { QueryFailedError, type DataSource } from 'typeorm';
import { InvalidDatabaseUrlError } from './database-url';
import { migrateCommand } from './migrate-cli';
import { revertLastMigration, runMigrations } from './migration-runner';
import { isUniqueViolation } from './postgres-error';
import { createServiceDataSource } from './service-data-source';
import { openServiceDatabase } from './service-database';
import { openTestDatabase, uniqueSchemaName, type TestDatabase } from './testing/test-database';
import { inTransaction } from './transaction';
import { SampleLot } from './test-support/sample-lot.entity';
import { newLot, SampleServices, sampleServiceOptions } from './test-support/sample-service';

jest.setTimeout(120_000);

const MIGRATIONS = ['CreateSampleLot1764300000000', 'AddSampleLotNote1764300000001'];
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let database: TestDatabase;
let services: SampleServices;

beforeAll(async () => {
  database = await openTestDatabase();
  services = new SampleServices(database.url);
});

afterAll(async () => {
  await services?.dropAll();
  await database?.close();
});

async function tablesIn(dataSource: DataSource, schema: string): Promise<string[]> {
  const rows: { table_name: string }[] = await dataSource.query(
    'SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY table_name',
    [schema],
  );
  return rows.map((row) => row.table_name);
}

async function migrationsRecordedIn(dataSource: DataSource, schema: string): Promise<string[]> {
  const rows: { name: string }[] = await dataSource.query(
    `SELECT name FROM "${schema}".migrations ORDER BY id`,
  );
  return rows.map((row) => row.name);
}

describe('openServiceDatabase', () => {
  it('creates the service schema, runs its migrations there and records them in its own migrations table', async () => {
    const service = uniqueSchemaName('intake');
    const dataSource = await services.open(service);

    expect(await tablesIn(dataSource, service)).toEqual(['migrations', 'sample_lot']);
    expect(await migrationsRecordedIn(dataSource, service)).toEqual(MIGRATIONS);
    const elsewhere: unknown[] = await dataSource.query(
      "SELECT table_schema FROM information_schema.tables WHERE table_name = 'sample_lot' AND table_schema = $1",
      ['public'],
    );
    expect(elsewhere).toEqual([]);
    expect(dataSource.getRepository(SampleLot).metadata.tablePath).toBe(`${service}.sample_lot`);
  });

  it('runs nothing the second time, whether run again or reopened', async () => {
    const service = uniqueSchemaName('intake');
    const dataSource = await services.open(service);

    await expect(runMigrations(dataSource)).resolves.toEqual([]);
    await services.open(service);
    expect(await migrationsRecordedIn(dataSource, service)).toEqual(MIGRATIONS);
  });

  it('lets two instances of a service open it at the same time, running each migration once', async () => {
    const service = uniqueSchemaName('sales');
    const [first] = await Promise.all([services.open(service), services.open(service)]);
    expect(await migrationsRecordedIn(first, service)).toEqual(MIGRATIONS);
  });

  it('keeps two services in separate schemas with separate migrations tables', async () => {
    const [intake, sales] = [uniqueSchemaName('intake'), uniqueSchemaName('sales')];
    const [intakeDb, salesDb] = await Promise.all([services.open(intake), services.open(sales)]);

    await intakeDb.getRepository(SampleLot).save(newLot('L-1', '10.5'));
    expect(await intakeDb.getRepository(SampleLot).count()).toBe(1);
    expect(await salesDb.getRepository(SampleLot).count()).toBe(0);
    expect(await migrationsRecordedIn(intakeDb, intake)).toEqual(MIGRATIONS);
    expect(await migrationsRecordedIn(salesDb, sales)).toEqual(MIGRATIONS);

    await revertLastMigration(salesDb);
    expect(await migrationsRecordedIn(salesDb, sales)).toEqual(MIGRATIONS.slice(0, 1));
    expect(await migrationsRecordedIn(intakeDb, intake)).toEqual(MIGRATIONS);
  });

  it('sets application_name to the service (checked on PostgreSQL; PGlite shares one session)', async () => {
    const service = uniqueSchemaName('reduction');
    const dataSource = await services.open(service);
    const [{ name }]: { name: string }[] = await dataSource.query(
      "SELECT current_setting('application_name') AS name",
    );
    // PGlite is one backend shared by every connection: the setting is whoever connected last.
    if (database.kind === 'postgres') expect(name).toBe(service);
  });

  it('refuses a bad URL with the DATABASE_URL error', async () => {
    const options = sampleServiceOptions('postgres://user:hunter2@/rre', uniqueSchemaName('intake'));
    await expect(openServiceDatabase(options)).rejects.toThrow(InvalidDatabaseUrlError);
    await expect(openServiceDatabase(options)).rejects.toThrow(
      /^Invalid DATABASE_URL: it is "postgres:\/\/user:\*\*\*\*@\/rre"/,
    );
  });
});

describe('revertLastMigration and migrateCommand', () => {
  it('revert the last migration and run it again', async () => {
    const service = uniqueSchemaName('separation');
    const dataSource = await services.open(service);
    const columns = async () =>
      (
        (await dataSource.query(
          'SELECT column_name FROM information_schema.columns WHERE table_schema = $1 AND table_name = $2',
          [service, 'sample_lot'],
        )) as { column_name: string }[]
      ).map((row) => row.column_name);
    expect(await columns()).toContain('note');

    const lines: string[] = [];
    const output = { log: (line: string) => lines.push(line), error: (line: string) => lines.push(line) };
    const factory = () => createServiceDataSource(sampleServiceOptions(database.url, service, 1));

    await expect(migrateCommand(factory, ['--revert'], output)).resolves.toBe(0);
    expect(await columns()).not.toContain('note');
    expect(await migrationsRecordedIn(dataSource, service)).toEqual(MIGRATIONS.slice(0, 1));

    await expect(migrateCommand(factory, [], output)).resolves.toBe(0);
    await expect(migrateCommand(factory, [], output)).resolves.toBe(0);
    expect(await columns()).toContain('note');
    expect(lines).toEqual([
      `${service}: reverted ${MIGRATIONS[1]}`,
      `${service}: ran 1\n  ${MIGRATIONS[1]}`,
      `${service}: up to date`,
    ]);
  });
});

describe('numeric columns', () => {
  it('round-trip exactly, as strings, never as JS numbers', async () => {
    const dataSource = await services.open(uniqueSchemaName('intake'));
    const lots = dataSource.getRepository(SampleLot);
    await lots.save([
      newLot('BIG', '123456789012345678.123456'),
      newLot('SMALL', '0.000001'),
      newLot('TENTH', '0.1'),
      newLot('PLAIN', '1.5'),
    ]);

    const byCode = Object.fromEntries((await lots.find()).map((lot) => [lot.code, lot.massKg]));
    expect(byCode).toEqual({
      BIG: '123456789012345678.123456',
      SMALL: '0.000001',
      TENTH: '0.100000',
      PLAIN: '1.500000',
    });

    const [raw] = await lots
      .createQueryBuilder('lot')
      .select('sum(lot.mass_kg)', 'total')
      .addSelect('array_agg(lot.mass_kg ORDER BY lot.mass_kg)', 'all')
      .getRawMany<{ total: unknown; all: unknown }>();
    expect(raw.total).toBe('123456789012345679.723457');
    expect(raw.all).toEqual(['0.000001', '0.100000', '1.500000', '123456789012345678.123456']);
    const [{ literal }]: { literal: unknown }[] = await dataSource.query(
      'SELECT 0.1::numeric + 0.2 AS literal',
    );
    expect(literal).toBe('0.3');
  });
});

describe('inTransaction', () => {
  it('commits what the work did through the manager', async () => {
    const dataSource = await services.open(uniqueSchemaName('intake'));
    const saved = await inTransaction(dataSource, async (manager) => {
      await manager.getRepository(SampleLot).save(newLot('A', '1'));
      await manager.getRepository(SampleLot).save(newLot('B', '2'));
      return manager.getRepository(SampleLot).count();
    });
    expect(saved).toBe(2);
    expect(await dataSource.getRepository(SampleLot).count()).toBe(2);
  });

  it('rolls back everything when the work throws', async () => {
    const dataSource = await services.open(uniqueSchemaName('intake'));
    await dataSource.getRepository(SampleLot).save(newLot('KEPT', '1'));

    await expect(
      inTransaction(dataSource, async (manager) => {
        await manager.getRepository(SampleLot).save(newLot('GONE-1', '1'));
        await manager.query(`UPDATE ${manager.getRepository(SampleLot).metadata.tablePath} SET mass_kg = 99`);
        await manager.getRepository(SampleLot).save(newLot('GONE-2', '2'));
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');

    const lots = await dataSource.getRepository(SampleLot).find();
    expect(lots.map((lot) => [lot.code, lot.massKg])).toEqual([['KEPT', '1.000000']]);
  });

  it('surfaces a unique violation as an error and rolls back the rest of the transaction', async () => {
    const dataSource = await services.open(uniqueSchemaName('intake'));
    const lots = dataSource.getRepository(SampleLot);
    await lots.save(newLot('DUP', '1'));

    const failure = await lots.insert(newLot('DUP', '2')).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(QueryFailedError);
    expect(isUniqueViolation(failure)).toBe(true);

    const inTx = await inTransaction(dataSource, async (manager) => {
      await manager.getRepository(SampleLot).insert(newLot('OTHER', '3'));
      await manager.getRepository(SampleLot).insert(newLot('DUP', '4'));
    }).catch((error: unknown) => error);
    expect(isUniqueViolation(inTx)).toBe(true);
    expect((await lots.find()).map((lot) => lot.code)).toEqual(['DUP']);
  });

  it('never shows one transaction uncommitted work of another', async () => {
    const dataSource = await services.open(uniqueSchemaName('intake'));
    const lots = dataSource.getRepository(SampleLot);
    let inserted!: () => void;
    const insertDone = new Promise<void>((resolve) => (inserted = resolve));

    const writer = inTransaction(dataSource, async (manager) => {
      await manager.getRepository(SampleLot).insert(newLot('UNCOMMITTED', '1'));
      inserted();
      await sleep(200);
      throw new Error('roll back');
    }).catch(() => 'rolled back');
    await insertDone;
    // PostgreSQL answers at once without the row; PGlite makes the reader wait for the writer.
    const seen = await inTransaction(dataSource, (manager) => manager.getRepository(SampleLot).count());

    expect(await writer).toBe('rolled back');
    expect(seen).toBe(0);
    expect(await lots.count()).toBe(0);
  });

  it('loses no update when concurrent transactions read and write the same row', async () => {
    const dataSource = await services.open(uniqueSchemaName('intake'), 6);
    const lots = dataSource.getRepository(SampleLot);
    const lot = await lots.save(newLot('COUNTER', '0'));
    const table = lots.metadata.tablePath;

    await Promise.all(
      Array.from({ length: 20 }, () =>
        inTransaction(dataSource, async (manager) => {
          const [{ mass_kg }]: { mass_kg: string }[] = await manager.query(
            `SELECT mass_kg FROM ${table} WHERE id = $1 FOR UPDATE`,
            [lot.id],
          );
          await manager.query(`UPDATE ${table} SET mass_kg = $1::numeric + 0.000001 WHERE id = $2`, [
            mass_kg,
            lot.id,
          ]);
        }),
      ),
    );
    expect((await lots.findOneByOrFail({ id: lot.id })).massKg).toBe('0.000020');
  });

  it('retries a SERIALIZABLE transaction that lost to a concurrent one', async () => {
    const dataSource = await services.open(uniqueSchemaName('intake'), 4);
    const lots = dataSource.getRepository(SampleLot);
    const lot = await lots.save(newLot('SERIAL', '0'));
    const table = lots.metadata.tablePath;
    let attempts = 0;
    let arrived = 0;

    const increment = () =>
      inTransaction(
        dataSource,
        async (manager) => {
          attempts++;
          const [{ mass_kg }]: { mass_kg: string }[] = await manager.query(
            `SELECT mass_kg FROM ${table} WHERE id = $1`,
            [lot.id],
          );
          // Both read before either writes (on PostgreSQL); PGlite runs them one after the other.
          arrived++;
          for (let waited = 0; arrived < 2 && waited < 300; waited += 10) await sleep(10);
          await manager.query(`UPDATE ${table} SET mass_kg = $1::numeric + 1 WHERE id = $2`, [
            mass_kg,
            lot.id,
          ]);
        },
        { isolationLevel: 'SERIALIZABLE', retries: 3 },
      );

    await Promise.all([increment(), increment()]);
    expect((await lots.findOneByOrFail({ id: lot.id })).massKg).toBe('2.000000');
    if (database.kind === 'postgres') expect(attempts).toBe(3);
  });

  it('gives every one of many concurrent queries and transactions its own results', async () => {
    const dataSource = await services.open(uniqueSchemaName('intake'), 8);
    const lots = dataSource.getRepository(SampleLot);
    const outcomes = await Promise.all(
      Array.from({ length: 120 }, async (_, i) => {
        const code = `C-${i}`;
        const mass = `${i}.${'1'.repeat(6)}`;
        if (i % 3 === 0) {
          const [{ echoed }]: { echoed: string }[] = await dataSource.query('SELECT $1::text AS echoed', [
            code,
          ]);
          return echoed === code;
        }
        return inTransaction(dataSource, async (manager) => {
          await manager.getRepository(SampleLot).insert(newLot(code, mass));
          const found = await manager.getRepository(SampleLot).findOneByOrFail({ code });
          if (i % 5 === 0) throw new Error('rollback');
          return found.massKg === mass;
        }).catch((error: Error) => error.message === 'rollback');
      }),
    );
    expect(outcomes.every(Boolean)).toBe(true);
    const expected = Array.from({ length: 120 }, (_, i) => i).filter((i) => i % 3 !== 0 && i % 5 !== 0);
    expect(await lots.count()).toBe(expected.length);
  });
});
