import { idempotentMutation } from '@rre/process-runs';
import type { EntityManager } from 'typeorm';
import { ulid } from 'ulid';
import {
  type AdsorbentBatch,
  newAdsorbentBatch,
  recordCapacity,
  retireBatch,
} from '../domain/adsorbent-batch';
import { ConcentrationError } from '../domain/concentration-error';
import { AdsorbentBatchStore } from '../persistence/adsorbent-batch.store';
import type { ConcentrationMutationOutcome, ConcentrationRequest } from './concentration-request';

export interface RegisterAdsorbentBatchCommand {
  readonly code: string;
  readonly material: string;
}

export interface RecordAdsorbentCapacityCommand {
  readonly adsorbentBatchId: string;
  readonly cycleNumber: number;
  readonly capacityMgPerG: string;
  readonly measuredAt: Date;
  readonly runId?: string;
}

export interface RetireAdsorbentBatchCommand {
  readonly adsorbentBatchId: string;
  readonly reason: string;
}

/** Adsorbent batches as tracked assets: registration, capacity per cycle, retirement. */
export class AdsorbentCommands {
  private readonly store = new AdsorbentBatchStore();

  constructor(private readonly settings: { idempotencyTtlMs: number; clock: () => Date }) {}

  register(manager: EntityManager, request: ConcentrationRequest, command: RegisterAdsorbentBatchCommand) {
    return this.idempotent(manager, request, 'registerAdsorbentBatch', command, async (now) => {
      const batch = newAdsorbentBatch({
        id: ulid(),
        code: command.code,
        material: command.material,
        registeredAt: now,
        registeredBy: request.actor.subject,
      });
      if (await this.store.get(manager, batch.code)) {
        throw new ConcentrationError({
          code: 'DUPLICATE_ADSORBENT',
          field: 'code',
          value: batch.code,
          rule: 'must not be the code of a batch already registered',
        });
      }
      await this.store.insert(manager, batch);
      return batch.id;
    });
  }

  recordCapacity(
    manager: EntityManager,
    request: ConcentrationRequest,
    command: RecordAdsorbentCapacityCommand,
  ) {
    const input = { ...command, measuredAt: command.measuredAt.toISOString() };
    return this.idempotent(manager, request, 'recordAdsorbentCapacity', input, async () => {
      const batch = await this.existing(manager, command.adsorbentBatchId);
      const measurement = {
        cycleNumber: command.cycleNumber,
        capacityMgPerG: command.capacityMgPerG,
        measuredAt: command.measuredAt,
        runId: command.runId,
        recordedBy: request.actor.subject,
      };
      const updated = recordCapacity(batch, measurement);
      await this.store.addMeasurement(manager, batch.id, updated.measurements.at(-1) ?? measurement);
      return batch.id;
    });
  }

  retire(manager: EntityManager, request: ConcentrationRequest, command: RetireAdsorbentBatchCommand) {
    return this.idempotent(manager, request, 'retireAdsorbentBatch', command, async (now) => {
      const batch = await this.existing(manager, command.adsorbentBatchId);
      await this.store.retire(manager, retireBatch(batch, command.reason, now, request.actor.subject));
      return batch.id;
    });
  }

  async existing(
    manager: EntityManager,
    idOrCode: string,
    field = 'adsorbentBatchId',
  ): Promise<AdsorbentBatch> {
    const batch = await this.store.get(manager, idOrCode, { forUpdate: true });
    if (!batch) {
      throw new ConcentrationError({
        code: 'UNKNOWN_ADSORBENT',
        field,
        value: idOrCode,
        rule: 'must be the id or code of a registered adsorbent batch',
      });
    }
    return batch;
  }

  private async idempotent(
    manager: EntityManager,
    request: ConcentrationRequest,
    operation: string,
    input: unknown,
    mutate: (now: Date) => Promise<string>,
  ): Promise<ConcentrationMutationOutcome> {
    const now = this.settings.clock();
    return idempotentMutation(
      manager,
      {
        client: request.actor.subject,
        key: request.idempotencyKey,
        operation: `concentration.${operation}`,
        input,
        ttlMs: this.settings.idempotencyTtlMs,
        now,
      },
      async () => ({ adsorbentBatchId: await mutate(now), lotIds: [] as string[] }),
    );
  }
}
