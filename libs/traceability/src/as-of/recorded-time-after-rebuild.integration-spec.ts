import { fromBinary } from '@bufbuild/protobuf';
import { IntakeEventTypes, intakeV1, Topics, traceabilityV1 } from '@rre/contracts';
import { generateSigningKey, privateKeyPem } from '@rre/ledger';
import { messagingMigrations } from '@rre/messaging';
import { uniqueSchemaName } from '@rre/persistence';
import { statementIdOf } from '../messaging/lot-shipped';
import { traceabilityMigrations } from '../persistence/traceability-persistence';
import { rebuildFromOutboxes } from '../rebuild/rebuild-from-outboxes';
import { TraceabilityApplication } from '../traceability-application';
import { principal } from '../test-support/callers';
import { tb } from '../test-support/event-builders';
import {
  leachingRunIds,
  OUTBOX_LOG_TOPICS,
  type OutboxLog,
  openOutboxLog,
  publishLeachingRun,
} from '../test-support/outbox-log';
import { restatedStatementIdOf } from './restate-affected-statements';

jest.setTimeout(180_000);

const intakeSchema = uniqueSchemaName('intake');
const concentrationSchema = uniqueSchemaName('concentration');
const salesSchema = uniqueSchemaName('sales');
const liveSchema = uniqueSchemaName('traceability');
const rebuildSchema = uniqueSchemaName('traceability_rebuild');
const sources = [intakeSchema, concentrationSchema, salesSchema];
const topics = OUTBOX_LOG_TOPICS;
const ledger = { signingKey: privateKeyPem(generateSigningKey().privateKey) };
const auditor = principal(['auditor'], 'org-audit', 'usr-audit');

let log: OutboxLog;
const ds = (schema: string) => log.dataSource(schema);

beforeAll(async () => {
  log = await openOutboxLog();
  for (const schema of sources) await log.open(schema, messagingMigrations);
  await log.open(liveSchema, traceabilityMigrations);
});

afterAll(async () => {
  await log?.close([rebuildSchema, ...sources, liveSchema]);
});

/** Runs the live consumer until it has read `events` events (and frozen the one statement). */
const ingestLive = (events: number) =>
  log.ingestLive(liveSchema, { sources, topics, ledger, events, statements: 1 });

async function instantBetween(): Promise<Date> {
  await new Promise((resolve) => setTimeout(resolve, 50));
  const instant = new Date();
  await new Promise((resolve) => setTimeout(resolve, 50));
  return instant;
}

describe('recorded time that a rebuild reproduces', () => {
  // A 100 kg x 5 % Tb post-consumer JP and B 50 kg x 2 % pre-consumer CN; R1 takes both -> P 20 kg x
  // 25 % (5 kg Tb) + residue Q 80 kg x 1.25 %; P shipped (S1). Later A is re-assayed at 6 %.
  const { A, B, P, S1 } = leachingRunIds('RECORDED');

  it('records facts at the time the platform recorded their events: a rebuilt projection answers as of before a correction as the live one did', async () => {
    await publishLeachingRun(
      log,
      { intake: intakeSchema, concentration: concentrationSchema, sales: salesSchema },
      leachingRunIds('RECORDED'),
    );
    await ingestLive(11);
    const beforeCorrection = await instantBetween();
    await log.publish(
      intakeSchema,
      'intake',
      Topics.IntakeLotEvents,
      IntakeEventTypes.LotAssayed,
      A,
      intakeV1.LotAssayedSchema,
      {
        lot: { lotId: A, lotCode: A },
        assayId: 'assay-A-2',
        method: 'ICP-OES',
        composition: tb('0.06'),
        isCurrent: true,
        reason: 're-assay after supplier dispute',
      },
    );
    await ingestLive(12);
    // The correction reached the shipped statement: a restatement, announced once.
    const announced = (
      (await ds(liveSchema).query(`SELECT data FROM "${liveSchema}".outbox ORDER BY id`)) as {
        data: Uint8Array;
      }[]
    ).map((row) => fromBinary(traceabilityV1.RecycledContentStatementIssuedSchema, new Uint8Array(row.data)));
    const first = statementIdOf(S1, P);
    expect(announced.map((each) => [each.statementId, each.restatesStatementId])).toEqual([
      [first, ''],
      [restatedStatementIdOf(first, 1), first],
    ]);

    const rebuilt = new Date();
    await new Promise((resolve) => setTimeout(resolve, 50));
    await rebuildFromOutboxes({ url: log.database.url, into: rebuildSchema, sources, topics, ledger });

    await log.open(rebuildSchema, traceabilityMigrations);
    // P's 5 kg Tb by source. Before the correction A brought 5 of R1's 6 kg Tb, B 1; after, A 6 of 7.
    const tbOfP = async (schema: string, asOf?: Date) => {
      const [view] = await new TraceabilityApplication({ dataSource: ds(schema) }).backwardTrace(
        auditor,
        P,
        'Tb',
        asOf,
      );
      return view?.sources.map((line) => [line.lot?.lotId, line.attributedKg]);
    };
    for (const schema of [liveSchema, rebuildSchema]) {
      expect({ schema, before: await tbOfP(schema, beforeCorrection), now: await tbOfP(schema) }).toEqual({
        schema,
        before: [
          [A, '4.166667'],
          [B, '0.833333'],
        ],
        now: [
          [A, '4.285714'],
          [B, '0.714286'],
        ],
      });
    }
    const sourcesAsOf = async (schema: string, asOf: Date) =>
      (await ds(liveSchema).query(
        `SELECT lot_id, composition->0->>'fraction' AS tb FROM "${schema}".trace_lot_as_of($1) WHERE lot_id = ANY($2) ORDER BY lot_id`,
        [asOf, [A, B, P]],
      )) as unknown[];
    for (const schema of [liveSchema, rebuildSchema]) {
      expect({ schema, lots: await sourcesAsOf(schema, beforeCorrection) }).toEqual({
        schema,
        lots: [
          { lot_id: A, tb: '0.05' },
          { lot_id: B, tb: '0.02' },
          { lot_id: P, tb: '0.25' },
        ],
      });
    }
    expect(await sourcesAsOf(rebuildSchema, rebuilt)).toEqual(await sourcesAsOf(liveSchema, rebuilt));
    expect((await sourcesAsOf(rebuildSchema, rebuilt))[0]).toEqual({
      lot_id: A,
      tb: '0.06',
    });
    // Every history row has the same recorded time in both: the outbox rows' created_at.
    const history = (schema: string) =>
      ds(liveSchema).query(
        `SELECT lot_id, composition::text, fact_recorded_at FROM "${schema}".trace_lot_history
         ORDER BY lot_id, fact_recorded_at, composition::text`,
      );
    expect(await history(rebuildSchema)).toEqual(await history(liveSchema));
    const [assayRecorded] = (await ds(liveSchema).query(
      `SELECT created_at FROM "${intakeSchema}".outbox WHERE type = $1`,
      [IntakeEventTypes.LotAssayed],
    )) as { created_at: Date }[];
    const [restated] = (await ds(liveSchema).query(
      `SELECT h.fact_recorded_at, r.restated_at FROM "${liveSchema}".trace_lot_history h,
         "${liveSchema}".trace_restatement r WHERE h.lot_id = $1 ORDER BY h.history_id DESC LIMIT 1`,
      [A],
    )) as { fact_recorded_at: Date; restated_at: Date }[];
    expect(restated?.fact_recorded_at).toEqual(assayRecorded?.created_at);
    expect(restated?.restated_at).toEqual(assayRecorded?.created_at);
  });
});
