import type { EventEnvelope } from '@rre/contracts';
import type { EntityManager } from 'typeorm';
import type { ConsumerRuntime } from './consumer-runtime';
import type { NewDeadLetter } from './dead-letter-store';
import { type ConsumedEvent, type EventHandler, UnprocessableEventError } from './event-consumer-definition';
import {
  ConsumerStoppedError,
  EventProcessor,
  type IncomingEvent,
  planBatch,
  type SettledEvent,
} from './event-processor';
import { resolveEvent, type ResolutionContext } from './event-resolution';
import { eventTypeRegistry } from './event-type-registry';
import { retryPolicy } from './retry-policy';
import { upcasterChain } from './upcaster';

const NOTE = 'rre.test.lot.noted.v1';
const SEEN = 'rre.test.lot.seen.v1'; // known, no handler: ignored
const json = (data: Uint8Array) => JSON.parse(Buffer.from(data).toString('utf8')) as { n: number };

const resolution: ResolutionContext = {
  registry: eventTypeRegistry({ [NOTE]: json, [SEEN]: json }, undefined),
  upcasters: upcasterChain([]),
  handledTypes: new Set([NOTE]),
};

/** Event `id` of lot `lot` (its subject), at log position `position`. */
function incoming(id: string, lot: string, position: number, type = NOTE): IncomingEvent {
  const envelope: EventEnvelope = {
    id,
    source: '/rre/test',
    type,
    specversion: '1.0',
    time: '2026-01-31T09:30:00.000Z',
    subject: lot,
    datacontenttype: 'application/protobuf',
    data: new Uint8Array(Buffer.from(JSON.stringify({ n: position }))),
    sequence: String(position),
    correlationid: id,
    causationid: id,
    actorsub: 'service:test',
    actororg: 'rre',
  };
  return {
    envelope,
    topic: 'rre.test',
    position: { source: 'test', position: String(position) },
    traceHeaders: undefined,
  };
}

const entry = (event: IncomingEvent) => ({
  incoming: event,
  resolution: resolveEvent(event.envelope, resolution),
});

describe('planBatch', () => {
  it('decides each event in order as one-at-a-time processing would', () => {
    const events = [
      incoming('a1', 'A', 1),
      incoming('b1', 'B', 2), // in the inbox already
      incoming('c1', 'C', 3), // lot C is parked in the database
      incoming('a2', 'A', 4, 'rre.test.lot.unknown.v1'), // cannot be handled: parks lot A
      incoming('a3', 'A', 5), // behind a2
      incoming('b2', 'B', 6, SEEN), // no handler
      incoming('d1', 'D', 7),
      incoming('d1', 'D', 8), // the same event again (a resend)
    ];
    const plan = planBatch('consumer', events.map(entry), new Set(['b1']), new Set(['C']));

    expect(plan.outcomes).toEqual([
      'handled',
      'duplicate',
      'waiting',
      'parked',
      'waiting',
      'ignored',
      'handled',
      'duplicate',
    ]);
    expect(plan.toRecord).toEqual(['a1', 'd1']);
    expect(
      plan.letters.map((letter) => [
        letter.eventId,
        letter.key,
        letter.status,
        letter.reason,
        letter.attempts,
      ]),
    ).toEqual([
      ['c1', 'C', 'waiting', 'key-parked', 0],
      ['a2', 'A', 'parked', 'unknown-type', 0],
      ['a3', 'A', 'waiting', 'key-parked', 0],
    ]);
    expect(plan.letters[1]?.position).toEqual({ source: 'test', position: '4' });
  });
});

/**
 * An in-memory stand-in for the consumer's tables: what a transaction writes becomes visible when it
 * commits, and is dropped when it throws.
 */
class FakeTables {
  readonly inbox = new Set<string>();
  readonly letters: NewDeadLetter[] = [];
  readonly effects: string[] = [];
  /** The events each committed transaction settled (the `settle` calls), in commit order. */
  readonly commits: string[][] = [];
  /** The next batch's inbox write fails (as a unique violation would). */
  failInboxWriteOnce = false;

