import { generateSigningKey, privateKeyPem } from '@rre/ledger';
import { messagingMigrations } from '@rre/messaging';
import { uniqueSchemaName } from '@rre/persistence';
import { statementIdOf } from '../messaging/lot-shipped';
import { FACT_HISTORIES } from '../as-of/fact-history';
import { traceabilityMigrations } from '../persistence/traceability-persistence';
import {
  leachingRunIds,
  OUTBOX_LOG_TOPICS,
  type OutboxLog,
  openOutboxLog,
  publishLeachingRun,
} from '../test-support/outbox-log';
import { progressBar, type RebuildProgress } from './progress-bar';
import { rebuildFromOutboxes } from './rebuild-from-outboxes';

jest.setTimeout(180_000);

const intakeSchema = uniqueSchemaName('intake');
const concentrationSchema = uniqueSchemaName('concentration');
const salesSchema = uniqueSchemaName('sales');
const liveSchema = uniqueSchemaName('traceability');
const rebuildSchema = uniqueSchemaName('traceability_rebuild');
const bulkSchema = uniqueSchemaName('traceability_bulk');
const sources = [intakeSchema, concentrationSchema, salesSchema];
const topics = OUTBOX_LOG_TOPICS;
const ledger = { signingKey: privateKeyPem(generateSigningKey().privateKey) };

/**
 * What is compared, table by table (every column but these): ingestion times, which are the
 * consumer's clock, not the events' (`updated_at` of a watermark row, a statement's `issued_at`, a
 * ledger entry's `appended_at`, a checkpoint's `created_at`, its period (the first and last
 * covered entries' `appended_at`) and the signature over them, a key's `first_used_at`).
 */
const COMPARED: Record<string, readonly string[]> = {
  trace_lot: [],
  trace_run: [],
  trace_movement: [],
  trace_loss: [],
  trace_position: ['updated_at'],
  trace_shipment: [],
  trace_statement: ['issued_at'],
  trace_run_emission: [],
  trace_run_balance: [],
  trace_run_override: [],
  ledger_chain: [],
  ledger_entry: ['appended_at'],
  ledger_checkpoint: ['created_at', 'period_start', 'period_end', 'signature'],
  ledger_signing_key: ['first_used_at'],
  // The fact history with its recorded times (the events' outbox times), not its ids (restate helper).
  ...Object.fromEntries(FACT_HISTORIES.map(({ table }) => [`${table}_history`, ['history_id', 'fact_tx']])),
};

let log: OutboxLog;
const ds = (schema: string) => log.dataSource(schema);
const rows = (schema: string, table: string, excluded: readonly string[]) =>
  log.rows(schema, table, excluded);

beforeAll(async () => {
  log = await openOutboxLog();
  for (const schema of sources) await log.open(schema, messagingMigrations);
  await log.open(liveSchema, traceabilityMigrations);
});

afterAll(async () => {
  await log?.close([rebuildSchema, bulkSchema, ...sources, liveSchema]);
});

