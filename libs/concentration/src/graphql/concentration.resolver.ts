import { Inject, UseFilters } from '@nestjs/common';
import {
  Args,
  Context,
  Field,
  GraphQLISODateTime,
  ID,
  Int,
  Mutation,
  ObjectType,
  Query,
  Resolver,
} from '@nestjs/graphql';
import { Roles } from '@rre/auth';
import { type GraphqlContext, withoutNulls } from '@rre/process-runs';
import type { ConcentrationMutationOutcome } from '../application/concentration-request';
import type { AdsorbentBatchView, ConcentrationApplication } from '../concentration-application';
import { CONCENTRATION_APPLICATION } from '../concentration.di-tokens';
import { ConcentrationError } from '../domain/concentration-error';
import { compositionForRuns, type ReceivedLot, ReceivedLotCustody } from '../domain/received-lot';
import type { RunKpiRecord } from '../domain/run-kpi-record';
import { ConcentrationErrorFilter } from './concentration-error.filter';
import { concentrationRequestOf } from './concentration-request.context';
import {
  PlanAdsorptionRunInput,
  PlanLeachingRunInput,
  RecordAdsorbentCapacityInput,
  RegisterAdsorbentBatchInput,
  RetireAdsorbentBatchInput,
} from './concentration.inputs';
import {
  AdsorbentBatchModel,
  AdsorbentPayloadModel,
  IntakeLotModel,
  ResidueScreeningModel,
  RunKpisModel,
  RunKpisPageModel,
} from './concentration.models';

const IDEMPOTENCY_KEY = {
  nullable: true,
  description:
    'Client-chosen key (e.g. a UUID) kept 24 h per client: the same key with the same input returns the first result; with other input it is refused (IDEMPOTENCY_KEY_REUSED)',
} as const;

@ObjectType('ConcentrationPlannedRunPayload')
export class PlannedRunPayloadModel {
  @Field(() => ID, { description: 'Read it with concentrationRun(id)' })
  runId!: string;
  @Field({ description: 'True when the run was planned before (same key, or same externalId)' })
  replayed!: boolean;
}

function batchModel(batch: AdsorbentBatchView): AdsorbentBatchModel {
  return {
    id: batch.id,
    code: batch.code,
    material: batch.material,
    registeredAt: batch.registeredAt,
    capacityHistory: batch.measurements.map((m) => ({
      cycleNumber: m.cycleNumber,
      capacityMgPerG: m.capacityMgPerG,
      measuredAt: m.measuredAt,
      runId: m.runId,
    })),
    firstCapacityMgPerG: batch.condition.firstCapacityMgPerG,
    latestCapacityMgPerG: batch.condition.latestCapacityMgPerG,
    capacityLossShare: batch.condition.capacityLossShare,
    capacityWarning: batch.condition.warning,
    retiredAt: batch.retiredAt,
    retirementReason: batch.retirementReason,
  };
}

function kpisModel(record: RunKpiRecord): RunKpisModel {
  return {
    runId: record.runId,
    revision: record.revision,
    kind: record.kind,
    computedAt: record.computedAt,
    provisional: record.kpis.provisional,
    recoveries: [...record.kpis.recoveries],
    decontaminationFactors: [...record.kpis.decontaminationFactors],
    dissolutionYields: record.kpis.dissolutionYields && [...record.kpis.dissolutionYields],
  };
}

function intakeLotModel(lot: ReceivedLot): IntakeLotModel {
  return {
    lotId: lot.lotId,
    lotCode: lot.lotCode,
    materialKind: lot.materialKind,
    sourceCategory: lot.sourceCategory,
    route: lot.route,
    custody: lot.custody,
    transferId: lot.transferId,
    offeredMassKg: lot.offeredMassKg,
    receivedMassKg: lot.receivedMassKg,
    currentAssayId: lot.currentAssayId,
    composition: compositionForRuns(lot)?.contents.map((c) => ({ ...c })),
    corrected: lot.corrections.length > 0,
  };
}

const KPI_CURSOR = /^(\d{4}-\d{2}-\d{2}T[\d:.]+Z)\|([0-9A-Za-z]{1,40})$/;

function kpiCursorOf(after: string | undefined): { computedAt: Date; runId: string } | undefined {
  if (after === undefined) return undefined;
  const match = KPI_CURSOR.exec(Buffer.from(after, 'base64url').toString('utf8'));
  if (!match) {
    throw new ConcentrationError({
      code: 'INVALID_INPUT',
      field: 'after',
      value: JSON.stringify(after),
      rule: 'must be an endCursor returned by concentrationRunKpisPage',
    });
  }
  return { computedAt: new Date(match[1]), runId: match[2] };
}