  readonly dataSource = {
    transaction: async <T>(work: (manager: EntityManager) => Promise<T>): Promise<T> => {
      const tx: Tx = { inbox: [], letters: [], effects: [], settled: [] };
      const manager = { query: async () => [], tx } as unknown as EntityManager;
      const result = await work(manager);
      for (const id of tx.inbox) this.inbox.add(id);
      this.letters.push(...tx.letters);
      this.effects.push(...tx.effects);
      this.commits.push(tx.settled);
      return result;
    },
  };

  runtime(handler: EventHandler<{ n: number }>): ConsumerRuntime {
    const parked = (key: string) => this.letters.some((letter) => letter.key === key);
    const runtime = {
      consumer: 'consumer',
      dataSource: this.dataSource,
      resolution,
      retry: retryPolicy({ attempts: 3, baseDelayMs: 0, maxDelayMs: 0, jitter: 0 }),
      handlerFor: () => handler,
      lookUpBatch: async (_m: EntityManager, ids: readonly string[], keys: Iterable<string>) => ({
        applied: new Set(ids.filter((id) => this.inbox.has(id))),
        parkedKeys: new Set([...keys].filter(parked)),
      }),
      claimBatch: async (
        m: EntityManager,
        toHandle: readonly string[],
        others: readonly string[],
        keys: Iterable<string>,
      ) => {
        this.failInboxWrite();
        const parkedKeys = new Set([...keys].filter(parked));
        const recorded = new Set<string>();
        for (const id of parkedKeys.size === 0 ? toHandle : []) {
          if (this.inbox.has(id) || recorded.has(id)) continue;
          recorded.add(id);
          txOf(m).inbox.push(id);
        }
        return { recorded, applied: new Set(others.filter((id) => this.inbox.has(id))), parkedKeys };
      },
      inbox: {
        has: async (_m: EntityManager, _c: string, id: string) => this.inbox.has(id),
        applied: async (_m: EntityManager, _c: string, ids: readonly string[]) =>
          new Set(ids.filter((id) => this.inbox.has(id))),
        record: async (m: EntityManager, _c: string, id: string) => txOf(m).inbox.push(id),
        recordAll: async (m: EntityManager, _c: string, ids: readonly string[]) => {
          this.failInboxWrite();
          txOf(m).inbox.push(...ids);
        },
      },
      deadLetters: {
        isKeyParked: async (_m: EntityManager, _c: string, key: string) => parked(key),
        parkedAmong: async (_m: EntityManager, _c: string, keys: Iterable<string>) =>
          new Set([...keys].filter(parked)),
        add: async (m: EntityManager, letter: NewDeadLetter) => txOf(m).letters.push(letter) > 0,
        addAll: async (m: EntityManager, letters: readonly NewDeadLetter[]) =>
          txOf(m).letters.push(...letters),
      },
    };
    return runtime as unknown as ConsumerRuntime;
  }

  private failInboxWrite(): void {
    if (!this.failInboxWriteOnce) return;
    this.failInboxWriteOnce = false;
    throw new Error('duplicate key value violates unique constraint "inbox_pkey"');
  }
}

interface Tx {
  inbox: string[];
  letters: NewDeadLetter[];
  effects: string[];
  settled: string[];
}

function txOf(manager: EntityManager): Tx {
  return (manager as unknown as { tx: Tx }).tx;
}

