import type { EventEnvelope } from '@rre/contracts';
import { type ConsumedEvent, type EventPosition, resolveEvent } from '@rre/messaging';
import { inTransaction } from '@rre/persistence';
import type { DataSource, EntityManager } from 'typeorm';
import type { StoredCheckpoint } from '../ledger/ledger.store';
import { LedgerApplication, type LedgerSettings } from '../ledger/ledger-application';
import {
  LOT_AND_RUN_EVENTS_CONSUMER,
  lotAndRunEventsConsumer,
} from '../messaging/lot-and-run-events.consumer';
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

/**
 * Applies logged events to a fresh schema through the live consumer's handler (one source of
 * truth for the projection), with its inbox, gate, watermark and ledger chains in memory
 * (`BulkIngestion`): a batch is one transaction whose bookkeeping is a few multi-row statements.
 * An event the live consumer would park (undecodable, unknown type, a handler's
 * UnprocessableEventError) stops the rebuild with its id and reason; the schema is then partly
 * written and must be dropped (rebuild per event to see it parked).
 */
export class BulkApply {
  private readonly ingestion: BulkIngestion;
  private readonly handler: (event: ConsumedEvent, manager: EntityManager) => Promise<void>;
  private readonly resolution: ResolutionContext;
  private applied = 0;

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

  /** Applies events in log order in one transaction; `settle` runs in it last (embedded: the consumer's offsets). */
  async apply(
    events: readonly LoggedEvent[],
    settle?: (manager: EntityManager) => Promise<void>,
  ): Promise<void> {
    if (events.length === 0) return;
    let counted = 0;
    await inTransaction(this.dataSource, async (manager) => {
      for (const logged of events) {
        const resolution = resolveEvent(logged.envelope, this.resolution);
        if (resolution.kind === 'park')
          throw new Error(
            `bulk rebuild: event ${logged.envelope.id} (${logged.envelope.type}, ${logged.topic} at ${logged.position.position}) cannot be handled (${resolution.reason}: ${resolution.detail}); the live consumer would park it`,
          );
        counted += 1;
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
      await this.ingestion.flush(manager, LOT_AND_RUN_EVENTS_CONSUMER);
      await settle?.(manager);
    });
    this.applied += counted;
  }

  /** Writes what the gate still holds, as the live gate would hold it. */
  async finish(): Promise<void> {
    await inTransaction(this.dataSource, (manager) => this.ingestion.finish(manager));
  }
}