describe('rebuilding the projection from the outboxes', () => {
  // A 100 kg x 5 % Tb post-consumer JP and B 50 kg x 2 % pre-consumer CN; R1 takes both -> P 20 kg x
  // 25 % + residue Q 80 kg x 1.25 %; P shipped (S1, 10 kg): a frozen statement and its one event.
  const { P } = leachingRunIds('REBUILD');

  it('reaches the same tables in a fresh schema, with the same statement id and no statement published again', async () => {
    // The sales event before the run's: the live consumer keeps the statement pending until R1 completes.
    await publishLeachingRun(
      log,
      { intake: intakeSchema, concentration: concentrationSchema, sales: salesSchema },
      leachingRunIds('REBUILD'),
      { shipment: 'first' },
    );
    // 2 intake + 1 sales + 2 run and 6 lot events of concentration.
    await log.ingestLive(liveSchema, { sources, topics, ledger, events: 11, statements: 1 });
    const liveOutbox = (await ds(liveSchema).query(`SELECT event_id, key FROM "${liveSchema}".outbox`)) as {
      key: string;
    }[];
    expect(liveOutbox.map((row) => row.key)).toEqual([P]);

    const progress: RebuildProgress[] = [];
    const report = await rebuildFromOutboxes({
      url: log.database.url,
      into: rebuildSchema,
      sources,
      topics,
      ledger,
      onProgress: (each) => progress.push(each),
      progressIntervalMs: 20,
    });
    expect(report).toMatchObject({
      schema: rebuildSchema,
      logEvents: 11,
      events: 11,
      heldEvents: 0,
      parkedEvents: 0,
    });
    expect(progress.at(-1)).toMatchObject({ events: 11, total: 11 });
    expect(progressBar({ events: 6, total: 12, seconds: 2 }, 10)).toBe(
      '[#####.....]   50%  6/12 events  3 events/s',
    );

    for (const [table, excluded] of Object.entries(COMPARED)) {
      const live = await rows(liveSchema, table, excluded);
      expect({ table, rows: await rows(rebuildSchema, table, excluded) }).toEqual({ table, rows: live });
    }
    const counts = async (schema: string) =>
      (await ds(liveSchema).query(
        `SELECT (SELECT count(*) FROM "${schema}".trace_lot)::integer AS lots,
                (SELECT count(*) FROM "${schema}".trace_movement)::integer AS movements,
                (SELECT count(*) FROM "${schema}".ledger_entry)::integer AS ledger,
                (SELECT count(*) FROM "${schema}".outbox)::integer AS outbox`,
      )) as unknown[];
    expect(await counts(liveSchema)).toEqual([{ lots: 4, movements: 2, ledger: 11, outbox: 1 }]);
    expect(await counts(rebuildSchema)).toEqual([{ lots: 4, movements: 2, ledger: 11, outbox: 0 }]);
    const statements = (await ds(liveSchema).query(
      `SELECT statement_id FROM "${rebuildSchema}".trace_statement`,
    )) as { statement_id: string }[];
    expect(statements).toEqual([{ statement_id: statementIdOf('S1-REBUILD', P) }]);
    expect(statementIdOf('S1-REBUILD', P)).toMatch(/^ST-[0-9A-F]{26}$/);

    // A second rebuild into the same schema is refused and changes nothing.
    await expect(
      rebuildFromOutboxes({ url: log.database.url, into: rebuildSchema, sources, topics, ledger }),
    ).rejects.toThrow(
      `rebuild into schema "${rebuildSchema}": it already holds a genealogy (4 topic positions)`,
    );
  });

  it('reaches the same tables in bulk (inbox, gate, watermark and ledger in memory)', async () => {
    const progress: RebuildProgress[] = [];
    const report = await rebuildFromOutboxes({
      url: log.database.url,
      into: bulkSchema,
      sources,
      topics,
      ledger,
      mode: 'bulk',
      onProgress: (each) => progress.push(each),
      progressIntervalMs: 0,
    });
    expect(report).toMatchObject({
      schema: bulkSchema,
      logEvents: 11,
      events: 11,
      heldEvents: 0,
      parkedEvents: 0,
    });
    expect(progress.at(-1)).toMatchObject({ events: 11, total: 11 });
    for (const [table, excluded] of Object.entries(COMPARED)) {
      const live = await rows(liveSchema, table, excluded);
      expect({ table, rows: await rows(bulkSchema, table, excluded) }).toEqual({ table, rows: live });
    }
    // The consumer's own bookkeeping is the per-event rebuild's: inbox, gate, offsets.
    const BOOKKEEPING: Record<string, readonly string[]> = {
      inbox: ['handled_at'],
      consumer_offset: ['updated_at'],
      gate_stream: [],
      gate_released: ['released_at'],
      gate_held: ['id', 'held_at'],
      trace_held_event_recorded_at: [],
      dead_letter: [],
    };
    for (const [table, excluded] of Object.entries(BOOKKEEPING)) {
      const perEvent = await rows(rebuildSchema, table, excluded);
      expect({ table, rows: await rows(bulkSchema, table, excluded) }).toEqual({ table, rows: perEvent });
    }
    const [counts] = (await ds(liveSchema).query(
      `SELECT (SELECT count(*) FROM "${bulkSchema}".inbox)::integer AS inbox,
              (SELECT count(*) FROM "${bulkSchema}".gate_released)::integer AS released,
              (SELECT count(*) FROM "${bulkSchema}".ledger_entry)::integer AS ledger,
              (SELECT count(*) FROM "${bulkSchema}".outbox)::integer AS outbox`,
    )) as unknown[];
    expect(counts).toEqual({ inbox: 11, released: 11, ledger: 11, outbox: 0 });
  });
});