function setUp(fails: (event: ConsumedEvent<{ n: number }>, call: number) => Error | undefined) {
  const tables = new FakeTables();
  const calls = new Map<string, number>();
  const attempts: [string, number][] = [];
  const handler: EventHandler<{ n: number }> = async (event, manager) => {
    const call = (calls.get(event.envelope.id) ?? 0) + 1;
    calls.set(event.envelope.id, call);
    attempts.push([event.envelope.id, event.attempt]);
    txOf(manager).effects.push(event.envelope.id);
    const error = fails(event, call);
    if (error) throw error;
  };
  const halted = { value: false };
  const processor = new EventProcessor(tables.runtime(handler), 'embedded', () => halted.value);
  const settled: string[][] = [];
  const options = {
    // The offset (here: the settled ids) is written in each settling transaction ...
    settle: async (manager: EntityManager, last: IncomingEvent) => {
      txOf(manager).settled.push(last.envelope.id);
    },
    // ... and `settled` hears of each after its commit.
    settled: async (events: readonly SettledEvent[]) => {
      settled.push(events.map(({ incoming: event, outcome }) => `${event.envelope.id}:${outcome}`));
    },
  };
  return { tables, calls, attempts, processor, settled, options, halted };
}

// A1 B1 A2 B2 A3 B3: lots A and B interleaved.
const stream = () =>
  [1, 2, 3].flatMap((n) => [incoming(`a${n}`, 'A', 2 * n - 1), incoming(`b${n}`, 'B', 2 * n)]);

