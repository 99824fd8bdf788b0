import { create, type DescMessage, type MessageInitShape, toBinary } from '@bufbuild/protobuf';
import { commonV1, IntakeEventTypes, intakeV1, processV1, Topics } from '@rre/contracts';
import { checkpointHash, generateSigningKey, privateKeyPem, publicKeyPem } from '@rre/ledger';
import {
  EmbeddedEventConsumer,
  EventPublisher,
  LogSequencer,
  messagingMigrations,
  rewindEmbeddedConsumer,
} from '@rre/messaging';
import {
  inTransaction,
  openServiceDatabase,
  openTestDatabase,
  type TestDatabase,
  uniqueSchemaName,
} from '@rre/persistence';
import { processEventTypesOf } from '@rre/process-runs';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ts from 'typescript';
import type { DataSource } from 'typeorm';
import { ulid } from 'ulid';
import { traceabilityMigrations } from '../persistence/traceability-persistence';
import { TraceabilityApplication } from '../traceability-application';
import { LedgerApplication } from './ledger-application';
import type { StoredCheckpoint } from './ledger.store';

jest.setTimeout(180_000);

const intakeSchema = uniqueSchemaName('ledger_intake');
const concentrationSchema = uniqueSchemaName('ledger_conc');
const traceSchema = uniqueSchemaName('ledger_trace');
const rebuildSchema = uniqueSchemaName('ledger_rebuild');
const workDir = mkdtempSync(path.join(tmpdir(), 'ledger-cli-'));
const key = generateSigningKey();
const publicKeyFile = path.join(workDir, 'plant-public.pem');
const concentration = processEventTypesOf('concentration');

let database: TestDatabase;
let intake: DataSource;
let concentrationDb: DataSource;
let trace: DataSource;
let rebuild: DataSource;
let ledger: LedgerApplication;
let cli: string;
const ids: Record<string, string> = {};

/** The verifier CLI compiled to JavaScript on its own (it needs nothing but node:crypto and node:fs). */
function compileCli(): string {
  const sourceDir = path.resolve(__dirname, '../../../ledger/src');
  const outDir = path.join(workDir, 'ledger');
  const compile = (dir: string, out: string) => {
    mkdirSync(out, { recursive: true });
    for (const name of readdirSync(dir, { withFileTypes: true })) {
      if (name.isDirectory()) compile(path.join(dir, name.name), path.join(out, name.name));
      else if (name.name.endsWith('.ts') && !name.name.endsWith('.spec.ts')) {
        const output = ts.transpileModule(readFileSync(path.join(dir, name.name), 'utf8'), {
          compilerOptions: {
            module: ts.ModuleKind.CommonJS,
            target: ts.ScriptTarget.ES2022,
            esModuleInterop: true,
          },
        });
        writeFileSync(path.join(out, name.name.replace(/\.ts$/, '.js')), output.outputText);
      }
    }
  };
  compile(sourceDir, outDir);
  return path.join(outDir, 'cli', 'verify-proof.js');
}

