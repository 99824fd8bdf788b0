import type { EventPublisher } from '@rre/messaging';
import type { EntityManager } from 'typeorm';
import type { MassBalance } from '../domain/mass-balance';
import type { RunView } from '../domain/process-run';
import type { ProcessEventOutbox, ProcessTopics } from '../messaging/process-event-outbox';
import type { ProcessServiceName } from '../messaging/process-event-types';

/** A host's run kind: how it checks the run's parameters (throw to refuse; return what is stored). */
export interface RunKindDefinition {
  readonly parseParameters?: (raw: unknown) => unknown;
}

export interface BalanceOptions {
  /** Coverage factor k, a decimal string; default "2" (about 95 % for a normal distribution). */
  readonly coverageFactor?: string;
  /** Elements balanced; default every element stated by a term of the run. */
  readonly trackedElements?: readonly string[];
  /** Four eyes: an override of an open balance takes effect only when a second, different person approves. */
  readonly overrideNeedsSecondPerson?: boolean;
}

export interface ProcessRunsOptions {
  /** The host service; names the event types (`rre.<service>.run.completed.v1`) and the custodian. */
  readonly service: ProcessServiceName;
  /** The host's outbox publisher (`new EventPublisher({ service })`). */
  readonly publisher: EventPublisher;
  readonly topics: ProcessTopics;
  readonly balance?: BalanceOptions;
  /** Known run kinds; when given, a run of another kind is refused (`UNKNOWN_RUN_KIND`). */
  readonly runKinds?: Readonly<Record<string, RunKindDefinition>>;
  /**
   * Called in the transaction that completes (approves, finalizes, corrects) a run, with its balance
   * and the outbox of that request: the host's own run events published there follow the completion's.
   */
  readonly onCompleted?: (
    manager: EntityManager,
    run: RunView,
    balance: MassBalance,
    events: ProcessEventOutbox,
  ) => Promise<void>;
  /** How long idempotency keys are kept; at least (and by default) 24 h. */
  readonly idempotencyTtlMs?: number;
  readonly clock?: () => Date;
}