describe('EventProcessor.processBatch', () => {
  it('settles a batch in one transaction: inbox rows, handlers in order, the offset of its last event', async () => {
    const { tables, processor, settled, options, attempts } = setUp(() => undefined);
    await processor.processBatch(stream(), options);

    expect(tables.commits).toEqual([['b3']]);
    expect(tables.effects).toEqual(['a1', 'b1', 'a2', 'b2', 'a3', 'b3']);
    expect([...tables.inbox]).toEqual(['a1', 'b1', 'a2', 'b2', 'a3', 'b3']);
    expect(settled).toEqual([
      ['a1:handled', 'b1:handled', 'a2:handled', 'b2:handled', 'a3:handled', 'b3:handled'],
    ]);
    expect(attempts.every(([, attempt]) => attempt === 1)).toBe(true);
  });

  it('skips the events of a batch that the inbox has already, and applies the others once', async () => {
    const { tables, calls, processor, settled, options } = setUp(() => undefined);
    tables.inbox.add('a2');
    tables.inbox.add('b3');
    await processor.processBatch([...stream(), incoming('a1', 'A', 7)], options);

    expect(tables.effects).toEqual(['a1', 'b1', 'b2', 'a3']);
    expect(calls.get('a1')).toBe(1);
    expect(tables.commits).toEqual([['a1']]);
    expect(settled).toEqual([
      [
        'a1:handled',
        'b1:handled',
        'a2:duplicate',
        'b2:handled',
        'a3:handled',
        'b3:duplicate',
        'a1:duplicate',
      ],
    ]);
  });

  it('queues the events of a lot parked earlier behind it, and applies the other lots of the batch', async () => {
    const { tables, processor, settled, options } = setUp(() => undefined);
    await processor.processBatch([incoming('b0', 'B', 0, 'rre.test.lot.unknown.v1')], options);
    await processor.processBatch(stream(), options);

    expect(tables.effects).toEqual(['a1', 'a2', 'a3']);
    expect([...tables.inbox]).toEqual(['a1', 'a2', 'a3']);
    expect(tables.letters.map((letter) => [letter.eventId, letter.status, letter.reason])).toEqual([
      ['b0', 'parked', 'unknown-type'],
      ['b1', 'waiting', 'key-parked'],
      ['b2', 'waiting', 'key-parked'],
      ['b3', 'waiting', 'key-parked'],
    ]);
    expect(tables.commits).toEqual([['b0'], ['b3']]);
    expect(settled).toEqual([
      ['b0:parked'],
      ['a1:handled', 'b1:waiting', 'a2:handled', 'b2:waiting', 'a3:handled', 'b3:waiting'],
    ]);
  });

  it('rolls a batch back when a handler fails: the events before it once each, it retried then parked, the rest batched again', async () => {
    const { tables, calls, attempts, processor, settled, options } = setUp((event) =>
      event.envelope.id === 'a2' ? new Error('cannot apply a2') : undefined,
    );
    await processor.processBatch(stream(), options);

    // a1 and b1 ran in the batch that rolled back, then once more each in a transaction of their own.
    expect(calls.get('a1')).toBe(2);
    expect(calls.get('b1')).toBe(2);
    // a2: the batch's try was its first attempt; 3 attempts in all, then parked with its key.
    expect(attempts.filter(([id]) => id === 'a2').map(([, attempt]) => attempt)).toEqual([1, 2, 3]);
    expect(
      tables.letters.map((letter) => [letter.eventId, letter.status, letter.attempts, letter.error]),
    ).toEqual([
      ['a2', 'parked', 3, 'Error: cannot apply a2'],
      ['a3', 'waiting', 0, null],
    ]);
    // Effects once each; a3 waits behind a2, lot B flows on.
    expect(tables.effects).toEqual(['a1', 'b1', 'b2', 'b3']);
    expect([...tables.inbox]).toEqual(['a1', 'b1', 'b2', 'b3']);
    expect(tables.commits).toEqual([['a1'], ['b1'], ['a2'], ['b3']]);
    expect(settled).toEqual([
      ['a1:handled'],
      ['b1:handled'],
      ['a2:parked'],
      ['b2:handled', 'a3:waiting', 'b3:handled'],
    ]);
  });

  it('applies an event whose handler fails once inside a batch on its second attempt', async () => {
    const { tables, attempts, processor, options } = setUp((event, call) =>
      event.envelope.id === 'b2' && call === 1 ? new Error('transient') : undefined,
    );
    await processor.processBatch(stream(), options);

    expect(tables.effects).toEqual(['a1', 'b1', 'a2', 'b2', 'a3', 'b3']);
    expect(attempts.filter(([id]) => id === 'b2').map(([, attempt]) => attempt)).toEqual([1, 2]);
    expect(tables.commits).toEqual([['a1'], ['b1'], ['a2'], ['b2'], ['b3']]);
    expect(tables.letters).toEqual([]);
  });

  it('parks at once an event whose handler throws UnprocessableEventError inside a batch', async () => {
    const { tables, calls, processor, options } = setUp((event) =>
      event.envelope.id === 'a1' ? new UnprocessableEventError('never') : undefined,
    );
    await processor.processBatch(stream(), options);

    expect(calls.get('a1')).toBe(1);
    expect(
      tables.letters.map((letter) => [letter.eventId, letter.status, letter.reason, letter.attempts]),
    ).toEqual([
      ['a1', 'parked', 'unprocessable', 1],
      ['a2', 'waiting', 'key-parked', 0],
      ['a3', 'waiting', 'key-parked', 0],
    ]);
    expect(tables.effects).toEqual(['b1', 'b2', 'b3']);
  });

  it('falls back to one transaction per event when the batch fails outside the handlers', async () => {
    const { tables, processor, options } = setUp(() => undefined);
    tables.failInboxWriteOnce = true;
    await processor.processBatch(stream(), options);

    expect(tables.effects).toEqual(['a1', 'b1', 'a2', 'b2', 'a3', 'b3']);
    expect(tables.commits).toEqual([['a1'], ['b1'], ['a2'], ['b2'], ['a3'], ['b3']]);
  });

  it('throws a database outage without falling back, so that the adapter delivers the batch again', async () => {
    const outage = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    const { tables, calls, processor, options } = setUp((event) =>
      event.envelope.id === 'b2' ? outage : undefined,
    );
    await expect(processor.processBatch(stream(), options)).rejects.toBe(outage);

    expect(tables.commits).toEqual([]);
    expect(calls.get('a1')).toBe(1);
  });

  it('stops without falling back once the consumer is halted', async () => {
    const { tables, processor, options, halted } = setUp((event) => {
      if (event.envelope.id !== 'a2') return undefined;
      halted.value = true;
      return new Error('the consumer is going down');
    });
    await expect(processor.processBatch(stream(), options)).rejects.toBeInstanceOf(ConsumerStoppedError);

    expect(tables.commits).toEqual([]);
    expect(tables.letters).toEqual([]);
  });
});
