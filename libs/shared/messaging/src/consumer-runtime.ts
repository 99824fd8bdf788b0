import type { DataSource, EntityManager } from 'typeorm';
import { DeadLetterStore } from './dead-letter-store';
import type { EventConsumerDefinition, EventHandler } from './event-consumer-definition';
import type { ResolutionContext } from './event-resolution';
import { contractsEventTypes } from './event-type-registry';
import { Inbox } from './inbox';
import { messagingTablesOf, type MessagingTables } from './messaging-tables';
import { retryPolicy, type RetryPolicy } from './retry-policy';
import { upcasterChain } from './upcaster';

/** What handling, parking and replaying a consumer's events share: its tables, rules and handlers. */
export class ConsumerRuntime {
  readonly consumer: string;
  readonly tables: MessagingTables;
  readonly inbox: Inbox;
  readonly deadLetters: DeadLetterStore;
  readonly resolution: ResolutionContext;
  readonly retry: RetryPolicy;

  constructor(
    readonly dataSource: DataSource,
    readonly definition: EventConsumerDefinition,
  ) {
    if (!/^[A-Za-z0-9._-]{1,200}$/.test(definition.name)) {
      throw new Error(
        `consumer name "${definition.name}" must be 1-200 letters, digits, dots, underscores or hyphens`,
      );
    }
    if (definition.topics.length === 0) throw new Error(`consumer ${definition.name} has no topics`);
    this.consumer = definition.name;
    this.tables = messagingTablesOf(dataSource);
    this.inbox = new Inbox(this.tables);
    this.deadLetters = new DeadLetterStore(this.tables);
    this.resolution = {
      registry: definition.registry ?? contractsEventTypes,
      upcasters: upcasterChain(definition.upcasters ?? []),
      handledTypes: new Set(Object.keys(definition.handlers)),
    };
    this.retry = retryPolicy(definition.retry);
  }

  /**
   * For a batch, in one query: which of `eventIds` this consumer has applied already, and which of
   * `keys` have a parked or waiting event (Inbox.applied and DeadLetterStore.parkedAmong at once).
   */
  async lookUpBatch(
    manager: EntityManager,
    eventIds: readonly string[],
    keys: Iterable<string>,
  ): Promise<{ applied: Set<string>; parkedKeys: Set<string> }> {
    const rows = (await manager.query(
      `SELECT 'applied' AS kind, event_id AS value FROM ${this.tables.inbox}
       WHERE consumer = $1 AND event_id = ANY($2::text[])
       UNION ALL
       SELECT DISTINCT 'parked', key FROM ${this.tables.deadLetter}
       WHERE consumer = $1 AND key = ANY($3::text[]) AND status <> 'replayed'`,
      [this.consumer, [...eventIds], [...new Set(keys)]],
    )) as { kind: 'applied' | 'parked'; value: string }[];
    const applied = new Set<string>();
    const parkedKeys = new Set<string>();
    for (const row of rows) (row.kind === 'applied' ? applied : parkedKeys).add(row.value);
    return { applied, parkedKeys };
  }

  /**
   * For a batch none of whose events is to be parked, in one statement: which of `keys` have a
   * parked or waiting event; if none, `toHandle` recorded in the inbox, each id unless the inbox has
   * it already (`recorded`: those inserted); and which of `others` (events not handled) the inbox
   * has. With a parked key nothing is recorded.
   */
  async claimBatch(
    manager: EntityManager,
    toHandle: readonly string[],
    others: readonly string[],
    keys: Iterable<string>,
  ): Promise<{ recorded: Set<string>; applied: Set<string>; parkedKeys: Set<string> }> {
    const rows = (await manager.query(
      `WITH parked AS (
         SELECT DISTINCT key FROM ${this.tables.deadLetter}
         WHERE consumer = $1 AND key = ANY($4::text[]) AND status <> 'replayed'
       ),
       recorded AS (
         INSERT INTO ${this.tables.inbox} (consumer, event_id)
         SELECT $1, event_id FROM unnest($2::text[]) AS event_id WHERE NOT EXISTS (SELECT 1 FROM parked)
         ON CONFLICT (consumer, event_id) DO NOTHING
         RETURNING event_id
       )
       SELECT 'parked' AS kind, key AS value FROM parked
       UNION ALL SELECT 'recorded', event_id FROM recorded
       UNION ALL SELECT 'applied', event_id FROM ${this.tables.inbox}
       WHERE consumer = $1 AND event_id = ANY($3::text[])`,
      [this.consumer, [...toHandle], [...others], [...new Set(keys)]],
    )) as { kind: 'parked' | 'recorded' | 'applied'; value: string }[];
    const claim = { recorded: new Set<string>(), applied: new Set<string>(), parkedKeys: new Set<string>() };
    for (const row of rows) {
      (row.kind === 'parked'
        ? claim.parkedKeys
        : row.kind === 'recorded'
          ? claim.recorded
          : claim.applied
      ).add(row.value);
    }
    return claim;
  }

  handlerFor(type: string): EventHandler<unknown> {
    const handler = this.definition.handlers[type];
    if (!handler) throw new Error(`consumer ${this.consumer} has no handler for ${type}`);
    return handler as EventHandler<unknown>;
  }
}

export function errorText(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}
