import { Inject, UseFilters } from '@nestjs/common';
import { Args, Context, GraphQLISODateTime, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Roles } from '@rre/auth';
import { type AssayStatus, type GraphqlContext, withoutNulls } from '@rre/process-runs';
import type { SeparationMutationOutcome, SeparationRequest } from '../application/separation-request';
import type { EntityManager } from 'typeorm';
import type { RunKpiRecord } from '../domain/run-kpi-record';
import { CONTACTOR_TYPES, EXTRACTANT_KINDS } from '../domain/solvent-extraction-parameters';
import { oneOf } from '../domain/separation-input';
import type { SeparationApplication } from '../separation-application';
import { SEPARATION_APPLICATION } from '../separation.di-tokens';
import { SeparationErrorFilter } from './separation-error.filter';
import { separationRequestOf } from './separation-request.context';
import {
  CascadeDesignInput,
  DeclareFractionInput,
  DeclareOxideInput,
  PlanCalcinationRunInput,
  PlanPrecipitationRunInput,
  PlanSolventExtractionRunInput,
  RecordDistributionRatiosInput,
} from './separation.inputs';
import {
  CampaignKpisModel,
  CascadeDesignModel,
  FractionModel,
  MutationPayloadModel,
  OxideLotModel,
  RunKpisModel,
  RunSeparationFactorModel,
} from './separation.models';

const IDEMPOTENCY_KEY = {
  nullable: true,
  description:
    'Client-chosen key (e.g. a UUID) kept 24 h per client: the same key with the same input returns the first result; with other input it is refused (IDEMPOTENCY_KEY_REUSED)',
} as const;

const assayStatusOf = (status: string | undefined): AssayStatus | undefined =>
  status === undefined ? undefined : oneOf(status, ['PROVISIONAL', 'FINAL'] as const, 'assayStatus');

function payload(outcome: SeparationMutationOutcome): MutationPayloadModel {
  return { runId: outcome.runId, lotIds: [...outcome.lotIds], replayed: outcome.replayed };
}

function kpisModel(record: RunKpiRecord): RunKpisModel {
  const { kpis } = record;
  return {
    runId: record.runId,
    revision: record.revision,
    kind: record.kind,
    computedAt: record.computedAt,
    provisional: kpis.provisional,
    extractantName: kpis.extractant?.name,
    extractantKind: kpis.extractant?.kind,
    contactorType: kpis.contactor?.type,
    contactorVolumeL: kpis.contactor?.volumeL,
    separationFactor: kpis.separationFactor,
    againstBaseline: kpis.againstBaseline,
    recoveries: [...kpis.recoveries],
    purities: [...kpis.purities],
    throughputPerContactorVolume: kpis.throughputPerContactorVolume,
  };
}

/**
 * Separation's own GraphQL: typed run planning, distribution ratios and beta, fractions, oxide lots,
 * KPIs per run and campaign, cascade design. The run library's operations are `separation*` too.
 */
@Resolver()
@UseFilters(SeparationErrorFilter)
export class SeparationResolver {
  constructor(@Inject(SEPARATION_APPLICATION) private readonly separation: SeparationApplication) {}

  @Mutation(() => MutationPayloadModel, {
    description:
      'Plan a Dy/Tb solvent-extraction run: extractant, diluent, contactor, stages, flows, O/A, pH (operator, admin)',
  })
  @Roles('operator', 'admin')
  async separationPlanSolventExtractionRun(
    @Args('input') input: PlanSolventExtractionRunInput,
    @Context() context: GraphqlContext,
    @Args('idempotencyKey', IDEMPOTENCY_KEY) idempotencyKey?: string,
  ): Promise<MutationPayloadModel> {
    return this.mutate(context, idempotencyKey, (m, request) =>
      this.separation.planning.planSolventExtractionRun(m, request, withoutNulls(input)),
    );
  }

  @Mutation(() => MutationPayloadModel, {
    description: 'Plan a precipitation run (a fraction to its oxalate or carbonate) (operator, admin)',
  })
  @Roles('operator', 'admin')
  async separationPlanPrecipitationRun(
    @Args('input') input: PlanPrecipitationRunInput,
    @Context() context: GraphqlContext,
    @Args('idempotencyKey', IDEMPOTENCY_KEY) idempotencyKey?: string,
  ): Promise<MutationPayloadModel> {
    return this.mutate(context, idempotencyKey, (m, request) =>
      this.separation.planning.planPrecipitationRun(m, request, withoutNulls(input)),
    );
  }

  @Mutation(() => MutationPayloadModel, {
    description: 'Plan a calcination run (a precipitate to Tb4O7 or Dy2O3) (operator, admin)',
  })
  @Roles('operator', 'admin')
  async separationPlanCalcinationRun(
    @Args('input') input: PlanCalcinationRunInput,
    @Context() context: GraphqlContext,
    @Args('idempotencyKey', IDEMPOTENCY_KEY) idempotencyKey?: string,
  ): Promise<MutationPayloadModel> {
    return this.mutate(context, idempotencyKey, (m, request) =>
      this.separation.planning.planCalcinationRun(m, request, withoutNulls(input)),
    );
  }

  @Mutation(() => RunSeparationFactorModel, {
    description:
      "Record measured distribution ratios of a started SX run; answers the run's beta = D_Dy / D_Tb (refused when not above 1) (operator, admin)",
  })
  @Roles('operator', 'admin')
  async separationRecordDistributionRatios(
    @Args('input') input: RecordDistributionRatiosInput,
    @Context() context: GraphqlContext,
    @Args('idempotencyKey', IDEMPOTENCY_KEY) idempotencyKey?: string,
  ): Promise<RunSeparationFactorModel> {
    const request = separationRequestOf(context, idempotencyKey);
    const outcome = await this.separation.transaction((m) =>
      this.separation.distributionRatios.record(m, request, withoutNulls(input)),
    );
    return this.separationRunSeparationFactor(outcome.runId ?? input.runId);
  }