function pageSize(first: number | undefined): number {
  const size = first ?? 50;
  if (!Number.isInteger(size) || size < 1 || size > 500) {
    throw new ConcentrationError({
      code: 'OUT_OF_RANGE',
      field: 'first',
      value: String(size),
      rule: 'must be a whole number from 1 to 500',
    });
  }
  return size;
}

/** Concentration's own GraphQL: typed run planning, adsorbent batches, KPIs, its copy of intake's lots. */
@Resolver()
@UseFilters(ConcentrationErrorFilter)
export class ConcentrationResolver {
  constructor(@Inject(CONCENTRATION_APPLICATION) private readonly concentration: ConcentrationApplication) {}

  @Mutation(() => PlannedRunPayloadModel, {
    description:
      'Plan a leaching run of magnet scrap (acid, its concentration, temperature) (operator, admin)',
  })
  @Roles('operator', 'admin')
  async concentrationPlanLeachingRun(
    @Args('input') input: PlanLeachingRunInput,
    @Context() context: GraphqlContext,
    @Args('idempotencyKey', IDEMPOTENCY_KEY) idempotencyKey?: string,
  ): Promise<PlannedRunPayloadModel> {
    const request = concentrationRequestOf(context, idempotencyKey);
    const outcome = await this.concentration.transaction((manager) =>
      this.concentration.planning.planLeachingRun(manager, request, withoutNulls(input)),
    );
    return { runId: outcome.runId ?? '', replayed: outcome.replayed };
  }

  @Mutation(() => PlannedRunPayloadModel, {
    description:
      'Plan an adsorption run of unused resources (adsorbent batch and cycle, column, bed and feed volume, pH, temperature) (operator, admin)',
  })
  @Roles('operator', 'admin')
  async concentrationPlanAdsorptionRun(
    @Args('input') input: PlanAdsorptionRunInput,
    @Context() context: GraphqlContext,
    @Args('idempotencyKey', IDEMPOTENCY_KEY) idempotencyKey?: string,
  ): Promise<PlannedRunPayloadModel> {
    const request = concentrationRequestOf(context, idempotencyKey);
    const outcome = await this.concentration.transaction((manager) =>
      this.concentration.planning.planAdsorptionRun(manager, request, withoutNulls(input)),
    );
    return { runId: outcome.runId ?? '', replayed: outcome.replayed };
  }

  @Mutation(() => AdsorbentPayloadModel, { description: 'Register a new adsorbent batch (operator, admin)' })
  @Roles('operator', 'admin')
  async concentrationRegisterAdsorbentBatch(
    @Args('input') input: RegisterAdsorbentBatchInput,
    @Context() context: GraphqlContext,
    @Args('idempotencyKey', IDEMPOTENCY_KEY) idempotencyKey?: string,
  ): Promise<AdsorbentPayloadModel> {
    const request = concentrationRequestOf(context, idempotencyKey);
    return this.adsorbentPayload(
      await this.concentration.transaction((manager) =>
        this.concentration.adsorbents.register(manager, request, withoutNulls(input)),
      ),
    );
  }

  @Mutation(() => AdsorbentPayloadModel, {
    description: 'Record the capacity of a batch measured after a cycle (operator, admin)',
  })
  @Roles('operator', 'admin')
  async concentrationRecordAdsorbentCapacity(
    @Args('input') input: RecordAdsorbentCapacityInput,
    @Context() context: GraphqlContext,
    @Args('idempotencyKey', IDEMPOTENCY_KEY) idempotencyKey?: string,
  ): Promise<AdsorbentPayloadModel> {
    const request = concentrationRequestOf(context, idempotencyKey);
    return this.adsorbentPayload(
      await this.concentration.transaction((manager) =>
        this.concentration.adsorbents.recordCapacity(manager, request, withoutNulls(input)),
      ),
    );
  }

  @Mutation(() => AdsorbentPayloadModel, {
    description: 'Retire an adsorbent batch, with the reason (operator, admin)',
  })
  @Roles('operator', 'admin')
  async concentrationRetireAdsorbentBatch(
    @Args('input') input: RetireAdsorbentBatchInput,
    @Context() context: GraphqlContext,
    @Args('idempotencyKey', IDEMPOTENCY_KEY) idempotencyKey?: string,
  ): Promise<AdsorbentPayloadModel> {
    const request = concentrationRequestOf(context, idempotencyKey);
    return this.adsorbentPayload(
      await this.concentration.transaction((manager) =>
        this.concentration.adsorbents.retire(manager, request, withoutNulls(input)),
      ),
    );
  }

