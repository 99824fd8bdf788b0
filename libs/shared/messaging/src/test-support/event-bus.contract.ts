// The event bus contract: the guarantees both adapters (Kafka and embedded) must keep, checked on
// real infrastructure with numbers. A harness (event-bus-harness.ts) gives each adapter's services,
// consumers and restarts; every test gets its own topic, schemas and consumer names.
import { create } from '@bufbuild/protobuf';
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { IntakeEventTypes, intakeV1 } from '@rre/contracts';
import { inTransaction, serviceSchema } from '@rre/persistence';
import { waitFor } from '@rre/testing';
import type { DataSource, EntityManager, EntitySubscriberInterface, QueryRunner } from 'typeorm';
import { ulid } from 'ulid';
import { deadLetterCommand } from '../dead-letter-command';
import type { ConsumedEvent, EventConsumerDefinition, EventHandler } from '../event-consumer-definition';
import { eventTypeRegistry } from '../event-type-registry';
import { listDeadLetters } from '../list-dead-letters';
import { messagingTables } from '../messaging-tables';
import { upcaster } from '../upcaster';
import type { EventBusHarness, TestConsumer, TestProducer, TestService } from './event-bus-harness';

/** The test stream's event: a real contract type, so the publisher encodes and the consumer decodes protobuf. */
const NOTE = IntakeEventTypes.LotCorrected;
type Note = intakeV1.LotCorrected;

const WAIT = { timeoutMs: 45_000, intervalMs: 50 };
const FAST_RETRY = { attempts: 3, baseDelayMs: 10, maxDelayMs: 40, jitter: 0 };

interface EffectRow {
  event_id: string;
  lot: string;
  sequence: number;
  type: string;
  detail: string;
}

function noteData(lot: string, n: number) {
  return {
    schema: intakeV1.LotCorrectedSchema,
    message: create(intakeV1.LotCorrectedSchema, {
      lot: { lotId: lot },
      field: 'n',
      newValue: String(n),
      reason: 'test',
    }),
  };
}

function publishNote(producer: TestProducer, topic: string, lot: string, n: number) {
  return inTransaction(producer.dataSource, (manager) =>
    producer.publisher.publish(manager, { topic, type: NOTE, subject: lot, data: noteData(lot, n) }),
  );
}

async function recordEffect(
  event: ConsumedEvent<unknown>,
  manager: EntityManager,
  detail: string,
): Promise<void> {
  await manager.query(
    `INSERT INTO "${serviceSchema(manager)}".test_effect (consumer, event_id, lot, sequence, type, detail)
     VALUES ($1, $2, $3, $4, $5, $6)`,
    [event.consumer, event.envelope.id, event.envelope.subject, event.envelope.sequence, event.type, detail],
  );
}

interface NoteConsumerOptions {
  /** Throw this message (after the effect is written, so it must roll back) when it returns one. */
  failWith?: (event: ConsumedEvent<Note>) => string | undefined;
  /** Runs after the effect, inside the handler's transaction. */
  after?: (event: ConsumedEvent<Note>, manager: EntityManager) => void;
}

/** A consumer of the test stream that writes one test_effect row per handled event, and counts its calls. */
function noteConsumer(topic: string, options: NoteConsumerOptions = {}) {
  const calls = new Map<string, number>();
  const handler: EventHandler<Note> = async (event, manager) => {
    calls.set(event.envelope.id, (calls.get(event.envelope.id) ?? 0) + 1);
    await recordEffect(event, manager, event.message.newValue);
    const failure = options.failWith?.(event);
    if (failure !== undefined) throw new Error(failure);
    options.after?.(event, manager);
  };
  const definition: EventConsumerDefinition = {
    name: `contract-${ulid().toLowerCase()}`,
    topics: [topic],
    handlers: { [NOTE]: handler },
    retry: FAST_RETRY,
  };
  return { definition, calls };
}

