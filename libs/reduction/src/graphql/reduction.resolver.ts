import { Inject, UseFilters } from '@nestjs/common';
import { Args, Context, GraphQLISODateTime, ID, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Roles } from '@rre/auth';
import type { GraphqlContext } from '@rre/process-runs';
import { toPlainString } from '@rre/quantities';
import type { BatchMeasurementAnalysis } from '../application/batch-analysis';
import { ReductionRunKind } from '../application/run-planning';
import { rounded, theoreticalYieldGPerAh } from '../domain/batch-performance';
import { ELECTRONS_PER_ATOM, FARADAY_C_PER_MOL, molarMassGPerMol, TARGET_ELEMENTS } from '../domain/faraday';
import { ReductionError } from '../domain/reduction-error';
import type { BatchCoverage, RunKpiRecord } from '../domain/run-kpi-record';
import type { ReductionApplication } from '../reduction-application';
import { REDUCTION_APPLICATION } from '../reduction.di-tokens';
import { ReductionErrorFilter } from './reduction-error.filter';
import { reductionRequestOf } from './reduction-request.context';
import { PlanDistillationInput, PlanElectrolysisInput } from './reduction.inputs';
import {
  BatchCoverageModel,
  BatchMeasurementsModel,
  FaradayConstantModel,
  PeriodKpisModel,
  PlannedRunPayloadModel,
  RunKpisModel,
  RunKpisPageModel,
} from './reduction.models';

const IDEMPOTENCY_KEY = {
  nullable: true,
  description:
    'Client-chosen key (e.g. a UUID) kept 24 h per client: the same key with the same input returns the first result; with other input it is refused (IDEMPOTENCY_KEY_REUSED)',
} as const;

function coverageModel(coverage: BatchCoverage): BatchCoverageModel {
  return {
    ...coverage,
    uncovered: coverage.uncovered.map((u) => ({ ...u })),
    excludedSamples: coverage.excludedSamples.map((e) => ({ ...e })),
  };
}

function kpisModel(record: RunKpiRecord): RunKpisModel {
  const { kpis } = record;
  const common = {
    runId: record.runId,
    revision: record.revision,
    kind: record.kind,
    completedAt: record.completedAt,
    computedAt: record.computedAt,
    provisional: kpis.provisional,
  };
  if (kpis.kind === 'ELECTROLYSIS') {
    return {
      ...common,
      electrolysis: {
        targetElement: kpis.targetElement,
        cathodeAlloy: kpis.cathodeAlloy,
        electrolyte: kpis.electrolyte,
        operatingTemperatureCelsius: kpis.operatingTemperatureCelsius,
        temperatureOverrideReason: kpis.temperatureOverrideReason,
        performance: { ...kpis.figures, baseline: { ...kpis.figures.baseline } },
        coverage: coverageModel(kpis.coverage),
      },
    };
  }
  return { ...common, distillation: { ...kpis } };
}

function measurementsModel(analysis: BatchMeasurementAnalysis): BatchMeasurementsModel {
  return {
    chargeAh: rounded(analysis.chargeCoulombs.div(3600)),
    dcEnergyKwh: rounded(analysis.dcEnergyJoules.div(3_600_000)),
    coverage: coverageModel(analysis.coverage),
  };
}

const KPI_CURSOR = /^(\d{4}-\d{2}-\d{2}T[\d:.]+Z)\|([0-9A-Za-z]{1,40})$/;

function cursorOf(after: string | null | undefined): { completedAt: Date; runId: string } | undefined {
  if (after === null || after === undefined) return undefined;
  const match = KPI_CURSOR.exec(Buffer.from(after, 'base64url').toString('utf8'));
  if (!match) {
    throw new ReductionError({
      code: 'INVALID_INPUT',
      field: 'after',
      value: JSON.stringify(after),
      rule: 'must be an endCursor returned by reductionRunKpisPage',
    });
  }
  return { completedAt: new Date(match[1]), runId: match[2] };
}

function kindOf(kind: string | null | undefined): RunKpiRecord['kind'] | undefined {
  if (kind === null || kind === undefined) return undefined;
  const kinds = Object.values(ReductionRunKind) as string[];
  if (!kinds.includes(kind)) {
    throw new ReductionError({
      code: 'INVALID_INPUT',
      field: 'kind',
      value: JSON.stringify(kind),
      rule: `must be one of ${kinds.join(', ')}`,
    });
  }
  return kind as RunKpiRecord['kind'];
}

function pageSize(first: number | null | undefined): number {
  const size = first ?? 50;
  if (!Number.isInteger(size) || size < 1 || size > 500) {
    throw new ReductionError({
      code: 'OUT_OF_RANGE',
      field: 'first',
      value: String(size),
      rule: 'must be a whole number from 1 to 500',
    });
  }
  return size;
}

function period(from: Date | null | undefined, to: Date | null | undefined) {
  if (from && to && to <= from) {
    throw new ReductionError({
      code: 'INVALID_INPUT',
      field: 'to',
      value: to.toISOString(),
      rule: `must be after from (${from.toISOString()})`,
    });
  }
  return { from: from ?? undefined, to: to ?? undefined };
}

/** Reduction's own GraphQL: typed planning of batches and distillation runs, KPIs per run and per period. */
@Resolver()
@UseFilters(ReductionErrorFilter)
export class ReductionResolver {
  constructor(@Inject(REDUCTION_APPLICATION) private readonly reduction: ReductionApplication) {}