  @Query(() => [RunKpisModel], {
    description: "Every revision of a run's KPIs, oldest first (operator, auditor, admin)",
  })
  @Roles('operator', 'auditor', 'admin')
  async concentrationRunKpis(@Args('runId', { type: () => ID }) runId: string): Promise<RunKpisModel[]> {
    return (await this.concentration.runKpis(runId)).map(kpisModel);
  }

  @Query(() => RunKpisPageModel, {
    description:
      'The latest KPIs of runs completed in [from, to), by completion time, a page at a time (operator, auditor, admin)',
  })
  @Roles('operator', 'auditor', 'admin')
  async concentrationRunKpisPage(
    @Args('from', { type: () => GraphQLISODateTime, nullable: true }) from?: Date,
    @Args('to', { type: () => GraphQLISODateTime, nullable: true }) to?: Date,
    @Args('kind', { nullable: true, description: 'LEACHING or ADSORPTION' }) kind?: string,
    @Args('first', { type: () => Int, nullable: true }) first?: number,
    @Args('after', { nullable: true }) after?: string,
  ): Promise<RunKpisPageModel> {
    const size = pageSize(first ?? undefined);
    const items = await this.concentration.pageRunKpis({
      from: from ?? undefined,
      to: to ?? undefined,
      kind: kind ?? undefined,
      first: size,
      after: kpiCursorOf(after ?? undefined),
    });
    const last = items.at(-1);
    return {
      items: items.map(kpisModel),
      endCursor:
        items.length === size && last
          ? Buffer.from(`${last.computedAt.toISOString()}|${last.runId}`).toString('base64url')
          : undefined,
    };
  }

  @Query(() => AdsorbentBatchModel, {
    nullable: true,
    description: 'One adsorbent batch with its capacity history (operator, auditor, admin)',
  })
  @Roles('operator', 'auditor', 'admin')
  async concentrationAdsorbentBatch(@Args('id') id: string): Promise<AdsorbentBatchModel | undefined> {
    const batch = await this.concentration.adsorbentBatch(id);
    return batch && batchModel(batch);
  }

  @Query(() => [AdsorbentBatchModel], { description: 'Adsorbent batches by code (operator, auditor, admin)' })
  @Roles('operator', 'auditor', 'admin')
  async concentrationAdsorbentBatches(
    @Args('includeRetired', { nullable: true }) includeRetired?: boolean,
    @Args('first', { type: () => Int, nullable: true }) first?: number,
    @Args('afterCode', { nullable: true }) afterCode?: string,
  ): Promise<AdsorbentBatchModel[]> {
    const batches = await this.concentration.listAdsorbentBatches({
      includeRetired: includeRetired ?? false,
      first: pageSize(first ?? undefined),
      afterCode: afterCode ?? undefined,
    });
    return batches.map(batchModel);
  }

  @Query(() => [IntakeLotModel], {
    description:
      "Concentration's copy of the lots intake offered or handed over, by lot code (operator, auditor, admin)",
  })
  @Roles('operator', 'auditor', 'admin')
  async concentrationIntakeLots(
    @Args('custody', { nullable: true, description: 'AT_INTAKE, OFFERED, HELD or REFUSED' }) custody?: string,
    @Args('first', { type: () => Int, nullable: true }) first?: number,
    @Args('afterLotCode', { nullable: true }) afterLotCode?: string,
  ): Promise<IntakeLotModel[]> {
    if (custody && !(Object.values(ReceivedLotCustody) as string[]).includes(custody)) {
      throw new ConcentrationError({
        code: 'INVALID_INPUT',
        field: 'custody',
        value: custody,
        rule: `must be one of ${Object.values(ReceivedLotCustody).join(', ')}`,
      });
    }
    const lots = await this.concentration.listReceivedLots({
      custody: (custody as ReceivedLotCustody | null) ?? undefined,
      first: pageSize(first ?? undefined),
      afterLotCode: afterLotCode ?? undefined,
    });
    return lots.map(intakeLotModel);
  }

  @Query(() => [ResidueScreeningModel], {
    description: 'Radioactivity screenings of residue lots (operator, auditor, admin)',
  })
  @Roles('operator', 'auditor', 'admin')
  async concentrationResidueScreenings(
    @Args('lotIds', { type: () => [ID] }) lotIds: string[],
  ): Promise<ResidueScreeningModel[]> {
    return this.concentration.residueScreenings(lotIds);
  }

  private async adsorbentPayload(outcome: ConcentrationMutationOutcome): Promise<AdsorbentPayloadModel> {
    const batch = await this.concentration.adsorbentBatch(outcome.adsorbentBatchId ?? '');
    if (!batch) throw new Error(`adsorbent batch ${outcome.adsorbentBatchId ?? ''} vanished`);
    return { batch: batchModel(batch), replayed: outcome.replayed };
  }
}