async function effects(service: TestService, lot?: string): Promise<EffectRow[]> {
  const rows = (await service.dataSource.query(
    `SELECT event_id, lot, sequence::int AS sequence, type, detail FROM "${service.schema}".test_effect
     WHERE $1::text IS NULL OR lot = $1 ORDER BY id`,
    [lot ?? null],
  )) as EffectRow[];
  return rows;
}

async function count(dataSource: DataSource, sql: string, parameters: unknown[] = []): Promise<number> {
  const [row] = (await dataSource.query(`SELECT count(*)::int AS n FROM ${sql}`, parameters)) as {
    n: number;
  }[];
  return row?.n ?? 0;
}

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

/** Runs `work` for each item, at most `concurrency` at a time. */
async function inParallel<T>(items: readonly T[], concurrency: number, work: (item: T) => Promise<unknown>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) await work(items[next++] as T);
    }),
  );
}

function shuffled<T>(items: readonly T[]): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
  }
  return copy;
}

const CRASH_AT = 'contract.crashAt';

type CrashPoint = 'before-commit' | 'after-commit';

interface ArmedCrash {
  point: CrashPoint;
  /** Which crash of the test this is; reported when it fires. */
  label: string;
}

/**
 * A process death at the handler's transaction's commit: just before it (the transaction rolls
 * back) or just after it, before anything else the consumer would do (commit the Kafka offset, or
 * any work outside that transaction). The handler arms it through its manager; the commit then
 * aborts the consumer and fails, so no consumer code after it runs. It hooks the database commit,
 * not a place in the consumer's code, so moving work into or out of that transaction cannot dodge it.
 * A switch armed in a transaction that rolls back for another reason (a batch in which a later
 * handler fails) never fires; the handler arms it again when its event is handled again. When one
 * transaction (a batch) arms both, the crash before the commit wins: nothing of it commits.
 */
function installCrashSwitch(dataSource: DataSource, crash: (label: string) => void) {
  const fire = (runner: QueryRunner, point: CrashPoint): Promise<void> | undefined => {
    const armed = runner.data[CRASH_AT] as ArmedCrash | undefined;
    if (armed?.point !== point) return undefined;
    delete runner.data[CRASH_AT];
    crash(armed.label);
    return Promise.reject(new Error(`simulated crash ${point}`));
  };
  const subscriber: EntitySubscriberInterface = {
    beforeTransactionCommit: ({ queryRunner }) => fire(queryRunner, 'before-commit'),
    afterTransactionCommit: ({ queryRunner }) =>
      queryRunner.isTransactionActive ? undefined : fire(queryRunner, 'after-commit'),
  };
  dataSource.subscribers.push(subscriber);
  return {
    arm: (manager: EntityManager, point: CrashPoint, label: string) => {
      const runner = manager.queryRunner;
      if (!runner || (runner.data[CRASH_AT] as ArmedCrash | undefined)?.point === 'before-commit') return;
      runner.data[CRASH_AT] = { point, label } satisfies ArmedCrash;
    },
  };
}

