import { Topics } from '@rre/contracts';
import { type EventConsumerDefinition, EventPublisher } from '@rre/messaging';
import { inTransaction } from '@rre/persistence';
import { ProcessRuns } from '@rre/process-runs';
import type { DataSource, EntityManager } from 'typeorm';
import { OrderBook } from './application/order-book';
import { buildPassport, type PassportDocument, type PassportTier } from './application/passport';
import { PassportSigner } from './application/passport-signer';
import { buildShipmentNote, type ShipmentNote } from './application/shipment-note';
import { SalesCommands } from './application/sales-commands';
import { statementsConsumer } from './messaging/statements.consumer';
import {
  reductionHandOversConsumer,
  separationHandOversConsumer,
} from './messaging/product-hand-overs.consumer';
import { SALES_SERVICE_NAME } from './persistence/sales-persistence';
import { CatalogueStore } from './persistence/sales-store';
import type { SalesSettings } from './sales-config';

export interface SalesApplicationOptions {
  readonly dataSource: DataSource;
  readonly settings: SalesSettings;
  readonly clock?: () => Date;
}

/**
 * The sales service: product lots received from reduction and separation (the run library's
 * custody), the catalogue, customers, orders, allocation and shipment, in the sales schema.
 */
export class SalesApplication {
  readonly processRuns: ProcessRuns;
  readonly commands: SalesCommands;
  readonly book = new OrderBook();
  readonly catalogue = new CatalogueStore();
  readonly dataSource: DataSource;
  readonly settings: SalesSettings;
  readonly clock: () => Date;
  /** Signs the passports (an ephemeral key per process when SALES_PASSPORT_SIGNING_KEY is unset). */
  readonly passportSigner: PassportSigner;

  constructor(options: SalesApplicationOptions) {
    this.dataSource = options.dataSource;
    this.settings = options.settings;
    this.clock = options.clock ?? (() => new Date());
    const publisher = new EventPublisher({ service: SALES_SERVICE_NAME });
    this.processRuns = new ProcessRuns({
      service: SALES_SERVICE_NAME,
      publisher,
      // Sales runs no process runs: both kinds of event would go to its lot topic.
      topics: { lots: Topics.SalesLotEvents, runs: Topics.SalesLotEvents },
      idempotencyTtlMs: options.settings.idempotencyTtlMs,
      clock: this.clock,
    });
    this.passportSigner = new PassportSigner(options.settings.passport.signingKeyPem);
    this.commands = new SalesCommands({
      processRuns: () => this.processRuns,
      publisher,
      idempotencyTtlMs: options.settings.idempotencyTtlMs,
      clock: this.clock,
      passportRetentionYears: options.settings.passport.retentionYears,
    });
  }

  /**
   * Sales' consumers of the topics published (all when undefined): reduction's and separation's lot
   * events (the lots offered to sales), then traceability's statements (the passports' figures).
   */
  consumers(publishedTopics?: readonly string[]): EventConsumerDefinition[] {
    const published = (topic: string) => publishedTopics?.includes(topic) ?? true;
    return [
      ...this.handOverConsumers(publishedTopics),
      ...(published(Topics.TraceabilityStatementEvents) ? [statementsConsumer({ clock: this.clock })] : []),
    ];
  }

  /** The consumers of reduction's and separation's lot events that receive the lots offered to sales. */
  handOverConsumers(publishedTopics?: readonly string[]): EventConsumerDefinition[] {
    const published = (topic: string) => publishedTopics?.includes(topic) ?? true;
    return [
      ...(published(Topics.ReductionLotEvents)
        ? [reductionHandOversConsumer({ processRuns: () => this.processRuns })]
        : []),
      ...(published(Topics.SeparationLotEvents)
        ? [separationHandOversConsumer({ processRuns: () => this.processRuns })]
        : []),
    ];
  }

  /** A shipment's passport as a tier reads it; undefined for an unknown id. */
  passport(passportId: string, tier: PassportTier): Promise<PassportDocument | undefined> {
    return this.read((m) =>
      buildPassport(
        m,
        { book: this.book, catalogue: this.catalogue, settings: this.settings.passport },
        passportId,
        tier,
      ),
    );
  }

  /** The shipment note of the shipment a passport belongs to; undefined for an unknown id. */
  shipmentNote(passportId: string): Promise<ShipmentNote | undefined> {
    return this.read((m) =>
      buildShipmentNote(
        m,
        { book: this.book, catalogue: this.catalogue, settings: this.settings.passport },
        passportId,
      ),
    );
  }

  /** Runs `work` in a transaction of the sales schema. */
  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return inTransaction(this.dataSource, work);
  }

  read<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }
}
