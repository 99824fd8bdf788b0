import { idempotentMutation } from '@rre/process-runs';
import type { EntityManager } from 'typeorm';
import type { SeparationMutationOutcome, SeparationRequest } from './separation-request';

export interface MutationSettings {
  readonly idempotencyTtlMs: number;
  readonly clock: () => Date;
}

/**
 * One of separation's own mutations under the client's idempotency key (operation
 * `separation.<name>`), in the caller's transaction: a refusal rolls back with no key stored.
 */
export function separationMutation(
  manager: EntityManager,
  request: SeparationRequest,
  settings: MutationSettings,
  operation: string,
  input: unknown,
  mutate: (now: Date) => Promise<{ runId?: string; lotIds: string[] }>,
): Promise<SeparationMutationOutcome> {
  const now = settings.clock();
  return idempotentMutation(
    manager,
    {
      client: request.actor.subject,
      key: request.idempotencyKey,
      operation: `separation.${operation}`,
      input,
      ttlMs: settings.idempotencyTtlMs,
      now,
    },
    () => mutate(now),
  );
}
