import 'reflect-metadata';
import { loadOrCreateSigningKey, mintToken } from '@rre/auth';
import { EmbeddedPostgres } from '@rre/persistence';
import { fork, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import path from 'node:path';
import { Client } from 'pg';
import { ulid } from 'ulid';
import { machineDescription, percentile, table } from './bench-report';
import { BENCH_CSV_COLUMNS, csvLine, csvRow } from './intake-bench-data';
import type { RegistrationLoadOrder, RegistrationLoadResult } from './registration-load';

// `npm run bench:intake`: registerLot latency at a steady rate through the intake service's GraphQL
// endpoint (its own process, as deployed), and the CSV import CLI (`import-lots`, its own process)
// for many rows beside a plain insert of the same rows into the same database; on PGlite (served
// over the PostgreSQL wire protocol as the embedded platform serves it) and on PostgreSQL.
const root = path.resolve(__dirname, '..', '..', '..', '..', '..');
const RATE = Number(process.env.BENCH_RATE ?? 100);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 30);
const WARMUP_REQUESTS = Number(process.env.BENCH_WARMUP ?? 200);
const ROWS = Number(process.env.BENCH_ROWS ?? 100_000);
/** Recyclers sending registrations (the rate limiter allows each 600 a minute). */
const USERS = 20;
const PLAIN_BATCH = 1_000;
const CAPACITY_SECONDS = Number(process.env.BENCH_CAPACITY_SECONDS ?? 10);
/** Where the service and CLI processes write V8 CPU profiles (`--cpu-prof`), to see where the time goes. */
const profileDir = process.env.BENCH_CPU_PROFILE_DIR;
const childArgs = profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [];
const databases = (process.env.BENCH_DATABASE ?? 'both').split(',');
const postgresUrl =
  process.env.BENCH_DATABASE_URL ??
  process.env.TEST_DATABASE_URL ??
  'postgres://postgres@127.0.0.1:5432/rre_test';

interface Target {
  name: 'PGlite' | 'PostgreSQL';
  url: string;
  schema: string;
  dataDir: string;
}

interface RegistrationRun {
  requests: number;
  failures: number;
  seconds: number;
  latenciesMs: number[];
  firstError?: string;
  /** Event-loop delay of the client process (its clock's error) and of this one (PGlite's host). */
  clientLoopDelayMs: { p99: number; max: number };
  hostLoopDelayMs: { p99: number; max: number };
}

interface ImportRun {
  rows: number;
  seconds: number;
  summary: string;
}

function loadText(): string {
  return loadavg()
    .map((value) => value.toFixed(2))
    .join(' ');
}

function delayText(delay: { p99: number; max: number }): string {
  return `${delay.p99.toFixed(1)}/${delay.max.toFixed(1)}`;
}

