import { generateSigningKey, privateKeyPem } from '@rre/ledger';
import { messagingMigrations } from '@rre/messaging';
import { uniqueSchemaName } from '@rre/persistence';
import { ConfigurationApplication } from '../as-of/configuration-application';
import { TraceabilityError } from '../domain/traceability-error';
import { MassBalanceApplication } from '../mass-balance/mass-balance-application';
import { statementIdOf } from '../messaging/lot-shipped';
import { traceabilityMigrations } from '../persistence/traceability-persistence';
import { principal } from '../test-support/callers';
import {
  leachingRunIds,
  OUTBOX_LOG_TOPICS,
  type OutboxLog,
  openOutboxLog,
  publishLeachingRun,
} from '../test-support/outbox-log';
import { CARRIED_OVER_TABLES } from './carry-over';
import { rebuildFromOutboxes } from './rebuild-from-outboxes';

jest.setTimeout(180_000);

const intakeSchema = uniqueSchemaName('intake');
const concentrationSchema = uniqueSchemaName('concentration');
const salesSchema = uniqueSchemaName('sales');
const liveSchema = uniqueSchemaName('traceability');
const carriedSchema = uniqueSchemaName('traceability_carried');
const bulkSchema = uniqueSchemaName('traceability_carried_bulk');
const plainSchema = uniqueSchemaName('traceability_plain');
const refusedSchema = uniqueSchemaName('traceability_refused');
const sources = [intakeSchema, concentrationSchema, salesSchema];
const topics = OUTBOX_LOG_TOPICS;
const ledger = { signingKey: privateKeyPem(generateSigningKey().privateKey) };
const admin = principal(['admin'], 'org-plant', 'usr-admin-1');
const operator = principal(['operator'], 'org-plant', 'usr-op-1');
const sales = principal(['sales'], 'org-plant', 'usr-sales-1');
const NOV = { from: new Date('2026-11-01T00:00:00Z'), to: new Date('2026-12-01T00:00:00Z') };
const clock = () => new Date('2026-12-05T00:00:00Z');

let log: OutboxLog;
const ds = (schema: string) => log.dataSource(schema);
const rows = (schema: string, table: string) => log.rows(schema, table);
const open = (schema: string) => log.open(schema, traceabilityMigrations);
// A 100 kg x 5 % Tb post-consumer and B 50 kg x 2 % pre-consumer; R1 takes both -> P 20 kg x 25 %
// + residue Q 80 kg x 1.25 %; S1 ships 10 kg of P: 11 events.
const { P, Q, S1 } = leachingRunIds('CARRY');

beforeAll(async () => {
  log = await openOutboxLog();
  for (const schema of sources) await log.open(schema, messagingMigrations);
  await open(liveSchema);
});

afterAll(async () => {
  await log?.close([carriedSchema, bulkSchema, plainSchema, refusedSchema, ...sources, liveSchema]);
});

async function configurationVersions(schema: string) {
  return ds(liveSchema).query(
    `SELECT version, method_version, rounding_rule, closing_coverage_factor::text AS k, changed_by_subject,
            changed_by_organisation, reason
     FROM "${schema}".trace_configuration_version ORDER BY version`,
  );
}

async function creditState(schema: string) {
  return {
    accounts: await ds(liveSchema).query(
      `SELECT element, category, balance_kg::text AS balance FROM "${schema}".mb_credit_account ORDER BY element, category`,
    ),
    entries: await ds(liveSchema).query(
      `SELECT entry_no::integer AS no, kind, category, kg::text AS kg, balance_after_kg::text AS after,
              remaining_kg::text AS remaining, shipment_id, lot_id, idempotency_key, actor_subject
       FROM "${schema}".mb_credit_entry ORDER BY entry_no`,
    ),
    draws: await ds(liveSchema).query(
      `SELECT kg::text AS kg FROM "${schema}".mb_claim_draw ORDER BY claim_entry_id, deposit_entry_id`,
    ),
    periods: await ds(liveSchema).query(
      `SELECT element, period_from, deposited_by_subject FROM "${schema}".mb_deposit_period ORDER BY element, period_from`,
    ),
  };
}

