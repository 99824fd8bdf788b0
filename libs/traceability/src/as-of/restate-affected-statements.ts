import { type EventEnvelope, TraceabilityEventTypes, traceabilityV1, Topics } from '@rre/contracts';
import { EventPublisher } from '@rre/messaging';
import type { EntityManager } from 'typeorm';
import { createHash } from 'node:crypto';
import { lotsEnteringShares } from '../domain/recycled-content';
import { recycledContentStatementOf } from '../domain/recycled-content-statement';
import { GenealogyStore } from '../persistence/genealogy.store';
import { RunEmissionStore } from '../persistence/run-emission.store';
import { type FrozenStatement, StatementStore } from '../persistence/statement.store';
import type { LedgerApplication } from '../ledger/ledger-application';
import { issuedMessage } from '../messaging/lot-shipped';
import { ConfigurationStore } from './configuration.store';
import { type Restatement, RestatementStore } from './restatement.store';
import { nothingChanged, statementChanges } from './statement-changes';
import { statementStandsOn } from './statement-stands-on';

const genealogy = new GenealogyStore();
const emissions = new RunEmissionStore();
const statements = new StatementStore();
const restatements = new RestatementStore();
const configurations = new ConfigurationStore();
const publisher = new EventPublisher({ service: 'traceability' });

/** How restatements of statements that left the platform are announced. */
export interface RestatementAnnouncement {
  /** Names the ledger checkpoint behind the restated figures, as the first statement did. */
  readonly ledger: LedgerApplication;
  /** False while rebuilding the projection from the log: the restatement was announced when first recorded. */
  readonly publish: boolean;
}

/**
 * After the consumer applied events: every issued statement standing on a lot or run whose facts
 * this transaction changed is computed anew on the genealogy as it now stands (same elements); if
 * a figure differs from its latest figures (as issued, or last restated), a restatement records
 * the new figures, what changed and the events applied. The frozen statement never changes.
 * A restatement of a statement issued for a shipment is announced as a new statement that names
 * the one it restates, in the same transaction: it is recorded once (its sequence is unique), so a
 * redelivered or replayed event announces nothing more.
 */
export async function restateAffectedStatements(
  manager: EntityManager,
  applied: readonly EventEnvelope[],
  now: Date,
  announcement?: RestatementAnnouncement,
): Promise<Restatement[]> {
  const recorded: Restatement[] = [];
  for (const statementId of await restatements.statementsOnFactsOfThisTransaction(manager)) {
    const statement = await statements.byId(manager, statementId);
    if (!statement) continue;
    const upstream = await genealogy.upstreamOf(manager, statement.lotId);
    if (!upstream.lot(statement.lotId)) continue;
    const runIds = lotsEnteringShares(upstream, statement.lotId).flatMap(
      (id) => upstream.lot(id)?.producedByRunId ?? [],
    );
    const figures = recycledContentStatementOf(
      upstream,
      statement.lotId,
      statement.elements.map((element) => element.element),
      await emissions.of(manager, [...new Set(runIds)]),
    );
    await restatements.recordInputs(manager, statementId, statementStandsOn(upstream, statement.lotId));
    const earlier = await restatements.ofStatement(manager, statementId);
    const latest = earlier.at(-1)?.figures ?? statement;
    const changes = statementChanges(latest, figures);
    if (nothingChanged(changes)) continue;
    const sequence = earlier.length + 1;
    const restatement: Restatement = {
      restatementId: restatementIdOf(statementId, sequence),
      statementId,
      sequence,
      lotId: statement.lotId,
      figures,
      changes,
      triggeredBy: applied.map((envelope) => ({
        eventId: envelope.id,
        type: envelope.type,
        subject: envelope.subject,
      })),
      configurationVersion: (await configurations.inForce(manager)).version,
      restatedAt: now,
    };
    await restatements.record(manager, restatement);
    recorded.push(restatement);
    if (announcement && statement.shipmentId !== '')
      await announce(manager, statement, restatement, applied, announcement);
  }
  return recorded;
}

/** `RS-` and 26 hex digits of SHA-256("<statement id>\n<sequence>"): a rebuild names it alike. */
export function restatementIdOf(statementId: string, sequence: number): string {
  return `RS-${createHash('sha256').update(`${statementId}\n${sequence}`).digest('hex').slice(0, 26).toUpperCase()}`;
}

/**
 * The statement a restatement issues: `ST-` and 26 hex digits of
 * SHA-256("<restated statement id>\nrestatement\n<sequence>"), so a rebuild names it alike.
 */
export function restatedStatementIdOf(statementId: string, sequence: number): string {
  return `ST-${createHash('sha256').update(`${statementId}\nrestatement\n${sequence}`).digest('hex').slice(0, 26).toUpperCase()}`;
}

async function announce(
  manager: EntityManager,
  restated: FrozenStatement,
  restatement: Restatement,
  applied: readonly EventEnvelope[],
  { ledger, publish }: RestatementAnnouncement,
): Promise<void> {
  // As for the first statement, a checkpoint signed in this transaction covers the correction.
  const checkpoint =
    (await ledger.checkpointWithin(manager, 'STATEMENT')) ?? (await ledger.latestCheckpointWithin(manager));
  if (!publish) return;
  const statement: FrozenStatement = {
    ...restatement.figures,
    statementId: restatedStatementIdOf(restatement.statementId, restatement.sequence),
    shipmentId: restated.shipmentId,
    issuedAt: restatement.restatedAt,
    // The statement it supersedes: the one issued, or the previous restatement's.
    restatesStatementId:
      restatement.sequence === 1
        ? restatement.statementId
        : restatedStatementIdOf(restatement.statementId, restatement.sequence - 1),
    configurationVersion: restatement.configurationVersion,
  };
  const trigger = applied.at(-1);
  await publisher.publish(manager, {
    topic: Topics.TraceabilityStatementEvents,
    type: TraceabilityEventTypes.RecycledContentStatementIssued,
    subject: restated.lotId,
    data: {
      schema: traceabilityV1.RecycledContentStatementIssuedSchema,
      message: issuedMessage(statement, checkpoint),
    },
    ...(trigger && { correlationId: trigger.correlationid, causationId: trigger.id }),
    time: restatement.restatedAt,
  });
}
