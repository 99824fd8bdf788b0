import { PGliteMessageQueue, type PGliteBackend } from './pglite-message-queue';

/** Decodes what the fake backend receives in one call: 'P', 'S', ... or 'Q:<sql>' for each message. */
function describeMessages(messages: Uint8Array): string[] {
  const described: string[] = [];
  for (let offset = 0; offset < messages.length;) {
    const length = 1 + Buffer.from(messages.buffer, messages.byteOffset).readInt32BE(offset + 1);
    const message = messages.subarray(offset, offset + length);
    const type = String.fromCharCode(message[0] as number);
    described.push(type === 'Q' ? `Q:${Buffer.from(message.subarray(5, -1)).toString('utf8')}` : type);
    offset += length;
  }
  return described;
}

function message(type: string): Uint8Array {
  return Uint8Array.of(type.charCodeAt(0), 0, 0, 0, 4);
}

function query(sql: string): Uint8Array {
  const text = Buffer.from(`${sql}\0`);
  const header = Buffer.alloc(5);
  header.write('Q');
  header.writeInt32BE(4 + text.length, 1);
  return new Uint8Array(Buffer.concat([header, text]));
}

class FakeBackend implements PGliteBackend {
  readonly log: string[] = [];
  /** The messages of each call, joined: 'PBDES' for an exchange passed in one call. */
  readonly calls: string[] = [];
  private inTransaction = false;

  async runExclusive<T>(fn: () => Promise<T>): Promise<T> {
    return fn();
  }

  async execProtocolRawStream(msg: Uint8Array, options: { onRawData: (data: Uint8Array) => void }) {
    await new Promise((resolve) => setImmediate(resolve));
    const described = describeMessages(msg);
    this.calls.push(described.join(''));
    for (const one of described) {
      this.log.push(one);
      if (one === 'Q:BEGIN') this.inTransaction = true;
      if (one === 'Q:COMMIT' || one === 'Q:ROLLBACK') this.inTransaction = false;
      options.onRawData(Uint8Array.of(1, 2, 3));
    }
  }

  isInTransaction(): boolean {
    return this.inTransaction;
  }
}

/** Sends like PGLiteSocketHandler: the next message only after the previous one was processed. */
async function send(queue: PGliteMessageQueue, handlerId: number, messages: Uint8Array[]): Promise<void> {
  for (const msg of messages) await queue.enqueue(handlerId, msg, () => undefined);
}

const extendedQuery = (): Uint8Array[] => ['P', 'B', 'D', 'E', 'S'].map(message);

