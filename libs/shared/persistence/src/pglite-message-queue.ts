/** What the queue needs from PGlite (a structural subset, so that tests can pass a fake). */
export interface PGliteBackend {
  runExclusive<T>(fn: () => Promise<T>): Promise<T>;
  execProtocolRawStream(
    message: Uint8Array,
    options: { onRawData: (data: Uint8Array) => void },
  ): Promise<void>;
  isInTransaction(): boolean;
}

interface MessageJob {
  kind: 'message';
  handlerId: number;
  queuedAt: number;
  /** One frontend message, or the messages of an extended-protocol exchange up to its Sync or Flush. */
  message: Uint8Array;
  /** The type of the last message in `message`. */
  lastType: number;
  onData: (data: Uint8Array) => void;
  resolve: (bytes: number) => void;
  reject: (error: unknown) => void;
}

interface ReleaseJob {
  kind: 'release';
  handlerId: number;
  resolve: () => void;
  reject: (error: unknown) => void;
}

type Job = MessageJob | ReleaseJob;

export interface StallWatch {
  /** How long a message may wait for another connection's transaction before `report` is called. */
  afterMs: number;
  report: (message: string) => void;
}

const DEFAULT_STALL_WATCH: StallWatch = {
  afterMs: 10_000,
  report: (message) => console.warn(message),
};

// Frontend messages of the extended query protocol that leave the exchange open until Sync:
// Parse, Bind, Describe, Execute, Close, Flush.
const EXCHANGE_CONTINUES = new Set(['P', 'B', 'D', 'E', 'C', 'H'].map((c) => c.charCodeAt(0)));
// Of those, the ones whose replies wait for the exchange's Sync (Flush sends them at once).
const HOLDS_REPLIES = new Set(['P', 'B', 'D', 'E', 'C'].map((c) => c.charCodeAt(0)));
const SYNC = Uint8Array.of(0x53, 0, 0, 0, 4);
const ROLLBACK = simpleQuery('ROLLBACK');

/**
 * Replaces the query queue of PGLiteSocketServer 0.2.x. PGlite is one backend shared by every
 * client connection. The stock queue only keeps one connection's messages together while an explicit
 * transaction is open, so an extended-protocol exchange (Parse, Bind, Execute, Sync) of one
 * connection can be interleaved with another's: the unnamed statement or portal is overwritten and
 * queries fail ("portal does not exist") or hang. This queue gathers a connection's exchange
 * (Parse, Bind, Describe, Execute, Close) until its Sync or Flush and hands it to PGlite in one
 * call, and gives the backend to one connection until its exchange has ended with Sync (or a simple
 * Query) and no transaction block is open.
 */
export class PGliteMessageQueue {
  private pending: Job[] = [];
  private owner: number | undefined;
  private ownerInExchange = false;
  private running: number | undefined;
  private draining = false;
  private idleWaiters: (() => void)[] = [];
  private ownership = 0;
  private stallReportedFor = -1;
  private stallTimer: NodeJS.Timeout | undefined;
  /** The owner's replies held back until its exchange asks for them (Sync, Flush, Query). */
  private heldReplies: Uint8Array[] = [];
  /** Per connection, the messages of its exchange received so far, not yet given to PGlite. */
  private readonly gathering = new Map<number, Uint8Array[]>();

  constructor(
    private readonly db: PGliteBackend,
    private readonly stallWatch: StallWatch = DEFAULT_STALL_WATCH,
  ) {}

  enqueue(handlerId: number, message: Uint8Array, onData: (data: Uint8Array) => void): Promise<number> {
    const type = message[0] as number;
    const gathered = this.gathering.get(handlerId);
    if (HOLDS_REPLIES.has(type)) {
      // Its replies wait for the exchange's Sync anyway: it goes to PGlite with the rest of the
      // exchange, in one call (one pass through the wasm backend instead of one per message).
      if (gathered) gathered.push(message);
      else this.gathering.set(handlerId, [message]);
      return Promise.resolve(0);
    }
    if (gathered) this.gathering.delete(handlerId);
    const whole = gathered ? concatenate([...gathered, message]) : message;
    return new Promise((resolve, reject) => {
      this.pending.push({
        kind: 'message',
        handlerId,
        queuedAt: Date.now(),
        message: whole,
        lastType: type,
        onData,
        resolve,
        reject,
      });
      void this.drain();
      this.watchForStall();
    });
  }

  getQueueLength(): number {
    return this.pending.length;
  }

  clearQueueForHandler(handlerId: number): void {
    this.gathering.delete(handlerId);
    this.pending = this.pending.filter((job) => {
      if (job.kind !== 'message' || job.handlerId !== handlerId) return true;
      job.reject(new Error('Handler disconnected'));
      return false;
    });
  }