  @Mutation(() => PlannedRunPayloadModel, {
    description:
      'Plan a molten-salt electrolysis batch (cell, electrolyte, cathode alloy, anode, temperature, target Tb or Dy) (operator, admin)',
  })
  @Roles('operator', 'admin')
  async reductionPlanElectrolysis(
    @Args('input') input: PlanElectrolysisInput,
    @Context() context: GraphqlContext,
    @Args('idempotencyKey', IDEMPOTENCY_KEY) idempotencyKey?: string,
  ): Promise<PlannedRunPayloadModel> {
    const request = reductionRequestOf(context, idempotencyKey);
    const outcome = await this.reduction.transaction((manager) =>
      this.reduction.planning.planElectrolysis(manager, request, {
        ...input,
        externalId: input.externalId ?? undefined,
      }),
    );
    return { runId: outcome.runId ?? '', replayed: outcome.replayed };
  }

  @Mutation(() => PlannedRunPayloadModel, {
    description: 'Plan a vacuum distillation run (temperature, pressure, duration, target) (operator, admin)',
  })
  @Roles('operator', 'admin')
  async reductionPlanDistillation(
    @Args('input') input: PlanDistillationInput,
    @Context() context: GraphqlContext,
    @Args('idempotencyKey', IDEMPOTENCY_KEY) idempotencyKey?: string,
  ): Promise<PlannedRunPayloadModel> {
    const request = reductionRequestOf(context, idempotencyKey);
    const outcome = await this.reduction.transaction((manager) =>
      this.reduction.planning.planDistillation(manager, request, {
        ...input,
        externalId: input.externalId ?? undefined,
      }),
    );
    return { runId: outcome.runId ?? '', replayed: outcome.replayed };
  }

  @Query(() => [RunKpisModel], {
    description: "Every revision of a run's KPIs, oldest first (operator, auditor, admin)",
  })
  @Roles('operator', 'auditor', 'admin')
  async reductionRunKpis(@Args('runId', { type: () => ID }) runId: string): Promise<RunKpisModel[]> {
    return (await this.reduction.runKpis(runId)).map(kpisModel);
  }

  @Query(() => RunKpisPageModel, {
    description:
      'The latest KPIs of runs completed in [from, to), by completion time, a page at a time (operator, auditor, admin)',
  })
  @Roles('operator', 'auditor', 'admin')
  async reductionRunKpisPage(
    @Args('from', { type: () => GraphQLISODateTime, nullable: true }) from?: Date,
    @Args('to', { type: () => GraphQLISODateTime, nullable: true }) to?: Date,
    @Args('kind', { nullable: true, description: 'ELECTROLYSIS or VACUUM_DISTILLATION' }) kind?: string,
    @Args('first', { type: () => Int, nullable: true }) first?: number,
    @Args('after', { nullable: true }) after?: string,
  ): Promise<RunKpisPageModel> {
    const size = pageSize(first);
    const items = await this.reduction.pageRunKpis({
      ...period(from, to),
      kind: kindOf(kind),
      first: size,
      after: cursorOf(after),
    });
    const last = items.at(-1);
    return {
      items: items.map(kpisModel),
      endCursor:
        items.length === size && last
          ? Buffer.from(`${last.completedAt.toISOString()}|${last.runId}`).toString('base64url')
          : undefined,
    };
  }

  @Query(() => PeriodKpisModel, {
    description:
      'KPIs of every electrolysis batch and distillation run completed in [from, to): metal, current efficiency, kWh/kg, CO2/kg, saving against the baseline (operator, auditor, admin)',
  })
  @Roles('operator', 'auditor', 'admin')
  async reductionPeriodKpis(
    @Args('from', { type: () => GraphQLISODateTime, nullable: true }) from?: Date,
    @Args('to', { type: () => GraphQLISODateTime, nullable: true }) to?: Date,
  ): Promise<PeriodKpisModel> {
    const kpis = await this.reduction.periodKpis(period(from, to));
    return { ...kpis, electrolysis: { ...kpis.electrolysis, baseline: { ...kpis.electrolysis.baseline } } };
  }

  @Query(() => BatchMeasurementsModel, {
    description:
      "Charge, DC energy and coverage from an electrolysis batch's current and voltage recorded so far (operator, auditor, admin)",
  })
  @Roles('operator', 'auditor', 'admin')
  async reductionBatchMeasurements(
    @Args('runId', { type: () => ID }) runId: string,
  ): Promise<BatchMeasurementsModel> {
    return measurementsModel(await this.reduction.batchMeasurements(runId));
  }

  @Query(() => [FaradayConstantModel], {
    description: "The constants of Faraday's law for Tb and Dy (operator, auditor, admin)",
  })
  @Roles('operator', 'auditor', 'admin')
  reductionFaradayConstants(): FaradayConstantModel[] {
    return TARGET_ELEMENTS.map((element) => ({
      element,
      faradayCPerMol: FARADAY_C_PER_MOL,
      electronsPerAtom: ELECTRONS_PER_ATOM,
      molarMassGPerMol: toPlainString(molarMassGPerMol(element)),
      gramsPerAmpereHour: theoreticalYieldGPerAh(element),
    }));
  }
}
