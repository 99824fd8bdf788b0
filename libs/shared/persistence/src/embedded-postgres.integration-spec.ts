import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Pool } from 'pg';
import { DATA_DIR_LOCK_FILE, DataDirLockedError } from './data-dir-lock';
import { EmbeddedPostgres } from './embedded-postgres';
import { openServiceDatabase } from './service-database';
import { SampleLot } from './test-support/sample-lot.entity';
import { newLot, sampleServiceOptions } from './test-support/sample-service';

// These tests are about PGlite itself, so they run on it whatever TEST_DATABASE says.
jest.setTimeout(120_000);

const dataDir = mkdtempSync(join(tmpdir(), 'rre-embedded-spec-'));
const timings: string[] = [];

async function timed<T>(label: string, action: () => Promise<T>): Promise<T> {
  const started = Date.now();
  try {
    return await action();
  } finally {
    timings.push(`${label}: ${Date.now() - started} ms`);
  }
}

function startChild(): { child: ChildProcessWithoutNullStreams; firstLine: Promise<string> } {
  const child = spawn(
    process.execPath,
    [
      '-r',
      join(__dirname, 'test-support/register-ts.cjs'),
      join(__dirname, 'test-support/embedded-postgres-child.ts'),
      dataDir,
    ],
    { stdio: 'pipe' },
  );
  const firstLine = new Promise<string>((resolve, reject) => {
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('\n')) resolve(out.split('\n')[0]);
    });
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.on('exit', (code) => reject(new Error(`child exited (${code}) without a line: ${err}`)));
  });
  return { child, firstLine };
}

const exited = (child: ChildProcessWithoutNullStreams) =>
  new Promise<number | null>((resolve) =>
    child.exitCode !== null || child.signalCode !== null
      ? resolve(child.exitCode)
      : child.on('exit', resolve),
  );

afterAll(() => {
  console.info(`[persistence] PGlite timings\n  ${timings.join('\n  ')}`);
  rmSync(dataDir, { recursive: true, force: true });
});