function verifyWithCli(
  document: unknown,
  keyFile = publicKeyFile,
): { status: number | null; output: string } {
  const proofFile = path.join(workDir, `proof-${ulid()}.json`);
  writeFileSync(proofFile, JSON.stringify(document, null, 2));
  const result = spawnSync(process.execPath, [cli, proofFile, keyFile], { encoding: 'utf8' });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

async function publish<Desc extends DescMessage>(
  dataSource: DataSource,
  service: string,
  topic: string,
  type: string,
  subject: string,
  schema: Desc,
  init: MessageInitShape<Desc>,
): Promise<string> {
  const envelope = await inTransaction(dataSource, (manager) =>
    new EventPublisher({ service }).publish(manager, {
      topic,
      type,
      subject,
      data: toBinary(schema, create(schema, init)),
    }),
  );
  const sequencer = new LogSequencer({ dataSource });
  try {
    await sequencer.sequenceOnce();
  } finally {
    await sequencer.stop();
  }
  return envelope.id;
}

/** Runs the traceability consumer on `dataSource` until the ledger holds `entries` entries (and its offsets reach the logs' ends). */
async function ingest(dataSource: DataSource, entries: number): Promise<void> {
  const consumer = new EmbeddedEventConsumer({
    dataSource,
    definition: new TraceabilityApplication({ dataSource }).lotAndRunEventsConsumer([
      Topics.IntakeLotEvents,
      Topics.ConcentrationLotEvents,
    ]),
    sources: [intakeSchema, concentrationSchema],
    pollIntervalMs: 20,
  });
  consumer.start();
  try {
    const deadline = Date.now() + 20_000;
    for (;;) {
      const [count] = (await dataSource.query(
        `SELECT count(*)::integer AS n FROM "${dataSource.driver.schema}".ledger_entry`,
      )) as { n: number }[];
      const offsets = (await dataSource.query(
        `SELECT sum(position)::integer AS n FROM "${dataSource.driver.schema}".consumer_offset`,
      )) as { n: number | null }[];
      if (count?.n === entries && offsets[0]?.n === logLength()) return;
      if (Date.now() > deadline) {
        const parked = (await dataSource.query(
          `SELECT type, reason, error FROM "${dataSource.driver.schema}".dead_letter`,
        )) as unknown[];
        throw new Error(
          `ledger holds ${count?.n} entries, expected ${entries}; dead letters ${JSON.stringify(parked)}`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  } finally {
    await consumer.stop();
  }
}

let published = 0;
const logLength = () => published;

beforeAll(async () => {
  cli = compileCli();
  writeFileSync(publicKeyFile, publicKeyPem(key.publicKey));
  database = await openTestDatabase();
  const open = (service: string, migrations: (new () => never)[] | typeof traceabilityMigrations) =>
    openServiceDatabase({ url: database.url, service, poolSize: 2, entities: [], migrations });
  intake = await open(intakeSchema, messagingMigrations);
  concentrationDb = await open(concentrationSchema, messagingMigrations);
  trace = await open(traceSchema, traceabilityMigrations);
  rebuild = await open(rebuildSchema, traceabilityMigrations);
  ledger = new LedgerApplication(trace, { signingKey: privateKeyPem(key.privateKey) });
});

afterAll(async () => {
  for (const [dataSource, schema] of [
    [rebuild, rebuildSchema],
    [trace, traceSchema],
    [concentrationDb, concentrationSchema],
    [intake, intakeSchema],
  ] as const) {
    await dataSource?.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await dataSource?.destroy();
  }
  await database?.close();
  rmSync(workDir, { recursive: true, force: true });
});

const kg = (value: string) => ({ value, unitCode: 'KGM' });
const tb = (fraction: string) => ({ contents: [{ element: 'Tb', massFraction: fraction, unitCode: 'C62' }] });

async function register(lotId: string): Promise<string> {
  published += 1;
  return publish(
    intake,
    'intake',
    Topics.IntakeLotEvents,
    IntakeEventTypes.LotRegistered,
    lotId,
    intakeV1.LotRegisteredSchema,
    {
      lot: { lotId, lotCode: lotId },
      supplier: { organisationId: 'org-recycler-a' },
      sourceCategory: commonV1.SourceCategory.POST_CONSUMER,
      countryOfOrigin: 'JP',
      weighedNetMass: kg('40'),
      declaredComposition: tb('0.02'),
    },
  );
}

describe('the tamper-evident ledger', () => {
  const A = `A-${ulid()}`;
  const B = `B-${ulid()}`;
  const C = `C-${ulid()}`;

  it('chains every ingested event once, in offset order per topic and source, as a rebuild does', async () => {
    ids['A registered'] = await register(A);
    published += 1;
    ids['A assayed'] = await publish(
      intake,
      'intake',
      Topics.IntakeLotEvents,
      IntakeEventTypes.LotAssayed,
      A,
      intakeV1.LotAssayedSchema,
      {
        lot: { lotId: A, lotCode: A },
        assayId: 'as-1',
        composition: tb('0.025'),
        isCurrent: true,
      },
    );
    ids['B registered'] = await register(B);
    ids['C registered'] = await register(C);
    published += 1;
    ids['A received'] = await publish(
      concentrationDb,
      'concentration',
      Topics.ConcentrationLotEvents,
      concentration.LotReceived,
      A,
      processV1.LotReceivedSchema,
      {
        lot: { lotId: A, lotCode: A },
        kind: processV1.ProcessLotKind.MATERIAL,
        mass: kg('40'),
        composition: tb('0.025'),
      },
    );
    await ingest(trace, 5);

    const chains = (await trace.query(
      `SELECT chain_id, length::integer AS length FROM "${traceSchema}".ledger_chain ORDER BY chain_id`,
    )) as { chain_id: string; length: number }[];
    expect(chains).toEqual([
      { chain_id: `${Topics.ConcentrationLotEvents}:${concentrationSchema}:0`, length: 1 },
      { chain_id: `${Topics.IntakeLotEvents}:${intakeSchema}:0`, length: 4 },
    ]);
    const intakeChain = (await trace.query(
      `SELECT event_id, chain_index::integer AS chain_index, position::text AS position FROM "${traceSchema}".ledger_entry
       WHERE topic = $1 ORDER BY chain_index`,
      [Topics.IntakeLotEvents],
    )) as { event_id: string; chain_index: number; position: string }[];
    expect(intakeChain).toEqual([
      { event_id: ids['A registered'], chain_index: 0, position: '1' },
      { event_id: ids['A assayed'], chain_index: 1, position: '2' },
      { event_id: ids['B registered'], chain_index: 2, position: '3' },
      { event_id: ids['C registered'], chain_index: 3, position: '4' },
    ]);

    // Redelivery from the beginning: the inbox drops every event, the ledger appends nothing.
    for (const source of [intakeSchema, concentrationSchema]) {
      await rewindEmbeddedConsumer(trace, 'traceability.lot-and-run-events', source, 0);
    }
    await ingest(trace, 5);

    // A rebuild (a fresh schema reading the same logs) reproduces every chain to the last hash.
    await ingest(rebuild, 5);
    const heads = async (dataSource: DataSource, schema: string) =>
      (await dataSource.query(
        `SELECT chain_id, length, encode(head_hash, 'hex') AS head FROM "${schema}".ledger_chain ORDER BY chain_id`,
      )) as unknown[];
    expect(await heads(rebuild, rebuildSchema)).toEqual(await heads(trace, traceSchema));
  });

  it('signs a checkpoint over the 5 entries, verifies, and proves events to the offline CLI', async () => {
    const checkpoint = await ledger.checkpoint('ON_DEMAND', 'usr-audit-1');
    expect(checkpoint).toMatchObject({
      sequence: 1,
      treeSize: 5,
      keyId: key.keyId,
      previous: '0'.repeat(64),
    });
    expect(await ledger.checkpoint('ON_DEMAND')).toBeUndefined();

    const verification = await ledger.verify();
    expect(verification).toEqual({
      valid: true,
      chains: 2,
      entries: 5,
      checkpoints: 1,
      uncheckpointedEntries: 0,
      chainProblems: [],
      checkpointProblems: [],
    });

    const proof = await ledger.proofOfEvent(ids['B registered'] as string);
    expect(proof?.status).toBe('PROVEN');
    const document = proof?.status === 'PROVEN' ? proof.proof : undefined;
    expect(document?.inclusion).toMatchObject({ leafIndex: 2, treeSize: 5 });
    const ok = verifyWithCli(document);
    expect(ok.output).toContain(
      `OK event ${ids['B registered']} (${Topics.IntakeLotEvents} partition 0 offset 3)`,
    );
    expect(ok.status).toBe(0);

    const other = path.join(workDir, 'other.pem');
    writeFileSync(other, publicKeyPem(generateSigningKey().publicKey));
    const wrongKey = verifyWithCli(document, other);
    expect(wrongKey.status).toBe(1);
    expect(wrongKey.output).toContain(`checkpoint 1 names key ${key.keyId}`);

    // Every event behind lot A: its registration, assay and receipt by concentration.
    const bundle = await ledger.proofsBehindLot(A);
    expect(bundle.proofs.map((each) => each.event.eventId)).toEqual([
      ids['A registered'],
      ids['A assayed'],
      ids['A received'],
    ]);
    const all = verifyWithCli(bundle);
    expect(all.output).toContain(`OK: 3 of 3 proofs verified for ${A}`);
    expect(all.status).toBe(0);
  });

  it('names exactly the event whose stored bytes were altered, and its proof fails offline', async () => {
    await trace.query(
      `UPDATE "${traceSchema}".ledger_entry SET event_bytes = overlay(event_bytes PLACING '\\x4a'::bytea FROM 60 FOR 1)
       WHERE event_id = $1`,
      [ids['B registered']],
    );
    const verification = await ledger.verify();
    expect(verification.valid).toBe(false);
    expect(verification.chainProblems).toEqual([
      {
        chainId: `${Topics.IntakeLotEvents}:${intakeSchema}:0`,
        topic: Topics.IntakeLotEvents,
        source: intakeSchema,
        partition: 0,
        chainIndex: 2,
        offset: '3',
        eventId: ids['B registered'],
        problem: 'EVENT_BYTES_CHANGED',
        detail: expect.stringMatching(/^SHA-256 of the stored bytes is [0-9a-f]{64}, recorded [0-9a-f]{64}$/),
      },
    ]);
    expect(verification.checkpointProblems).toEqual([
      {
        sequence: 1,
        problem: 'ROOT_MISMATCH',
        detail: expect.stringContaining('the entries recompute to root'),
      },
    ]);

    const proof = await ledger.proofOfEvent(ids['B registered'] as string);
    const failed = verifyWithCli(proof?.status === 'PROVEN' ? proof.proof : undefined);
    expect(failed.status).toBe(1);
    expect(failed.output).toContain(`FAILED event ${ids['B registered']}`);
    expect(failed.output).toContain('the event bytes hash to');
  });
  it('checkpoints when due: not for 2 waiting entries within the period, then after 600 s', async () => {
    await register(`D-${ulid()}`);
    await register(`E-${ulid()}`);
    await ingest(trace, 7);
    let now = new Date();
    const due = new LedgerApplication(
      trace,
      { signingKey: privateKeyPem(key.privateKey), checkpointEveryEntries: 3, checkpointPeriodMs: 600_000 },
      () => now,
    );
    expect(await due.checkpointIfDue()).toBeUndefined();
    now = new Date(now.getTime() + 601_000);
    const [first] = await due.checkpoints(1);
    const second = await due.checkpointIfDue();
    expect(second).toMatchObject({
      sequence: 2,
      treeSize: 2,
      reason: 'PERIOD',
      previous: checkpointHash(first as StoredCheckpoint),
    });
    // The altered event still breaks only its own chain link and checkpoint 1.
    const verification = await due.verify();
    expect(verification.chainProblems.map((problem) => problem.eventId)).toEqual([ids['B registered']]);
    expect(verification.checkpointProblems.map((problem) => problem.sequence)).toEqual([1]);
    expect(verification).toMatchObject({ entries: 7, checkpoints: 2, uncheckpointedEntries: 0 });
  });
});
