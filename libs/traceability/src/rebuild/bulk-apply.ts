import { type EventEnvelope, SalesEventTypes } from '@rre/contracts';
import { type ConsumedEvent, type EventPosition, resolveEvent } from '@rre/messaging';
import { inTransaction } from '@rre/persistence';
import type { DataSource, EntityManager } from 'typeorm';
import type { StoredCheckpoint } from '../ledger/ledger.store';
import { LedgerApplication, type LedgerSettings } from '../ledger/ledger-application';
import {
  LOT_AND_RUN_EVENTS_CONSUMER,
  lotAndRunEventsConsumer,
} from '../messaging/lot-and-run-events.consumer';
import { BufferedGenealogyStore } from './buffered-genealogy.store';
import { BufferedRunBalanceStore } from './buffered-run-balance.store';
import { BufferedRunEmissionStore } from './buffered-run-emission.store';
import { BulkIngestion } from './bulk-ingestion';

type ResolutionContext = Parameters<typeof resolveEvent>[1];

/** An event read from the log (an outbox row or a Kafka message), as the bulk rebuild applies it. */
export interface LoggedEvent {
  readonly envelope: EventEnvelope;
  readonly topic: string;
  readonly position: EventPosition;
  readonly recordedAt?: Date;
}

/** The ledger of a bulk rebuild: a checkpoint first writes the entries chained in memory, so that it covers them. */
class BulkLedgerApplication extends LedgerApplication {
  constructor(
    dataSource: DataSource,
    private readonly ingestion: BulkIngestion,
    settings?: LedgerSettings,
    clock?: () => Date,
  ) {
    super(dataSource, settings, clock);
  }

  override async checkpointWithin(
    manager: EntityManager,
    reason: 'STATEMENT' | 'ON_DEMAND',
  ): Promise<StoredCheckpoint | undefined> {
    await this.ingestion.flushLedger(manager);
    return super.checkpointWithin(manager, reason);
  }
}

/** Events applied in memory that wait for the database before the next batch is applied. */
const MOST_EVENTS_PER_WRITE = 5_000;

/**
 * Events applied in memory between two turns of the event loop while a write is under way. The
 * handlers then await nothing that waits for I/O, so without a turn the write's statements would
 * go out to the database only when the whole batch is applied, and the database would wait.
 */
const EVENTS_BETWEEN_TURNS = 50;

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** The database of a batch applied in memory: any use is a defect (the batch should have run in a transaction). */
const NO_DATABASE = new Proxy(
  {},
  {
    get(_target, property) {
      throw new Error(
        `bulk rebuild: a batch applied in memory used the database (${String(property)}); it must run in a transaction`,
      );
    },
  },
) as EntityManager;

/**
 * Applies logged events to a fresh schema through the live consumer's handler, with its inbox,
 * gate, watermark and ledger chains (`BulkIngestion`) and the genealogy's, run balances' and
 * emissions' rows (`BufferedProjection`) in memory, written with a few multi-row statements per
 * transaction. Until the first shipment nothing reads the projection, so batches are applied in
 * memory while the previous write's transaction runs, and gather into the next one (the database
 * and the event handling use a core each); from then on, each batch is applied in its
 * transaction, after the previous one committed, and the projection is written before anything
 * reads it.
 * An event the live consumer would park (undecodable, unknown type, a handler's
 * UnprocessableEventError) stops the rebuild with its id and reason; the schema is then partly
 * written and must be dropped (rebuild per event to see it parked).
 */
export class BulkApply {
  private readonly ingestion: BulkIngestion;
  private readonly handler: (event: ConsumedEvent, manager: EntityManager) => Promise<void>;
  private readonly resolution: ResolutionContext;
  private applied = 0;
  /** The transaction writing the last batch applied in memory (none yet: resolved). */
  private writing: Promise<void> = Promise.resolve();
  private shipmentRead = false;
  /** Events applied in memory since the last write, and their batches' `settle`s. */
  private gathered = 0;
  private settles: ((manager: EntityManager) => Promise<void>)[] = [];
  /** Whether the last write committed (the database is idle). */
  private written = true;
  /** Events to apply while a write is under way before the event loop's next turn. */
  private untilTurn = EVENTS_BETWEEN_TURNS;

  constructor(
    private readonly dataSource: DataSource,
    options: { topics: readonly string[]; ledger?: LedgerSettings; clock?: () => Date },
  ) {
    this.ingestion = new BulkIngestion(LOT_AND_RUN_EVENTS_CONSUMER, options.clock);
    const definition = lotAndRunEventsConsumer({
      topics: options.topics,
      clock: options.clock,
      ledger: new BulkLedgerApplication(dataSource, this.ingestion, options.ledger, options.clock),
      publishStatements: false,
      ingestion: this.ingestion,
      genealogy: new BufferedGenealogyStore(this.ingestion.projection),
      runBalances: new BufferedRunBalanceStore(this.ingestion.projection),
      emissions: new BufferedRunEmissionStore(this.ingestion.projection),
    });
    if (!definition.registry || (definition.upcasters ?? []).length > 0)
      throw new Error('bulk rebuild: the genealogy consumer is expected to have a registry and no upcasters');
    const handlers = definition.handlers as Record<
      string,
      (event: ConsumedEvent, manager: EntityManager) => Promise<void>
    >;
    this.resolution = {
      registry: definition.registry,
      upcasters: new Map(),
      handledTypes: new Set(Object.keys(handlers)),
    };
    this.handler = async (event, manager) => {
      const handle = handlers[event.type];
      if (!handle) throw new Error(`bulk rebuild: no handler for ${event.type}`);
      await handle(event, manager);
    };
  }