describe('EmbeddedPostgres', () => {
  let embedded: EmbeddedPostgres | undefined;

  afterEach(async () => {
    await embedded?.stop();
    embedded = undefined;
  });

  it('serves the data directory to the pg driver, and keeps the data across stop and start', async () => {
    embedded = await timed('first start (creates the data directory)', () =>
      EmbeddedPostgres.start({ dataDir, maxConnections: 4 }),
    );
    expect(embedded.url).toMatch(/^postgres:\/\/postgres@127\.0\.0\.1:\d+\/postgres$/);
    expect(existsSync(join(dataDir, DATA_DIR_LOCK_FILE))).toBe(true);

    const first = await timed('open service (first migrations)', () =>
      openServiceDatabase(sampleServiceOptions((embedded as EmbeddedPostgres).url, 'intake', 2)),
    );
    await first.getRepository(SampleLot).save(newLot('KEPT', '42.000001'));
    await first.destroy();
    await timed('stop', () => (embedded as EmbeddedPostgres).stop());
    expect(existsSync(join(dataDir, DATA_DIR_LOCK_FILE))).toBe(false);

    embedded = await timed('second start (existing data directory)', () =>
      EmbeddedPostgres.start({ dataDir, maxConnections: 4 }),
    );
    const again = await openServiceDatabase(sampleServiceOptions(embedded.url, 'intake', 2));
    const lots = await again.getRepository(SampleLot).find();
    await again.destroy();
    expect(lots.map((lot) => [lot.code, lot.massKg])).toEqual([['KEPT', '42.000001']]);
  });

  it('refuses a second instance on the same data directory in this process, at once', async () => {
    embedded = await EmbeddedPostgres.start({ dataDir, maxConnections: 2 });
    const started = Date.now();
    const second = EmbeddedPostgres.start({ dataDir, maxConnections: 2 });
    await expect(second).rejects.toThrow(DataDirLockedError);
    await expect(EmbeddedPostgres.start({ dataDir, maxConnections: 2 })).rejects.toThrow(
      `data directory ${dataDir} is already in use (held by this process, pid ${process.pid}`,
    );
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('refuses a second process on the same data directory, naming this pid', async () => {
    embedded = await EmbeddedPostgres.start({ dataDir, maxConnections: 2 });
    const { child, firstLine } = startChild();
    const line = await timed('second process refused', () => firstLine);
    expect(line).toContain(`FAILED DataDirLockedError: Embedded PostgreSQL data directory ${dataDir}`);
    expect(line).toContain(`held by pid ${process.pid}`);
    expect(await exited(child)).toBe(1);
  });

  it('takes over the lock of a process that was killed, with its committed data intact', async () => {
    const { child, firstLine } = startChild();
    const line = await firstLine;
    expect(line).toMatch(/^READY postgres:\/\//);
    try {
      await expect(EmbeddedPostgres.start({ dataDir, maxConnections: 2 })).rejects.toThrow(
        `held by pid ${child.pid}`,
      );
      const client = new Client({ connectionString: line.slice('READY '.length) });
      await client.connect();
      await client.query(
        "INSERT INTO intake.sample_lot (id, code, mass_kg) VALUES ('01JZZZZZZZZZZZZZZZZZZZZZZZ', 'BEFORE-KILL', 7)",
      );
      await client.end();
    } finally {
      child.kill('SIGKILL');
      await exited(child);
    }

    embedded = await timed('start after SIGKILL of the previous holder', () =>
      EmbeddedPostgres.start({ dataDir, maxConnections: 2 }),
    );
    const client = new Client({ connectionString: embedded.url });
    await client.connect();
    const { rows } = await client.query('SELECT code, mass_kg FROM intake.sample_lot ORDER BY code');
    await client.end();
    expect(rows).toEqual([
      { code: 'BEFORE-KILL', mass_kg: '7.000000' },
      { code: 'KEPT', mass_kg: '42.000001' },
    ]);
  });

  it('keeps concurrent connections apart: extended-protocol queries beside transactions', async () => {
    // With the stock pglite-socket queue this fails ("portal does not exist") or hangs.
    embedded = await EmbeddedPostgres.start({ dataDir, maxConnections: 10 });
    const pool = new Pool({ connectionString: embedded.url, max: 10 });
    pool.on('error', () => undefined);
    try {
      await pool.query('CREATE TEMP TABLE wire_check (id int PRIMARY KEY, pad text)');
      const work = Promise.all(
        Array.from({ length: 200 }, async (_, i) => {
          if (i % 3 === 0) {
            const { rows } = await pool.query('SELECT $1::int AS v, length($2) AS l', [i, 'x'.repeat(i)]);
            return rows[0]?.v === i && rows[0]?.l === i;
          }
          const client = await pool.connect();
          try {
            await client.query('BEGIN');
            await client.query('INSERT INTO wire_check VALUES ($1, $2)', [i, 'y'.repeat(i)]);
            const { rows } = await client.query('SELECT id, length(pad) AS l FROM wire_check WHERE id = $1', [
              i,
            ]);
            await client.query(i % 5 === 0 ? 'ROLLBACK' : 'COMMIT');
            return rows[0]?.id === i && rows[0]?.l === i;
          } finally {
            client.release();
          }
        }),
      );
      const hung = new Promise<never>((_, reject) =>
        setTimeout(() => reject(new Error('hung')), 15_000).unref(),
      );
      const outcomes = await Promise.race([work, hung]);
      expect(outcomes.filter((ok) => !ok)).toEqual([]);
      const { rows } = await pool.query('SELECT count(*)::int AS n FROM wire_check');
      expect(rows[0].n).toBe(Array.from({ length: 200 }, (_, i) => i).filter((i) => i % 3 && i % 5).length);
    } finally {
      await Promise.race([pool.end(), new Promise((resolve) => setTimeout(resolve, 2000).unref())]);
    }
  });

  it('stops cleanly under a client that is still connected in a transaction, rolling it back', async () => {
    embedded = await EmbeddedPostgres.start({ dataDir, maxConnections: 2 });
    const lingering = new Client({ connectionString: embedded.url });
    lingering.on('error', () => undefined);
    await lingering.connect();
    await lingering.query('BEGIN');
    await lingering.query(
      "INSERT INTO intake.sample_lot (id, code, mass_kg) VALUES ('01JXXXXXXXXXXXXXXXXXXXXXXX', 'LINGER', 1)",
    );
    await timed('stop with a client in a transaction', () => (embedded as EmbeddedPostgres).stop());
    expect(existsSync(join(dataDir, DATA_DIR_LOCK_FILE))).toBe(false);

    embedded = await EmbeddedPostgres.start({ dataDir, maxConnections: 2 });
    const client = new Client({ connectionString: embedded.url });
    await client.connect();
    const { rows } = await client.query(
      "SELECT count(*)::int AS n FROM intake.sample_lot WHERE code = 'LINGER'",
    );
    await client.end();
    expect(rows).toEqual([{ n: 0 }]);
  });

  it('resets a connection beyond maxConnections', async () => {
    embedded = await EmbeddedPostgres.start({ dataDir, maxConnections: 1 });
    const first = new Client({ connectionString: embedded.url });
    const second = new Client({ connectionString: embedded.url });
    second.on('error', () => undefined);
    await first.connect();
    try {
      await expect(second.connect().then(() => second.query('SELECT 1'))).rejects.toThrow();
    } finally {
      await first.end();
      await second.end().catch(() => undefined);
    }
  });

  it('rolls back the open transaction of a client that disconnects', async () => {
    embedded = await EmbeddedPostgres.start({ dataDir, maxConnections: 2 });
    const quitter = new Client({ connectionString: embedded.url });
    await quitter.connect();
    await quitter.query('BEGIN');
    await quitter.query(
      "INSERT INTO intake.sample_lot (id, code, mass_kg) VALUES ('01JYYYYYYYYYYYYYYYYYYYYYYY', 'NEVER', 1)",
    );
    quitter.on('error', () => undefined);
    (quitter as unknown as { connection: { stream: { destroy(): void } } }).connection.stream.destroy();

    const other = new Client({ connectionString: embedded.url });
    await other.connect();
    const { rows } = await other.query(
      "SELECT count(*)::int AS n FROM intake.sample_lot WHERE code = 'NEVER'",
    );
    await other.end();
    expect(rows).toEqual([{ n: 0 }]);
  });
});