export function describeEventBusContract(
  adapterName: string,
  harnessFactory: () => Promise<EventBusHarness>,
): void {
  describe(`event bus contract: ${adapterName}`, () => {
    let harness: EventBusHarness;

    beforeAll(async () => {
      harness = await harnessFactory();
    });

    afterEach(async () => {
      await harness.cleanup();
    });

    afterAll(async () => {
      await harness?.close();
    });

    async function setUp() {
      const topic = await harness.newTopic();
      const producer = await harness.openProducer();
      const consumerService = await harness.openConsumerService();
      return { topic, producer, consumerService };
    }

    it('delivers each lot in sequence order under concurrent publishing: 20 lots x 25 events, each handled once', async () => {
      const { topic, producer, consumerService } = await setUp();
      const { definition, calls } = noteConsumer(topic);
      await harness.startConsumer(consumerService, definition, [producer]);

      const lots = range(1, 20).map(() => ulid());
      const jobs = shuffled(lots.flatMap((lot) => range(1, 25).map((n) => ({ lot, n }))));
      await inParallel(jobs, 16, ({ lot, n }) => publishNote(producer, topic, lot, n));

      await waitFor(async () => (await effects(consumerService)).length >= 500, '500 effects', WAIT);
      await waitFor(
        () => harness.caughtUp(consumerService, definition.name, [producer], [topic]),
        'caught up',
        WAIT,
      );

      const handled = await effects(consumerService);
      expect(handled).toHaveLength(500);
      expect(new Set(handled.map((row) => row.event_id)).size).toBe(500);
      expect([...calls.values()].every((n) => n === 1)).toBe(true);
      expect(calls.size).toBe(500);
      for (const lot of lots) {
        expect(handled.filter((row) => row.lot === lot).map((row) => row.sequence)).toEqual(range(1, 25));
      }
      const inbox = messagingTables(consumerService.schema).inbox;
      expect(await count(consumerService.dataSource, `${inbox} WHERE consumer = $1`, [definition.name])).toBe(
        500,
      );
    });

    it('sends nothing for a transaction that rolls back', async () => {
      const { topic, producer, consumerService } = await setUp();
      const { definition } = noteConsumer(topic);
      await harness.startConsumer(consumerService, definition, [producer]);
      const lot = ulid();

      await expect(
        inTransaction(producer.dataSource, async (manager) => {
          await producer.publisher.publish(manager, {
            topic,
            type: NOTE,
            subject: lot,
            data: noteData(lot, 1),
          });
          throw new Error('business rule broken');
        }),
      ).rejects.toThrow('business rule broken');
      const marker = await publishNote(producer, topic, lot, 2);

      await waitFor(async () => (await effects(consumerService)).length >= 1, 'the marker', WAIT);
      await waitFor(
        () => harness.caughtUp(consumerService, definition.name, [producer], [topic]),
        'caught up',
        WAIT,
      );
      const handled = await effects(consumerService);
      expect(handled).toHaveLength(1);
      expect(handled[0]).toMatchObject({ event_id: marker.id, detail: '2', sequence: 1 });
      expect(marker.sequence).toBe('1');
      expect(await count(producer.dataSource, messagingTables(producer.schema).outbox)).toBe(1);
    });

    it('delivers an event whose transaction commits after a later one was delivered (no skipped row)', async () => {
      const { topic, producer, consumerService } = await setUp();
      const { definition } = noteConsumer(topic);
      await harness.startConsumer(consumerService, definition, [producer]);
      const [lateLot, earlyLot] = [ulid(), ulid()];
      const outbox = messagingTables(producer.schema).outbox;

      let lateId: string;
      if (harness.concurrentTransactions) {
        let commit!: () => void;
        const released = new Promise<void>((resolve) => (commit = resolve));
        let written!: () => void;
        const isWritten = new Promise<void>((resolve) => (written = resolve));
        // Transaction A takes its outbox id first and stays open ...
        const late = inTransaction(producer.dataSource, async (manager) => {
          const envelope = await producer.publisher.publish(manager, {
            topic,
            type: NOTE,
            subject: lateLot,
            data: noteData(lateLot, 1),
          });
          written();
          await released;
          return envelope;
        });
        await isWritten;
        // ... while B, with a higher id, commits and is delivered.
        await publishNote(producer, topic, earlyLot, 1);
        await waitFor(
          async () => (await effects(consumerService, earlyLot)).length === 1,
          'B delivered',
          WAIT,
        );
        expect(await effects(consumerService, lateLot)).toHaveLength(0);
        commit();
        lateId = (await late).id;
      } else {
        // PGlite runs one transaction at a time, so A cannot stay open while B commits. The same
        // visibility order is made by hand: A's outbox id is taken before B's, its row appears after.
        const [{ id: reserved }] = (await producer.dataSource.query(
          `SELECT nextval(pg_get_serial_sequence('${outbox}', 'id'))::text AS id`,
        )) as [{ id: string }];
        await publishNote(producer, topic, earlyLot, 1);
        await waitFor(
          async () => (await effects(consumerService, earlyLot)).length === 1,
          'B delivered',
          WAIT,
        );
        lateId = await inTransaction(producer.dataSource, async (manager) => {
          const envelope = await producer.publisher.publish(manager, {
            topic,
            type: NOTE,
            subject: lateLot,
            data: noteData(lateLot, 1),
          });
          await manager.query(`UPDATE ${outbox} SET id = $1 WHERE event_id = $2`, [reserved, envelope.id]);
          return envelope.id;
        });
      }

      await waitFor(async () => (await effects(consumerService, lateLot)).length === 1, 'A delivered', WAIT);
      await waitFor(
        () => harness.caughtUp(consumerService, definition.name, [producer], [topic]),
        'caught up',
        WAIT,
      );
      const ids = (await producer.dataSource.query(`SELECT event_id, id::bigint AS id FROM ${outbox}`)) as {
        event_id: string;
        id: string;
      }[];
      const idOf = (eventId: string) => BigInt(ids.find((row) => row.event_id === eventId)?.id ?? -1);
      const earlyEffects = await effects(consumerService, earlyLot);
      expect(idOf(lateId)).toBeLessThan(idOf(earlyEffects[0]?.event_id ?? ''));
      expect((await effects(consumerService)).map((row) => row.lot)).toEqual([earlyLot, lateLot]);
    });

    /**
     * The consumer dies right after the commit of the transaction that handles event 4 (events 1..5
     * published), and again just before the commit of the one that handles event 7 (events 6..10
     * published meanwhile); then event 9 fails once after writing its effect. Each time, everything
     * published is on the transport before the consumer starts. With one transaction per event
     * (`batchSize: 1`), the first crash keeps 1..4 and the second 1..6. With batches, each crash
     * hits a batch's transaction: the first keeps the whole batch 1..5, the second loses 6..10, and
     * event 9's failure rolls its batch back and falls back to one event at a time.
     */
    async function crashScenario(batchSize: number | undefined) {
      const perEvent = batchSize === 1;
      const { topic, producer, consumerService } = await setUp();
      const lot = ulid();
      const crashes: Record<string, CrashPoint> = { '4': 'after-commit', '7': 'before-commit' };
      let current: TestConsumer | undefined;
      let crashed = () => undefined as void;
      const crashSwitch = installCrashSwitch(consumerService.dataSource, (label) => {
        delete crashes[label];
        void current?.abort();
        crashed();
      });
      const nextCrash = () => new Promise<void>((resolve) => (crashed = resolve));
      const failNine = { from: false, done: new Set<string>() };
      const { definition, calls } = noteConsumer(topic, {
        // Event 9 fails once after writing its effect: the retry must apply it exactly once.
        failWith: (event) => {
          if (event.message.newValue !== '9' || !failNine.from || failNine.done.has(event.envelope.id))
            return undefined;
          failNine.done.add(event.envelope.id);
          return 'transient failure after the effect';
        },
        after: (event, manager) => {
          const point = crashes[event.message.newValue];
          if (point !== undefined) crashSwitch.arm(manager, point, event.message.newValue);
        },
      });
      const ids: string[] = [];
      const publishUpTo = async (last: number) => {
        for (let n = ids.length + 1; n <= last; n++)
          ids.push((await publishNote(producer, topic, lot, n)).id);
        await waitFor(() => harness.delivered([producer], [topic]), `events up to ${last} delivered`, WAIT);
      };
      const details = async () => (await effects(consumerService)).map((row) => Number(row.detail));
      const start = () => harness.startConsumer(consumerService, definition, [producer], { batchSize });

      // Dies right after event 4's transaction commits, before its offset is committed.
      await publishUpTo(5);
      let crash = nextCrash();
      current = await start();
      await crash;
      await current.abort();
      expect(await details()).toEqual(perEvent ? range(1, 4) : range(1, 5));

      // Restarted, it meets event 4 (or 1..5) again, then dies inside event 7's transaction.
      await publishUpTo(10);
      crash = nextCrash();
      current = await start();
      await crash;
      await current.abort();
      expect(await details()).toEqual(perEvent ? range(1, 6) : range(1, 5));
      expect(crashes).toEqual({});

      failNine.from = true;
      current = await start();
      await waitFor(
        () => harness.caughtUp(consumerService, definition.name, [producer], [topic]),
        'all 10 settled',
        WAIT,
      );
      await current.stop();
      expect((await effects(consumerService)).map((row) => row.event_id)).toEqual(ids);
      // Per event: 7 ran in the transaction that crashed and once more; 9 failed once and ran again.
      // Batched: 7 and 9 also ran in the batch that event 9's failure rolled back.
      expect(calls.get(ids[6] as string)).toBe(perEvent ? 2 : 3);
      expect(calls.get(ids[8] as string)).toBe(perEvent ? 2 : 3);

      // Everything again from the beginning: the inbox alone must keep the effects at one each.
      await harness.rewind(consumerService, definition.name, [producer], [topic]);
      current = await start();
      await waitFor(
        () => harness.caughtUp(consumerService, definition.name, [producer], [topic]),
        'the replay',
        WAIT,
      );
      expect((await effects(consumerService)).map((row) => row.event_id)).toEqual(ids);
      const inbox = messagingTables(consumerService.schema).inbox;
      expect(await count(consumerService.dataSource, `${inbox} WHERE consumer = $1`, [definition.name])).toBe(
        10,
      );
    }

    it('applies each event exactly once when the consumer dies around its commit (one transaction per event)', () =>
      crashScenario(1));

    it('applies each event exactly once when the consumer dies around a batch commit', () =>
      crashScenario(undefined));

    async function poisonScenario() {
      const { topic, producer, consumerService } = await setUp();
      const [poisoned, healthy] = [ulid(), ulid()];
      const state = { broken: true };
      const { definition, calls } = noteConsumer(topic, {
        failWith: (event) =>
          state.broken && event.envelope.subject === poisoned && event.message.newValue === '2'
            ? 'cannot apply note 2'
            : undefined,
      });
      const consumer = await harness.startConsumer(consumerService, definition, [producer]);
      const poisonedIds: string[] = [];
      const healthyIds: string[] = [];
      for (let n = 1; n <= 6; n++) {
        poisonedIds.push((await publishNote(producer, topic, poisoned, n)).id);
        if (n <= 5) healthyIds.push((await publishNote(producer, topic, healthy, n)).id);
      }
      await waitFor(
        () => harness.caughtUp(consumerService, definition.name, [producer], [topic]),
        'caught up',
        WAIT,
      );
      return {
        topic,
        producer,
        consumerService,
        poisoned,
        healthy,
        state,
        definition,
        calls,
        consumer,
        poisonedIds,
        healthyIds,
      };
    }

    it('parks a poison event after its attempts; its lot waits behind it while other lots flow on', async () => {
      const s = await poisonScenario();

      expect(s.calls.get(s.poisonedIds[1] as string)).toBe(FAST_RETRY.attempts);
      expect((await effects(s.consumerService, s.poisoned)).map((row) => row.detail)).toEqual(['1']);
      expect((await effects(s.consumerService, s.healthy)).map((row) => row.detail)).toEqual([
        '1',
        '2',
        '3',
        '4',
        '5',
      ]);
      const letters = await listDeadLetters(s.consumerService.dataSource, s.definition.name);
      expect(
        letters.map((letter) => [letter.eventId, letter.status, letter.reason, letter.attempts]),
      ).toEqual([
        [s.poisonedIds[1], 'parked', 'handler-failed', 3],
        ...s.poisonedIds.slice(2).map((id) => [id, 'waiting', 'key-parked', 0]),
      ]);
      expect(letters[0]?.error).toContain('cannot apply note 2');
      expect(
        letters.every((letter) => letter.key === s.poisoned && letter.consumer === s.definition.name),
      ).toBe(true);

      // Later: the healthy lot still flows, the parked one still waits.
      const healthy6 = await publishNote(s.producer, s.topic, s.healthy, 6);
      const poisoned7 = await publishNote(s.producer, s.topic, s.poisoned, 7);
      await waitFor(
        () => harness.caughtUp(s.consumerService, s.definition.name, [s.producer], [s.topic]),
        'caught up',
        WAIT,
      );
      expect((await effects(s.consumerService, s.healthy)).map((row) => row.event_id).at(-1)).toBe(
        healthy6.id,
      );
      expect(
        await listDeadLetters(s.consumerService.dataSource, s.definition.name, { status: 'waiting' }),
      ).toHaveLength(5);
      expect((await listDeadLetters(s.consumerService.dataSource, s.definition.name)).at(-1)?.eventId).toBe(
        poisoned7.id,
      );
      expect(s.calls.has(poisoned7.id)).toBe(false);
    });

    it('falls back to one event at a time when a handler fails inside a batch: the events before it once, it parked, its lot waiting', async () => {
      // One partition, everything published before the consumer starts: its first batch holds all
      // 12 events, P1 Q1 P2 Q2 P3 Q3 ... P6 Q6, and P3's handler fails every time.
      const topic = await harness.newTopic({ partitions: 1 });
      const producer = await harness.openProducer();
      const consumerService = await harness.openConsumerService();
      const [poisoned, healthy] = [ulid(), ulid()];
      const { definition, calls } = noteConsumer(topic, {
        failWith: (event) =>
          event.envelope.subject === poisoned && event.message.newValue === '3'
            ? 'cannot apply note 3'
            : undefined,
      });
      const poisonedIds: string[] = [];
      const healthyIds: string[] = [];
      for (let n = 1; n <= 6; n++) {
        poisonedIds.push((await publishNote(producer, topic, poisoned, n)).id);
        healthyIds.push((await publishNote(producer, topic, healthy, n)).id);
      }
      await waitFor(() => harness.delivered([producer], [topic]), 'all 12 delivered', WAIT);
      await harness.startConsumer(consumerService, definition, [producer]);
      await waitFor(
        () => harness.caughtUp(consumerService, definition.name, [producer], [topic]),
        'caught up',
        WAIT,
      );

      // The batch ran P1 Q1 P2 Q2 and failed at P3: it rolled back, and the four were handled again,
      // one transaction each. Their handlers ran twice, their effects exist once.
      const before = [poisonedIds[0], healthyIds[0], poisonedIds[1], healthyIds[1]] as string[];
      expect(before.map((id) => calls.get(id))).toEqual([2, 2, 2, 2]);
      const byLot = async (lot: string) => (await effects(consumerService, lot)).map((row) => row.event_id);
      expect(await byLot(poisoned)).toEqual(poisonedIds.slice(0, 2));
      expect(await byLot(healthy)).toEqual(healthyIds);
      // P3: the batch's try was its first attempt; parked after the last.
      expect(calls.get(poisonedIds[2] as string)).toBe(FAST_RETRY.attempts);
      const letters = await listDeadLetters(consumerService.dataSource, definition.name);
      expect(
        letters.map((letter) => [letter.eventId, letter.status, letter.reason, letter.attempts]),
      ).toEqual([
        [poisonedIds[2], 'parked', 'handler-failed', FAST_RETRY.attempts],
        ...poisonedIds.slice(3).map((id) => [id, 'waiting', 'key-parked', 0]),
      ]);
      expect(letters[0]?.error).toContain('cannot apply note 3');
      // After P3, the healthy lot's events ran once each; the poisoned lot's never ran.
      expect(healthyIds.slice(2).map((id) => calls.get(id))).toEqual([1, 1, 1, 1]);
      expect(poisonedIds.slice(3).some((id) => calls.has(id))).toBe(false);
      const inbox = messagingTables(consumerService.schema).inbox;
      expect(await count(consumerService.dataSource, `${inbox} WHERE consumer = $1`, [definition.name])).toBe(
        8,
      );

      // Later events: the parked lot's wait, the healthy lot's are handled.
      const poisoned7 = await publishNote(producer, topic, poisoned, 7);
      const healthy7 = await publishNote(producer, topic, healthy, 7);
      await waitFor(
        () => harness.caughtUp(consumerService, definition.name, [producer], [topic]),
        'caught up again',
        WAIT,
      );
      expect((await byLot(healthy)).at(-1)).toBe(healthy7.id);
      expect(calls.has(poisoned7.id)).toBe(false);
      expect((await listDeadLetters(consumerService.dataSource, definition.name)).at(-1)).toMatchObject({
        eventId: poisoned7.id,
        status: 'waiting',
      });
    });

    it('replays a parked lot after a fix: the parked and waiting events in order, then unparks it', async () => {
      const s = await poisonScenario();
      const dataSource = s.consumerService.dataSource;

      // Before the fix: the replay stops at the parked event, which stays parked with one more attempt.
      const first = await s.consumer.replayParked(s.poisoned);
      expect(first.keys).toEqual([
        {
          key: s.poisoned,
          replayed: [],
          unparked: false,
          failed: {
            eventId: s.poisonedIds[1],
            reason: 'handler-failed',
            error: 'Error: cannot apply note 2',
          },
        },
      ]);
      const stillParked = await listDeadLetters(dataSource, s.definition.name);
      expect(stillParked.map((letter) => [letter.status, letter.attempts])).toEqual([
        ['parked', 4],
        ['waiting', 0],
        ['waiting', 0],
        ['waiting', 0],
        ['waiting', 0],
      ]);

      // The fix, then the replay from the command line.
      s.state.broken = false;
      const lines: string[] = [];
      const output = {
        log: (line: string) => lines.push(line),
        error: (line: string) => lines.push(`ERROR ${line}`),
      };
      const context = { dataSource, consumers: [s.definition] };
      expect(
        await deadLetterCommand(context, ['list', s.definition.name, '--status', 'parked'], output),
      ).toBe(0);
      expect(lines.at(-1)).toBe('1 dead letter(s)');
      expect(await deadLetterCommand(context, ['replay', s.definition.name, s.poisoned], output)).toBe(0);
      expect(lines.at(-1)).toBe(`${s.poisoned}: replayed 5, unparked`);

      expect((await effects(s.consumerService, s.poisoned)).map((row) => row.event_id)).toEqual(
        s.poisonedIds,
      );
      const replayed = await listDeadLetters(dataSource, s.definition.name);
      expect(replayed.map((letter) => letter.status)).toEqual(Array(5).fill('replayed'));

      // Unparked: the lot's next event is handled as usual, after the replayed ones.
      const next = await publishNote(s.producer, s.topic, s.poisoned, 7);
      await waitFor(
        () => harness.caughtUp(s.consumerService, s.definition.name, [s.producer], [s.topic]),
        'caught up',
        WAIT,
      );
      const lotEffects = await effects(s.consumerService, s.poisoned);
      expect(lotEffects.map((row) => row.event_id)).toEqual([...s.poisonedIds, next.id]);
      expect(lotEffects.map((row) => row.sequence)).toEqual(range(1, 7));
      expect(await listDeadLetters(dataSource, s.definition.name)).toHaveLength(5);
      expect(await effects(s.consumerService, s.healthy)).toHaveLength(5);
    });

    it('upcasts old versions on read and parks unknown types and major versions without retrying', async () => {
      const { topic, producer, consumerService } = await setUp();
      const json = (data: Uint8Array) =>
        JSON.parse(Buffer.from(data).toString('utf8')) as Record<string, string>;
      const bytes = (value: object) => new Uint8Array(Buffer.from(JSON.stringify(value)));
      const seen: { type: string; message: unknown }[] = [];
      const definition: EventConsumerDefinition = {
        name: `contract-${ulid().toLowerCase()}`,
        topics: [topic],
        registry: eventTypeRegistry({ 'rre.test.lot.weighed.v1': json, 'rre.test.lot.weighed.v2': json }),
        upcasters: [
          upcaster<{ kg: string }, { mass: string; unit: string }>(
            'rre.test.lot.weighed.v1',
            'rre.test.lot.weighed.v2',
            (old) => ({ mass: old.kg, unit: 'KGM' }),
          ),
        ],
        handlers: {
          'rre.test.lot.weighed.v2': async (
            event: ConsumedEvent<{ mass: string; unit: string }>,
            manager,
          ) => {
            seen.push({ type: event.type, message: event.message });
            await recordEffect(event, manager, `${event.message.mass} ${event.message.unit}`);
          },
        },
        retry: FAST_RETRY,
      };
      await harness.startConsumer(consumerService, definition, [producer]);
      const [evolved, unknownType, unknownMajor, mixed] = [ulid(), ulid(), ulid(), ulid()];
      const publish = (subject: string, type: string, data: Uint8Array | ReturnType<typeof noteData>) =>
        inTransaction(producer.dataSource, (manager) =>
          producer.publisher.publish(manager, { topic, type, subject, data }),
        );

      await publish(evolved, 'rre.test.lot.weighed.v1', bytes({ kg: '1.5' }));
      await publish(
        evolved,
        'rre.test.lot.weighed.v2',
        bytes({ mass: '2000', unit: 'GRM', addedLater: 'x' }),
      );
      const unknown = await publish(unknownType, 'rre.test.lot.sampled.v1', bytes({}));
      const tooNew = await publish(unknownMajor, 'rre.test.lot.weighed.v3', bytes({ mass: '3' }));
      await publish(mixed, NOTE, noteData(mixed, 1));
      await publish(mixed, 'rre.test.lot.weighed.v2', bytes({ mass: '4', unit: 'KGM' }));
      await waitFor(
        () => harness.caughtUp(consumerService, definition.name, [producer], [topic]),
        'caught up',
        WAIT,
      );

      // Different lots may be handled in any order relative to each other (Kafka: other partitions).
      const byLot = async (lot: string) =>
        (await effects(consumerService, lot)).map((row) => [row.type, row.detail]);
      expect(await byLot(evolved)).toEqual([
        ['rre.test.lot.weighed.v2', '1.5 KGM'],
        ['rre.test.lot.weighed.v2', '2000 GRM'],
      ]);
      expect(await byLot(mixed)).toEqual([['rre.test.lot.weighed.v2', '4 KGM']]);
      expect(await effects(consumerService)).toHaveLength(3);
      expect(seen).toHaveLength(3);
      const letters = await listDeadLetters(consumerService.dataSource, definition.name);
      expect(
        letters.map((letter) => [letter.eventId, letter.status, letter.reason, letter.attempts]).sort(),
      ).toEqual(
        [
          [unknown.id, 'parked', 'unknown-type', 0],
          [tooNew.id, 'parked', 'unknown-major-version', 0],
        ].sort(),
      );
    });

    it('loses nothing when the transport restarts in the middle of a stream', async () => {
      const { topic, producer, consumerService } = await setUp();
      const { definition } = noteConsumer(topic);
      const lots = range(1, 5).map(() => ulid());
      const publishHalf = async (from: number) => {
        for (let n = from; n < from + 20; n++)
          for (const lot of lots) await publishNote(producer, topic, lot, n);
      };
      await publishHalf(1);
      await harness.startConsumer(consumerService, definition, [producer]);
      await waitFor(async () => (await effects(consumerService)).length >= 20, 'the stream under way', WAIT);

      if (harness.publishingSurvivesRestart) {
        await Promise.all([harness.restartTransport(), publishHalf(21)]);
      } else {
        await harness.restartTransport();
        await publishHalf(21);
      }

      await waitFor(async () => (await effects(consumerService)).length >= 200, '200 effects', {
        ...WAIT,
        timeoutMs: 90_000,
      });
      await waitFor(
        () => harness.caughtUp(consumerService, definition.name, [producer], [topic]),
        'caught up',
        WAIT,
      );
      const handled = await effects(consumerService);
      expect(handled).toHaveLength(200);
      expect(new Set(handled.map((row) => row.event_id)).size).toBe(200);
      for (const lot of lots) {
        const rows = handled.filter((row) => row.lot === lot);
        expect(rows.map((row) => row.sequence)).toEqual(range(1, 40));
        expect(rows.map((row) => Number(row.detail))).toEqual(range(1, 40));
      }
    });
  });
}