/** Starts `services/intake` (compiled) as its own process and resolves with its base URL. */
async function startService(target: Target) {
  const child = spawn(
    process.execPath,
    [...childArgs, path.join(root, 'tools/scripts/run.mjs'), 'services/intake/src/main.js'],
    {
      cwd: root,
      env: {
        ...process.env,
        PORT: '0',
        DATABASE_URL: target.url,
        DATABASE_SCHEMA: target.schema,
        DATA_DIR: target.dataDir,
        LOG_LEVEL: 'warn',
        KAFKA_BROKERS: '',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /GraphQL:\s+(\S+)\/graphql/.exec(output);
      if (match) resolve(match[1] as string);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) =>
      reject(new Error(`intake service exited (${code}) before it started:\n${output}`)),
    );
  });
  return {
    url,
    stop: () =>
      new Promise<void>((resolve) => {
        child.removeAllListeners('exit');
        child.on('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/**
 * Runs one load order in a client process of its own (registration-load.ts): PGlite executes
 * synchronously on this process's event loop, so a load generator here would send late and see
 * answers late whenever PGlite works, and measure its own interference instead of what a client sees.
 */
function runLoad(order: Omit<RegistrationLoadOrder, 'rate' | 'seconds'>): Promise<RegistrationLoadResult> {
  const child = fork(path.join(root, 'tools/scripts/run.mjs'), ['test/bench/src/registration-load.js'], {
    cwd: root,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    child.once('message', (reply: { result?: RegistrationLoadResult; error?: string }) =>
      reply.result ? resolve(reply.result) : reject(new Error(`registration load failed: ${reply.error}`)),
    );
    child.once('exit', (code) =>
      reject(new Error(`registration load process exited (${code}) without a result`)),
    );
    child.send({ ...order, rate: RATE, seconds: CAPACITY_SECONDS });
  });
}

/**
 * Offers `RATE` registerLot requests a second on a fixed schedule (open loop: a request is sent when
 * it is due, whether or not earlier ones have answered), each from one of `USERS` recyclers with its
 * own idempotency key. Latency: from when the request was due to its answer.
 */
async function registrations(url: string, tokens: readonly string[]): Promise<RegistrationRun> {
  await runLoad({ url, tokens, run: `W${ulid().slice(-8)}`, mode: 'paced', count: WARMUP_REQUESTS });
  const loopDelay = monitorEventLoopDelay({ resolution: 1 });
  loopDelay.enable();
  const run = await runLoad({
    url,
    tokens,
    run: `R${ulid().slice(-8)}`,
    mode: 'paced',
    count: RATE * SECONDS,
  });
  loopDelay.disable();
  const hostLoopDelayMs = { p99: loopDelay.percentile(99) / 1e6, max: loopDelay.max / 1e6 };
  return { requests: RATE * SECONDS, ...run, hostLoopDelayMs };
}

/**
 * The service time of one registration: requests one after the other (closed loop, nothing queued),
 * for CAPACITY_SECONDS. Its inverse is about the most one service process sustains.
 */
async function registerOneByOne(url: string, tokens: readonly string[]) {
  const run = await runLoad({ url, tokens, run: `S${ulid().slice(-8)}`, mode: 'oneByOne', count: 0 });
  return { latenciesMs: run.latenciesMs, perSecond: run.latenciesMs.length / run.seconds };
}

/** Runs the import CLI as a user would (`nx run intake-service:import-lots`, without the build). */
async function importCsv(target: Target, file: string, token: string): Promise<ImportRun> {
  const started = performance.now();
  const child = spawn(
    process.execPath,
    [
      ...childArgs,
      path.join(root, 'tools/scripts/run.mjs'),
      'services/intake/src/import-lots.js',
      file,
      '--token',
      token,
    ],
    {
      cwd: root,
      env: {
        ...process.env,
        DATABASE_URL: target.url,
        DATABASE_SCHEMA: target.schema,
        DATA_DIR: target.dataDir,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  const seconds = (performance.now() - started) / 1000;
  if (code !== 0) throw new Error(`import-lots exited with ${code}:\n${stdout}\n${stderr.slice(-2000)}`);
  return { rows: ROWS, seconds, summary: stdout.trim().split('\n')[0] ?? '' };
}

/** Baseline: the same rows' cells inserted into a plain table, 1,000 rows per statement, one transaction. */
async function plainInsert(target: Target, rows: readonly string[][]): Promise<ImportRun> {
  const client = new Client({ connectionString: target.url });
  await client.connect();
  try {
    const table = `"${target.schema}".bench_plain_lot`;
    await client.query(
      `CREATE TABLE ${table} (id bigserial PRIMARY KEY, ${BENCH_CSV_COLUMNS.map((c) => `${c} text`).join(', ')})`,
    );
    const started = performance.now();
    await client.query('BEGIN');
    for (let from = 0; from < rows.length; from += PLAIN_BATCH) {
      const batch = rows.slice(from, from + PLAIN_BATCH);
      const width = BENCH_CSV_COLUMNS.length;
      const values = batch
        .map((_, r) => `(${BENCH_CSV_COLUMNS.map((_c, c) => `$${r * width + c + 1}`).join(', ')})`)
        .join(', ');
      await client.query(
        `INSERT INTO ${table} (${BENCH_CSV_COLUMNS.join(', ')}) VALUES ${values}`,
        batch.flat(),
      );
    }
    await client.query('COMMIT');
    return { rows: rows.length, seconds: (performance.now() - started) / 1000, summary: '' };
  } finally {
    await client.end();
  }
}

async function benchTarget(target: Target) {
  const key = await loadOrCreateSigningKey(path.join(target.dataDir, 'keys'));
  const tokens = await Promise.all(
    Array.from({ length: USERS }, (_, i) =>
      mintToken(key, {
        subject: `usr-bench-${i}`,
        organisationId: `org-recycler-${i % 5}`,
        roles: ['recycler'],
      }),
    ),
  );
  const importer = await mintToken(key, {
    subject: 'usr-bench-importer',
    organisationId: 'org-recycler-import',
    roles: ['recycler'],
  });
  const service = await startService(target);
  let registration: RegistrationRun;
  let oneByOne: { latenciesMs: number[]; perSecond: number };
  try {
    oneByOne = await registerOneByOne(service.url, tokens);
    console.log(
      `${target.name}: registerLot one at a time: ${oneByOne.perSecond.toFixed(1)}/s, ` +
        `p50 ${percentile(oneByOne.latenciesMs, 50).toFixed(1)} ms, p99 ${percentile(oneByOne.latenciesMs, 99).toFixed(1)} ms`,
    );
    registration = await registrations(service.url, tokens);
    console.log(
      `${target.name}: registerLot p50 ${percentile(registration.latenciesMs, 50).toFixed(1)} ms, ` +
        `p99 ${percentile(registration.latenciesMs, 99).toFixed(1)} ms, ${registration.failures} failed; ` +
        `event-loop delay p99/max: client ${delayText(registration.clientLoopDelayMs)} ms, ` +
        `${target.name === 'PGlite' ? 'PGlite host' : 'bench'} process ${delayText(registration.hostLoopDelayMs)} ms`,
    );
  } finally {
    await service.stop();
  }
  const run = `I${ulid().slice(-8)}`;
  const rows = Array.from({ length: ROWS }, (_, i) => csvRow(i, run));
  const file = path.join(target.dataDir, 'lots.csv');
  writeFileSync(file, [csvLine(BENCH_CSV_COLUMNS), ...rows.map(csvLine)].join('\n') + '\n');
  const imported = await importCsv(target, file, importer);
  console.log(`${target.name}: import ${imported.seconds.toFixed(2)} s: ${imported.summary}`);
  const reimported = await importCsv(target, file, importer);
  console.log(`${target.name}: re-import ${reimported.seconds.toFixed(2)} s: ${reimported.summary}`);
  const plain = await plainInsert(target, rows);
  console.log(`${target.name}: plain insert ${plain.seconds.toFixed(2)} s; load average ${loadText()}`);
  return { registration, oneByOne, imported, reimported, plain };
}

async function withTarget<T>(name: Target['name'], work: (target: Target) => Promise<T>): Promise<T> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'rre-bench-intake-'));
  const schema = `bench_intake_${ulid().toLowerCase().slice(-10)}`;
  let embedded: EmbeddedPostgres | undefined;
  try {
    let url = postgresUrl;
    if (name === 'PGlite') {
      embedded = await EmbeddedPostgres.start({ dataDir: path.join(dataDir, 'pglite'), maxConnections: 16 });
      url = embedded.url;
    }
    const result = await work({ name, url, schema, dataDir });
    if (!embedded) {
      const client = new Client({ connectionString: url });
      await client.connect();
      await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await client.end();
    }
    return result;
  } finally {
    await embedded?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  console.log(machineDescription());
  console.log(`load average before: ${loadText()}`);
  console.log(
    `registerLot: ${RATE} requests/s offered for ${SECONDS} s (after ${WARMUP_REQUESTS} warm-up requests), ` +
      `${USERS} recyclers, open loop; import: ${ROWS.toLocaleString('en-US')} rows through the import-lots CLI ` +
      `(all or nothing, one transaction), then the same file again; baseline: the same rows inserted into a ` +
      `plain table, ${PLAIN_BATCH} rows per statement, one transaction\n`,
  );
  const header = ['database', 'requests', 'failed', 'achieved/s', 'p50 ms', 'p90 ms', 'p99 ms', 'max ms'];
  const latencyRows: string[][] = [header];
  const importRows: string[][] = [['database', 'path', 'rows', 'seconds', 'rows/s']];
  const verdicts: string[] = [];
  const capacityRows: string[][] = [['database', 'one at a time', 'requests/s', 'p50 ms', 'p99 ms']];
  for (const name of ['PGlite', 'PostgreSQL'] as const) {
    if (!databases.includes('both') && !databases.includes(name.toLowerCase())) continue;
    const result = await withTarget(name, benchTarget);
    const { registration: r, oneByOne, imported, reimported, plain } = result;
    capacityRows.push([
      name,
      oneByOne.latenciesMs.length.toLocaleString('en-US'),
      oneByOne.perSecond.toFixed(1),
      percentile(oneByOne.latenciesMs, 50).toFixed(1),
      percentile(oneByOne.latenciesMs, 99).toFixed(1),
    ]);
    latencyRows.push([
      name,
      r.requests.toLocaleString('en-US'),
      String(r.failures),
      (r.requests / r.seconds).toFixed(1),
      percentile(r.latenciesMs, 50).toFixed(1),
      percentile(r.latenciesMs, 90).toFixed(1),
      percentile(r.latenciesMs, 99).toFixed(1),
      Math.max(...r.latenciesMs).toFixed(1),
    ]);
    if (r.firstError) console.log(`${name}: first failure: ${r.firstError}`);
    const rate = (run: ImportRun) => run.rows / run.seconds;
    for (const [label, run] of [
      ['import-lots CLI', imported],
      ['import-lots CLI again (all already imported)', reimported],
      ['plain insert (baseline)', plain],
    ] as const) {
      importRows.push([
        name,
        label,
        run.rows.toLocaleString('en-US'),
        run.seconds.toFixed(2),
        Math.round(rate(run)).toLocaleString('en-US'),
      ]);
    }
    const p99 = percentile(r.latenciesMs, 99);
    verdicts.push(
      `${name}: registerLot p99 ${p99.toFixed(1)} ms (target < 50: ${p99 < 50 ? 'met' : 'missed'}); ` +
        `import ${Math.round(rate(imported)).toLocaleString('en-US')} rows/s` +
        (name === 'PGlite' ? ` (target >= 2,000: ${rate(imported) >= 2_000 ? 'met' : 'missed'})` : '') +
        `, ratio to the plain insert ${(rate(imported) / rate(plain)).toFixed(2)}`,
    );
    console.log(`load average after ${name}: ${loadText()}`);
  }
  console.log('');
  console.log(table(capacityRows));
  console.log('');
  console.log(table(latencyRows));
  console.log('');
  console.log(table(importRows));
  console.log('');
  for (const verdict of verdicts) console.log(verdict);
  console.log(`load average after: ${loadText()}`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