  /** Events read from the log so far (handled or ignored; redeliveries not counted). */
  get events(): number {
    return this.applied;
  }

  get heldEvents(): number {
    return this.ingestion.heldEvents;
  }

  async start(): Promise<void> {
    await this.ingestion.load(this.dataSource);
  }

  /**
   * Applies events in log order; their writes, then `settle` (embedded: the consumer's offsets),
   * commit in one transaction. Resolves when the events are applied: in memory (their writes are
   * gathered with the next batches' up to MOST_EVENTS_PER_WRITE events, then committed while the next
   * batches are applied; a failure surfaces at the next `apply` or at `finish`), or once their
   * transaction committed.
   */
  async apply(
    events: readonly LoggedEvent[],
    settle?: (manager: EntityManager) => Promise<void>,
  ): Promise<void> {
    if (events.length === 0) return;
    // A shipment read (even one the gate holds, to be released by a later batch) ends the in-memory part.
    this.shipmentRead ||= events.some((logged) => logged.envelope.type === SalesEventTypes.LotShipped);
    const inMemory = !this.shipmentRead && !this.ingestion.hasShipments;
    if (inMemory) {
      const counted = await this.handle(events, NO_DATABASE);
      this.applied += counted;
      this.gathered += counted;
      if (settle) this.settles.push(settle);
      // Nothing reads the projection before the first shipment, so the batches applied while a
      // write is under way gather into the next write (a row they all change is written once),
      // which starts as soon as the database is free, or waits for it past MOST_EVENTS_PER_WRITE events.
      if (this.written || this.gathered >= MOST_EVENTS_PER_WRITE) await this.writeGathered();
      return;
    }
    await this.writeGathered();
    await this.writing;
    let counted = 0;
    await inTransaction(this.dataSource, async (manager) => {
      counted = await this.handle(events, manager);
      await this.ingestion.flush(manager, LOT_AND_RUN_EVENTS_CONSUMER);
      await settle?.(manager);
    });
    this.applied += counted;
  }

  private async handle(events: readonly LoggedEvent[], manager: EntityManager): Promise<number> {
    let counted = 0;
    for (const logged of events) {
      const resolution = resolveEvent(logged.envelope, this.resolution);
      if (resolution.kind === 'park')
        throw new Error(
          `bulk rebuild: event ${logged.envelope.id} (${logged.envelope.type}, ${logged.topic} at ${logged.position.position}) cannot be handled (${resolution.reason}: ${resolution.detail}); the live consumer would park it`,
        );
      counted += 1;
      if (!this.written && --this.untilTurn === 0) {
        this.untilTurn = EVENTS_BETWEEN_TURNS;
        await nextTurn();
      }
      if (resolution.kind === 'ignore' || !this.ingestion.firstDelivery(logged.envelope.id)) continue;
      const event: ConsumedEvent = {
        consumer: LOT_AND_RUN_EVENTS_CONSUMER,
        envelope: logged.envelope,
        type: resolution.type,
        message: resolution.message,
        topic: logged.topic,
        position: logged.position,
        ...(logged.recordedAt && { recordedAt: logged.recordedAt }),
        attempt: 1,
        replay: false,
      };
      try {
        await this.handler(event, manager);
      } catch (error) {
        throw new Error(
          `bulk rebuild: event ${logged.envelope.id} (${logged.envelope.type}, ${logged.topic} at ${logged.position.position}) failed: ${error instanceof Error ? error.message : String(error)}`,
          { cause: error },
        );
      }
    }
    return counted;
  }

  /**
   * Writes what the batches applied in memory since the last write changed, in one transaction
   * that commits while the next batches are applied (at most one waits to be written).
   */
  private async writeGathered(): Promise<void> {
    if (this.gathered === 0) return;
    const writes = this.ingestion.drain();
    const settles = this.settles;
    this.gathered = 0;
    this.settles = [];
    await this.writing;
    this.written = false;
    this.writing = inTransaction(this.dataSource, async (manager) => {
      await this.ingestion.write(manager, writes, LOT_AND_RUN_EVENTS_CONSUMER);
      for (const settle of settles) await settle(manager);
    }).finally(() => {
      this.written = true;
    });
    // Seen by the next apply or finish; not an unhandled rejection meanwhile.
    this.writing.catch(() => undefined);
  }

  /** Writes what the gate still holds, as the live gate would hold it. */
  async finish(): Promise<void> {
    await this.writeGathered();
    await this.writing;
    await inTransaction(this.dataSource, (manager) => this.ingestion.finish(manager));
  }
}