async function frozenVersions(schema: string) {
  return ds(liveSchema).query(
    `SELECT statement_id, configuration_version FROM "${schema}".trace_statement ORDER BY statement_id`,
  );
}

async function refusal(work: Promise<unknown>): Promise<TraceabilityError> {
  try {
    await work;
  } catch (error) {
    if (error instanceof TraceabilityError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

// Version 2 by an admin before the shipment is ingested, so the live statement names version 2;
// version 3 after it.
const LIVE_VERSIONS = [
  {
    version: 1,
    method_version: 'physical-allocation/1',
    rounding_rule: 'HALF_EVEN_1MG_LARGEST_REMAINDER',
    k: '2',
    changed_by_subject: 'system',
    changed_by_organisation: null,
    reason: 'the configuration the service was built with',
  },
  {
    version: 2,
    method_version: 'physical-allocation/1',
    rounding_rule: 'HALF_EVEN_1MG_LARGEST_REMAINDER',
    k: '3',
    changed_by_subject: 'usr-admin-1',
    changed_by_organisation: 'org-plant',
    reason: 'coverage factor 3 as agreed with the auditor',
  },
  {
    version: 3,
    method_version: 'physical-allocation/1',
    rounding_rule: 'HALF_EVEN_1MG_LARGEST_REMAINDER',
    k: '2.5',
    changed_by_subject: 'usr-admin-1',
    changed_by_organisation: 'org-plant',
    reason: 'coverage factor 2.5 from next month',
  },
];

describe('carrying the configuration and the credit ledger over into a rebuild', () => {
  it('copies them before any event, so the rebuilt statement names version 2 and the credits cannot be spent twice', async () => {
    await new ConfigurationApplication({
      dataSource: ds(liveSchema),
      clock: () => new Date('2026-11-27T09:00:00.000Z'),
    }).change(admin, { closingCoverageFactor: '3', reason: 'coverage factor 3 as agreed with the auditor' });
    await publishLeachingRun(
      log,
      { intake: intakeSchema, concentration: concentrationSchema, sales: salesSchema },
      leachingRunIds('CARRY'),
    );
    await log.ingestLive(liveSchema, { sources, topics, ledger, events: 11, statements: 1 });
    const live = new MassBalanceApplication({ dataSource: ds(liveSchema), clock });
    // November: 5 kg Tb post-consumer (A) and 1 kg pre-consumer (B) in, nothing lost.
    const deposits = await live.deposit(operator, NOV.from, NOV.to, ['Tb']);
    expect(deposits.map((d) => [d.category, d.kg, d.balanceAfterKg])).toEqual([
      ['POST_CONSUMER', '5.000000', '5.000000'],
      ['PRE_CONSUMER', '1.000000', '1.000000'],
    ]);
    const claimed = await live.claim(sales, {
      shipmentId: S1,
      element: 'Tb',
      category: 'POST_CONSUMER',
      kg: '2',
      idempotencyKey: 'claim-s1-carry',
    });
    expect([claimed.entry.kg, claimed.entry.balanceAfterKg, claimed.replayed]).toEqual([
      '2.000000',
      '3.000000',
      false,
    ]);

    const liveCredits = await creditState(liveSchema);
    expect(liveCredits.accounts).toEqual([
      { element: 'Tb', category: 'POST_CONSUMER', balance: '3.000000' },
      { element: 'Tb', category: 'PRE_CONSUMER', balance: '1.000000' },
      { element: 'Tb', category: 'PRIMARY', balance: '0' },
    ]);
    expect(liveCredits.entries.map((e: { no: number; kind: string }) => [e.no, e.kind])).toEqual([
      [1, 'DEPOSIT'],
      [2, 'DEPOSIT'],
      [3, 'CLAIM'],
    ]);
    const statementId = statementIdOf(S1, P);
    expect(await frozenVersions(liveSchema)).toEqual([
      { statement_id: statementId, configuration_version: 2 },
    ]);
    // Version 3 after every event was recorded: the rebuild, which runs later still, freezes the
    // statement under the version in force when its events were recorded (2), as live.
    await new ConfigurationApplication({
      dataSource: ds(liveSchema),
      clock: () => new Date(Date.now() + 3_600_000),
    }).change(admin, { closingCoverageFactor: '2.5', reason: 'coverage factor 2.5 from next month' });

    const report = await rebuildFromOutboxes({
      url: log.database.url,
      into: carriedSchema,
      sources,
      topics,
      ledger,
      mode: 'per-event',
      carryOverFrom: liveSchema,
      progressIntervalMs: 20,
    });
    expect(report).toMatchObject({ logEvents: 11, events: 11, heldEvents: 0, parkedEvents: 0 });

    expect(await configurationVersions(carriedSchema)).toEqual(LIVE_VERSIONS);
    expect(await frozenVersions(carriedSchema)).toEqual([
      { statement_id: statementId, configuration_version: 2 },
    ]);
    for (const table of CARRIED_OVER_TABLES) {
      // Every column verbatim: ids, who, when (version 1's time too), why, idempotency keys.
      expect({ table, rows: await rows(carriedSchema, table) }).toEqual({
        table,
        rows: await rows(liveSchema, table),
      });
    }
    expect(await creditState(carriedSchema)).toEqual(liveCredits);
    const [statements] = (await ds(liveSchema).query(
      `SELECT (SELECT body::text FROM "${liveSchema}".trace_statement) = (SELECT body::text FROM "${carriedSchema}".trace_statement) AS same`,
    )) as { same: boolean }[];
    expect(statements).toEqual({ same: true });

    // On the rebuilt schema: the key answers the first claim, the rest of the balance can be claimed
    // once (the next entry is number 4: the sequence continues after the copied ids), and no more.
    const rebuilt = new MassBalanceApplication({ dataSource: await open(carriedSchema), clock });
    const replay = await rebuilt.claim(sales, {
      shipmentId: S1,
      element: 'Tb',
      category: 'POST_CONSUMER',
      kg: '2',
      idempotencyKey: 'claim-s1-carry',
    });
    expect([replay.entry.entryId, replay.replayed]).toEqual([claimed.entry.entryId, true]);
    const again = await refusal(
      rebuilt.claim(sales, { shipmentId: S1, element: 'Tb', category: 'POST_CONSUMER', kg: '0.5' }),
    );
    expect([again.code, again.field, again.value]).toEqual(['DUPLICATE_CLAIM', 'shipmentId', `${S1} / ${P}`]);
    const rest = await rebuilt.claim(sales, { lotId: P, element: 'Tb', category: 'POST_CONSUMER', kg: '3' });
    expect([rest.entry.kg, rest.entry.balanceAfterKg, rest.replayed]).toEqual([
      '3.000000',
      '0.000000',
      false,
    ]);
    const beyond = await refusal(
      rebuilt.claim(sales, { lotId: Q, element: 'Tb', category: 'POST_CONSUMER', kg: '0.5' }),
    );
    expect([beyond.code, beyond.field, beyond.value]).toEqual(['INSUFFICIENT_CREDITS', 'kg', '0.500000']);
    const after = await creditState(carriedSchema);
    expect(after.accounts).toEqual([
      { element: 'Tb', category: 'POST_CONSUMER', balance: '0.000000' },
      { element: 'Tb', category: 'PRE_CONSUMER', balance: '1.000000' },
      { element: 'Tb', category: 'PRIMARY', balance: '0' },
    ]);
    expect(after.entries.map((e: { no: number; kind: string; kg: string }) => [e.no, e.kind, e.kg])).toEqual([
      [1, 'DEPOSIT', '5.000000'],
      [2, 'DEPOSIT', '1.000000'],
      [3, 'CLAIM', '2.000000'],
      [4, 'CLAIM', '3.000000'],
    ]);
    // The post-consumer deposit is wholly drawn: 5 = 2 + 3; the live schema is untouched (3 kg left).
    expect(after.draws).toEqual(expect.arrayContaining([{ kg: '2.000000' }, { kg: '3.000000' }]));
    expect((await creditState(liveSchema)).accounts).toEqual(liveCredits.accounts);
  });

  it('carries them over in bulk mode alike', async () => {
    await rebuildFromOutboxes({
      url: log.database.url,
      into: bulkSchema,
      sources,
      topics,
      ledger,
      mode: 'bulk',
      carryOverFrom: liveSchema,
    });
    expect(await configurationVersions(bulkSchema)).toEqual(LIVE_VERSIONS);
    expect(await frozenVersions(bulkSchema)).toEqual([
      { statement_id: statementIdOf(S1, P), configuration_version: 2 },
    ]);
    for (const table of CARRIED_OVER_TABLES) {
      expect({ table, rows: await rows(bulkSchema, table) }).toEqual({
        table,
        rows: await rows(liveSchema, table),
      });
    }
  });

  it('without carryOverFrom keeps only the seeded version 1 and no credits (the statement names version 1)', async () => {
    await rebuildFromOutboxes({
      url: log.database.url,
      into: plainSchema,
      sources,
      topics,
      ledger,
      mode: 'bulk',
    });
    expect(await configurationVersions(plainSchema)).toEqual([LIVE_VERSIONS[0]]);
    expect(await frozenVersions(plainSchema)).toEqual([
      { statement_id: statementIdOf(S1, P), configuration_version: 1 },
    ]);
    expect(await creditState(plainSchema)).toEqual({ accounts: [], entries: [], draws: [], periods: [] });
  });

  it('refuses an unknown source schema, and one without the tables, leaving the fresh schema empty', async () => {
    const unknown = 'no_such_traceability_schema';
    const missing = await refusal(
      rebuildFromOutboxes({
        url: log.database.url,
        into: refusedSchema,
        sources,
        topics,
        ledger,
        carryOverFrom: unknown,
      }),
    );
    expect([missing.code, missing.field, missing.value]).toEqual([
      'INVALID_INPUT',
      'carryOverFrom',
      `"${unknown}"`,
    ]);
    expect(missing.message).toBe(
      `carryOverFrom: got "${unknown}", must name an existing schema of the database (the traceability schema being replaced)`,
    );
    const notTraceability = await refusal(
      rebuildFromOutboxes({
        url: log.database.url,
        into: refusedSchema,
        sources,
        topics,
        ledger,
        carryOverFrom: intakeSchema,
      }),
    );
    expect([notTraceability.field, notTraceability.value]).toEqual(['carryOverFrom', `"${intakeSchema}"`]);
    expect(notTraceability.rule).toContain(
      'it lacks trace_configuration_version, mb_credit_account, mb_deposit_period, mb_credit_entry, mb_claim_draw',
    );
    const itself = await refusal(
      rebuildFromOutboxes({
        url: log.database.url,
        into: refusedSchema,
        sources,
        topics,
        ledger,
        carryOverFrom: refusedSchema,
      }),
    );
    expect(itself.rule).toContain('must name the schema the rebuild replaces');

    expect(await configurationVersions(refusedSchema)).toEqual([LIVE_VERSIONS[0]]);
    expect(await creditState(refusedSchema)).toEqual({ accounts: [], entries: [], draws: [], periods: [] });
    const [applied] = (await ds(liveSchema).query(
      `SELECT (SELECT count(*) FROM "${refusedSchema}".trace_position)::integer AS positions,
              (SELECT count(*) FROM "${refusedSchema}".trace_lot)::integer AS lots,
              (SELECT count(*) FROM "${refusedSchema}".trace_statement)::integer AS statements`,
    )) as unknown[];
    expect(applied).toEqual({ positions: 0, lots: 0, statements: 0 });
  });
});