describe('PGliteMessageQueue', () => {
  it('keeps an extended-protocol exchange of one connection together up to Sync', async () => {
    const db = new FakeBackend();
    const queue = new PGliteMessageQueue(db);
    await Promise.all(
      [1, 2, 3].map((handler) => send(queue, handler, [...extendedQuery(), ...extendedQuery()])),
    );
    const exchanges = db.log.join('').match(/.{5}/g);
    expect(exchanges).toEqual(Array(6).fill('PBDES'));
  });

  it('hands an exchange to PGlite in one call at its Sync, and up to a Flush in one call', async () => {
    const db = new FakeBackend();
    const queue = new PGliteMessageQueue(db);
    await send(queue, 1, [...extendedQuery(), query('SELECT 1'), message('P'), message('H'), message('S')]);
    expect(db.calls).toEqual(['PBDES', 'Q:SELECT 1', 'PH', 'S']);
  });

  it('lets other connections run while one gathers its exchange', async () => {
    const db = new FakeBackend();
    const queue = new PGliteMessageQueue(db);
    await send(queue, 1, [message('P'), message('B')]);
    await send(queue, 2, [query('SELECT 2')]);
    await send(queue, 1, [message('E'), message('S')]);
    expect(db.calls).toEqual(['Q:SELECT 2', 'PBES']);
  });

  it('gives the backend to one connection for the whole of its transaction', async () => {
    const db = new FakeBackend();
    const queue = new PGliteMessageQueue(db);
    const first = send(queue, 1, [query('BEGIN'), ...extendedQuery(), query('COMMIT')]);
    await new Promise((resolve) => setImmediate(resolve));
    const second = send(queue, 2, [query('SELECT 2')]);
    await Promise.all([first, second]);
    expect(db.log).toEqual(['Q:BEGIN', 'P', 'B', 'D', 'E', 'S', 'Q:COMMIT', 'Q:SELECT 2']);
  });

  it('rolls back the transaction of a connection that goes away and lets the others go on', async () => {
    const db = new FakeBackend();
    const queue = new PGliteMessageQueue(db);
    await send(queue, 1, [query('BEGIN'), query('INSERT')]);
    const waiting = send(queue, 2, [query('SELECT 2')]);
    await new Promise((resolve) => setImmediate(resolve));
    expect(queue.getQueueLength()).toBe(1);
    queue.clearQueueForHandler(1);
    await queue.clearTransactionIfNeeded(1);
    await waiting;
    expect(db.log).toEqual(['Q:BEGIN', 'Q:INSERT', 'Q:ROLLBACK', 'Q:SELECT 2']);
    expect(db.isInTransaction()).toBe(false);
  });

  it('ends the open exchange of a connection that goes away after a Flush', async () => {
    const db = new FakeBackend();
    const queue = new PGliteMessageQueue(db);
    await send(queue, 1, [message('P'), message('B'), message('H')]);
    const waiting = send(queue, 2, [query('SELECT 2')]);
    await queue.clearTransactionIfNeeded(1);
    await waiting;
    expect(db.log).toEqual(['P', 'B', 'H', 'S', 'Q:SELECT 2']);
  });

  it('drops the gathered exchange of a connection that goes away before its Sync: PGlite never sees it', async () => {
    const db = new FakeBackend();
    const queue = new PGliteMessageQueue(db);
    await send(queue, 1, [message('P'), message('B')]);
    queue.clearQueueForHandler(1);
    await queue.clearTransactionIfNeeded(1);
    await send(queue, 1, [message('S')]);
    await send(queue, 2, [query('SELECT 2')]);
    expect(db.calls).toEqual(['S', 'Q:SELECT 2']);
  });

  it('does nothing for a connection that holds nothing, and rejects what a gone connection left queued', async () => {
    const db = new FakeBackend();
    const queue = new PGliteMessageQueue(db);
    await send(queue, 1, [query('BEGIN')]);
    const orphan = queue.enqueue(2, query('SELECT 2'), () => undefined);
    await queue.clearTransactionIfNeeded(2);
    queue.clearQueueForHandler(2);
    await expect(orphan).rejects.toThrow('Handler disconnected');
    await send(queue, 1, [query('COMMIT')]);
    await queue.whenIdle();
    expect(db.log).toEqual(['Q:BEGIN', 'Q:COMMIT']);
  });

  it('reports how many bytes it passed back and releases the backend when PGlite throws', async () => {
    const db = new FakeBackend();
    const queue = new PGliteMessageQueue(db);
    await expect(queue.enqueue(1, message('S'), () => undefined)).resolves.toBe(3);
    jest.spyOn(db, 'execProtocolRawStream').mockRejectedValueOnce(new Error('closed'));
    await expect(queue.enqueue(1, message('Q'), () => undefined)).rejects.toThrow('closed');
    await expect(queue.enqueue(2, query('SELECT 2'), () => undefined)).resolves.toBe(3);
  });

  it('warns once when a query waits long for another connection to end its transaction', async () => {
    const db = new FakeBackend();
    const reports: string[] = [];
    const queue = new PGliteMessageQueue(db, { afterMs: 30, report: (message) => reports.push(message) });
    await send(queue, 1, [query('BEGIN')]);
    const waiting = send(queue, 2, [query('SELECT 2')]);
    await new Promise((resolve) => setTimeout(resolve, 120));
    expect(reports).toHaveLength(1);
    expect(reports[0]).toMatch(/waited \d+ s for another connection's transaction.*use the given manager/);
    await send(queue, 1, [query('COMMIT')]);
    await waiting;
    expect(db.log).toEqual(['Q:BEGIN', 'Q:COMMIT', 'Q:SELECT 2']);
  });
});

describe('PGliteMessageQueue replies', () => {
  it('holds the replies of an exchange back until its Sync and passes them on in one piece, as PostgreSQL does', async () => {
    const queue = new PGliteMessageQueue(new FakeBackend());
    const received: number[][] = [];
    for (const msg of [...extendedQuery(), query('SELECT 1'), message('P'), message('H')]) {
      await queue.enqueue(1, msg, (data) => received.push([...data]));
    }
    expect(received).toEqual([
      [1, 2, 3, 1, 2, 3, 1, 2, 3, 1, 2, 3, 1, 2, 3],
      [1, 2, 3],
      [1, 2, 3, 1, 2, 3],
    ]);
  });

  it('drops the held replies of a connection that goes away mid-exchange', async () => {
    const queue = new PGliteMessageQueue(new FakeBackend());
    const received: number[][] = [];
    await queue.enqueue(1, message('P'), (data) => received.push([...data]));
    await queue.enqueue(1, message('H'), (data) => received.push([...data]));
    received.length = 0;
    await queue.clearTransactionIfNeeded(1);
    await queue.enqueue(2, query('SELECT 2'), (data) => received.push([...data]));
    expect(received).toEqual([[1, 2, 3]]);
  });
});