  /** Called when a connection goes away: ends its open exchange and rolls back its transaction. */
  clearTransactionIfNeeded(handlerId: number): Promise<void> {
    // An exchange still being gathered never reached PGlite: there is nothing to end.
    this.gathering.delete(handlerId);
    if (this.owner !== handlerId && this.running !== handlerId) return Promise.resolve();
    return new Promise((resolve, reject) => {
      this.pending.push({ kind: 'release', handlerId, resolve, reject });
      void this.drain();
    });
  }

  /** Resolves once nothing is queued or running. */
  whenIdle(): Promise<void> {
    if (!this.draining && this.pending.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  // The usual cause of a long wait is a deadlock: code inside a transaction that queries through the
  // data source instead of the transaction's manager. Say so instead of hanging silently.
  private watchForStall(): void {
    if (this.stallTimer !== undefined || this.owner === undefined) return;
    this.stallTimer = setTimeout(() => {
      this.stallTimer = undefined;
      const waiting = this.pending.find((job) => job.kind === 'message' && job.handlerId !== this.owner);
      if (this.owner === undefined || waiting?.kind !== 'message') return;
      const waitedMs = Date.now() - waiting.queuedAt;
      if (waitedMs >= this.stallWatch.afterMs && this.stallReportedFor !== this.ownership) {
        this.stallReportedFor = this.ownership;
        this.stallWatch.report(
          `EmbeddedPostgres: a query has waited ${Math.round(waitedMs / 1000)} s for another connection's ` +
            'transaction to end (PGlite runs one transaction at a time). If that transaction is waiting for ' +
            'this query, it is a deadlock: inside inTransaction(), every query must use the given manager.',
        );
      }
      this.watchForStall();
    }, this.stallWatch.afterMs);
    this.stallTimer.unref();
  }

  private next(): Job | undefined {
    const index =
      this.owner === undefined ? 0 : this.pending.findIndex((job) => job.handlerId === this.owner);
    return index < 0 ? undefined : this.pending.splice(index, 1)[0];
  }

  private async drain(): Promise<void> {
    if (this.draining) return;
    this.draining = true;
    try {
      for (let job = this.next(); job !== undefined; job = this.next()) {
        this.running = job.handlerId;
        try {
          if (job.kind === 'message') job.resolve(await this.execute(job));
          else {
            await this.release(job.handlerId);
            job.resolve();
          }
        } catch (error) {
          job.reject(error);
        } finally {
          this.running = undefined;
        }
      }
    } finally {
      this.draining = false;
      if (this.pending.length === 0) this.idleWaiters.splice(0).forEach((resolve) => resolve());
    }
  }

  // Like PostgreSQL, the replies to Parse, Bind, Describe, Execute and Close are held back until
  // the exchange's Sync (or a Flush): one socket write per exchange instead of one per message,
  // which is a large part of the per-query cost of the embedded mode. PGlite passes views of its
  // memory, so the chunks are copied.
  private async execute(job: MessageJob): Promise<number> {
    let bytes = 0;
    const holds = HOLDS_REPLIES.has(job.lastType);
    try {
      await this.db.runExclusive(() =>
        this.db.execProtocolRawStream(job.message, {
          onRawData: (data) => {
            bytes += data.length;
            if (data.length > 0) this.heldReplies.push(data.slice());
          },
        }),
      );
    } finally {
      if (!holds) this.flushReplies(job);
      this.ownerInExchange = EXCHANGE_CONTINUES.has(job.lastType);
      const owner = this.ownerInExchange || this.db.isInTransaction() ? job.handlerId : undefined;
      if (owner !== this.owner) this.ownership++;
      this.owner = owner;
    }
    return bytes;
  }

  private flushReplies(job: MessageJob): void {
    const held = this.heldReplies;
    if (held.length === 0) return;
    this.heldReplies = [];
    job.onData(held.length === 1 ? (held[0] as Uint8Array) : Buffer.concat(held));
  }

  private async release(handlerId: number): Promise<void> {
    if (this.owner !== handlerId) return;
    this.heldReplies = [];
    const discard = (): void => undefined;
    try {
      await this.db.runExclusive(async () => {
        if (this.ownerInExchange) await this.db.execProtocolRawStream(SYNC, { onRawData: discard });
        if (this.db.isInTransaction()) await this.db.execProtocolRawStream(ROLLBACK, { onRawData: discard });
      });
    } finally {
      this.owner = undefined;
      this.ownership++;
      this.ownerInExchange = false;
    }
  }
}

function concatenate(messages: readonly Uint8Array[]): Uint8Array {
  const whole = new Uint8Array(messages.reduce((length, message) => length + message.length, 0));
  let offset = 0;
  for (const message of messages) {
    whole.set(message, offset);
    offset += message.length;
  }
  return whole;
}

function simpleQuery(sql: string): Uint8Array {
  const text = Buffer.from(`${sql}\0`, 'utf8');
  const message = Buffer.alloc(5 + text.length);
  message.write('Q', 0, 'ascii');
  message.writeInt32BE(4 + text.length, 1);
  text.copy(message, 5);
  return new Uint8Array(message);
}
