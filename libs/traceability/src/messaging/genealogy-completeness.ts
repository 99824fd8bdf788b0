import { serviceSchema } from '@rre/persistence';
import type { EntityManager } from 'typeorm';
import { GenealogyStore } from '../persistence/genealogy.store';

const genealogy = new GenealogyStore();

/** The run status the consumer sets when a run's completion (with its balance) is applied. */
const COMPLETED = 'COMPLETED';

/** What a shipped lot's statement still waits for: the lot or run, and why. */
export interface GenealogyGap {
  /** The run or lot id the genealogy has not caught up with. */
  readonly subject: string;
  readonly reason: string;
}

/**
 * The watermark a shipped lot's statement waits for: traceability has caught up with every event of
 * the lots and runs upstream of it. The gaps (none: the statement may be frozen) are
 * - a run upstream (the lot's producer, the producers of its inputs, and so on) with no completion
 *   (RunCompleted, RunFinalized or RunImbalanceOverridden, which carry the balance) applied;
 * - an input lot of those runs, or the lot itself, with no mass yet: its registering, receiving or
 *   producing event has not been applied (only a movement named it, or nothing at all);
 * - an event about one of those lots or runs held by the gate (its predecessor has not arrived),
 *   except the events of the shipment's own stream (`exceptStream`: sales' events of the lot, which
 *   follow the LotShipped).
 * Lots with no producing run are taken as sources: nothing more is awaited upstream of them.
 */
export async function genealogyGapsOf(
  manager: EntityManager,
  lotId: string,
  exceptStream: string,
): Promise<GenealogyGap[]> {
  const upstream = await genealogy.upstreamOf(manager, lotId);
  const runIds = await genealogy.upstreamRunIds(manager, [lotId]);
  const lotIds = new Set([lotId]);
  const gaps: GenealogyGap[] = [];
  for (const runId of runIds) {
    const run = upstream.run(runId);
    if (run?.status !== COMPLETED)
      gaps.push({ subject: runId, reason: `run ${runId} is ${run?.status ?? 'unknown'}, not completed` });
    for (const input of run?.inputs ?? []) lotIds.add(input.lotId);
  }
  for (const id of lotIds) {
    if (upstream.lot(id)?.massKg === undefined)
      gaps.push({ subject: id, reason: `lot ${id} has no registered or produced mass` });
  }
  const held = (await manager.query(
    `SELECT subject, type FROM "${serviceSchema(manager)}".gate_held
     WHERE subject = ANY($1::text[]) AND stream <> $2 ORDER BY id`,
    [[...lotIds, ...runIds], exceptStream],
  )) as { subject: string; type: string }[];
  for (const event of held)
    gaps.push({ subject: event.subject, reason: `${event.type} of ${event.subject} is held by the gate` });
  return gaps;
}