  @Mutation(() => MutationPayloadModel, {
    description:
      'Declare a fraction of a started SX run (Tb-rich, Dy-rich, Nd/Pr by-product, raffinate) with its assay and purity; refused when it breaks the per-element balance (operator, admin)',
  })
  @Roles('operator', 'admin')
  async separationDeclareFraction(
    @Args('input') input: DeclareFractionInput,
    @Context() context: GraphqlContext,
    @Args('idempotencyKey', IDEMPOTENCY_KEY) idempotencyKey?: string,
  ): Promise<MutationPayloadModel> {
    return this.mutate(context, idempotencyKey, (m, request) =>
      this.separation.fractions.declare(m, request, {
        ...withoutNulls(input),
        assayStatus: assayStatusOf(input.assayStatus ?? undefined),
      }),
    );
  }

  @Mutation(() => MutationPayloadModel, {
    description:
      'Declare the oxide lot (Tb4O7, Dy2O3) of a started calcination run, its element content computed from molar masses (operator, admin)',
  })
  @Roles('operator', 'admin')
  async separationDeclareOxide(
    @Args('input') input: DeclareOxideInput,
    @Context() context: GraphqlContext,
    @Args('idempotencyKey', IDEMPOTENCY_KEY) idempotencyKey?: string,
  ): Promise<MutationPayloadModel> {
    return this.mutate(context, idempotencyKey, (m, request) =>
      this.separation.oxides.declare(m, request, {
        ...withoutNulls(input),
        assayStatus: assayStatusOf(input.assayStatus ?? undefined),
      }),
    );
  }

  private async mutate(
    context: GraphqlContext,
    idempotencyKey: string | undefined,
    work: (manager: EntityManager, request: SeparationRequest) => Promise<SeparationMutationOutcome>,
  ): Promise<MutationPayloadModel> {
    const request = separationRequestOf(context, idempotencyKey);
    return payload(await this.separation.transaction((manager) => work(manager, request)));
  }

  @Query(() => RunSeparationFactorModel, {
    description: "A run's latest distribution ratios and its beta (operator, auditor, admin)",
  })
  @Roles('operator', 'auditor', 'admin')
  async separationRunSeparationFactor(
    @Args('runId', { type: () => ID }) runId: string,
  ): Promise<RunSeparationFactorModel> {
    const { ratios, separationFactor } = await this.separation.separationFactor(runId);
    return { runId, ratios, separationFactor };
  }

  @Query(() => [FractionModel], { description: "An SX run's fractions (operator, auditor, admin)" })
  @Roles('operator', 'auditor', 'admin')
  async separationFractions(@Args('runId', { type: () => ID }) runId: string): Promise<FractionModel[]> {
    return this.separation.runFractions(runId);
  }

  @Query(() => [OxideLotModel], { description: "A calcination run's oxide lots (operator, auditor, admin)" })
  @Roles('operator', 'auditor', 'admin')
  async separationOxideLots(@Args('runId', { type: () => ID }) runId: string): Promise<OxideLotModel[]> {
    return this.separation.runOxides(runId);
  }

  @Query(() => [RunKpisModel], {
    description: "Every revision of a run's KPIs, oldest first (operator, auditor, admin)",
  })
  @Roles('operator', 'auditor', 'admin')
  async separationRunKpis(@Args('runId', { type: () => ID }) runId: string): Promise<RunKpisModel[]> {
    return (await this.separation.runKpis(runId)).map(kpisModel);
  }

  @Query(() => CampaignKpisModel, {
    description:
      'KPIs of a campaign: the SX runs completed in [from, to), optionally of one extractant (name or kind) or contactor type (operator, auditor, admin)',
  })
  @Roles('operator', 'auditor', 'admin')
  async separationCampaignKpis(
    @Args('from', { type: () => GraphQLISODateTime, nullable: true }) from?: Date,
    @Args('to', { type: () => GraphQLISODateTime, nullable: true }) to?: Date,
    @Args('extractantName', { nullable: true }) extractantName?: string,
    @Args('extractantKind', { nullable: true, description: 'NEW or CONVENTIONAL' }) extractantKind?: string,
    @Args('contactorType', { nullable: true, description: 'EMULSION_FLOW, MIXER_SETTLER or OTHER' })
    contactorType?: string,
  ): Promise<CampaignKpisModel> {
    const { runIds, kpis } = await this.separation.campaignKpis({
      from: from ?? undefined,
      to: to ?? undefined,
      extractantName: extractantName ?? undefined,
      extractantKind:
        extractantKind === undefined || extractantKind === null
          ? undefined
          : oneOf(extractantKind, EXTRACTANT_KINDS, 'extractantKind'),
      contactorType:
        contactorType === undefined || contactorType === null
          ? undefined
          : oneOf(contactorType, CONTACTOR_TYPES, 'contactorType'),
    });
    return { runIds, ...kpis, recoveries: [...kpis.recoveries], purities: [...kpis.purities] };
  }

  @Query(() => CascadeDesignModel, {
    description:
      'Cascade design (Fenske): minimum and recommended stages, the conventional extractant in a mixer-settler beside the new one in an emulsion-flow contactor (operator, auditor, admin)',
  })
  @Roles('operator', 'auditor', 'admin')
  separationCascadeDesign(@Args('input') input: CascadeDesignInput): CascadeDesignModel {
    const design = this.separation.cascadeDesign(withoutNulls(input));
    return { ...design, options: [...design.options] };
  }
}
