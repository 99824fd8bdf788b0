import { Field, GraphQLISODateTime, ID, Int, ObjectType } from '@nestjs/graphql';

@ObjectType('ReductionPlannedRunPayload')
export class PlannedRunPayloadModel {
  @Field(() => ID, { description: 'Read it with reductionRun(id)' })
  runId!: string;
  @Field({ description: 'True when the run was planned before (same key, or same externalId)' })
  replayed!: boolean;
}

@ObjectType('ReductionBaseline', { description: 'The calcium-thermal reduction each batch is compared with' })
export class BaselineModel {
  @Field()
  temperatureCelsius!: string;
  @Field()
  kwhPerKg!: string;
  @Field()
  co2KgPerKg!: string;
}

@ObjectType('ReductionPerformance', {
  description:
    'Faraday, energy and carbon of a batch or a period; per kg = per kg of target element deposited; rounded once to 6 places',
})
export class PerformanceModel {
  @Field({ description: 'Target element in the PRODUCT outputs (the rare-earth alloy), kg' })
  metalKg!: string;
  @Field({ description: 'Charge passed, Ah: ∫ I dt over good samples' })
  chargeAh!: string;
  @Field({ description: "Faraday's law: charge x M / (3 F), kg" })
  theoreticalMetalKg!: string;
  @Field({ nullable: true, description: 'metalKg / theoreticalMetalKg x 100' })
  currentEfficiencyPercent?: string;
  @Field({ description: '∫ U·I dt over good samples, kWh' })
  dcEnergyKwh!: string;
  @Field({ description: 'Heating power x duration, kWh' })
  heatingEnergyKwh!: string;
  @Field()
  totalEnergyKwh!: string;
  @Field({ nullable: true })
  dcKwhPerKg?: string;
  @Field({ nullable: true })
  totalKwhPerKg?: string;
  @Field({ description: 'totalEnergyKwh x grid factor, kg' })
  co2Kg!: string;
  @Field({ nullable: true })
  co2KgPerKg?: string;
  @Field(() => BaselineModel)
  baseline!: BaselineModel;
  @Field({ nullable: true, description: 'Baseline kWh/kg minus totalKwhPerKg' })
  energySavingKwhPerKg?: string;
  @Field({ nullable: true })
  energySavingPercent?: string;
  @Field({ nullable: true, description: 'Baseline CO2/kg minus co2KgPerKg' })
  co2SavingKgPerKg?: string;
  @Field({ description: 'Baseline CO2 for the same metal minus co2Kg, kg' })
  co2SavingKg!: string;
}

@ObjectType('ReductionExcludedSample', { description: 'A sample left out of the charge or energy' })
export class ExcludedSampleModel {
  @Field({ description: 'CURRENT (in A) or VOLTAGE (in V)' })
  quantityKind!: string;
  @Field()
  measuredAt!: string;
  @Field()
  value!: string;
  @Field()
  quality!: string;
  @Field({ description: 'BAD_QUALITY or NEGATIVE_VALUE' })
  reason!: string;
}

@ObjectType('ReductionUncoveredInterval')
export class UncoveredIntervalModel {
  @Field()
  from!: string;
  @Field()
  to!: string;
  @Field()
  seconds!: string;
}

@ObjectType('ReductionBatchCoverage', {
  description: "How much of a batch's duration (first to last current sample) good samples cover",
})
export class BatchCoverageModel {
  @Field(() => ID)
  currentSeriesId!: string;
  @Field(() => ID, { nullable: true })
  voltageSeriesId?: string;
  @Field({ description: 'Gaps between good samples this long or longer are not integrated, s' })
  maxGapSeconds!: string;
  @Field({ nullable: true })
  from?: string;
  @Field({ nullable: true })
  to?: string;
  @Field()
  durationSeconds!: string;
  @Field()
  coveredSeconds!: string;
  @Field()
  uncoveredSeconds!: string;
  @Field(() => [UncoveredIntervalModel])
  uncovered!: UncoveredIntervalModel[];
  @Field(() => [ExcludedSampleModel])
  excludedSamples!: ExcludedSampleModel[];
}

@ObjectType('ReductionElectrolysisKpis')
export class ElectrolysisKpisModel {
  @Field()
  targetElement!: string;
  @Field()
  cathodeAlloy!: string;
  @Field()
  electrolyte!: string;
  @Field()
  operatingTemperatureCelsius!: string;
  @Field({ nullable: true })
  temperatureOverrideReason?: string;
  @Field(() => PerformanceModel)
  performance!: PerformanceModel;
  @Field(() => BatchCoverageModel)
  coverage!: BatchCoverageModel;
}

@ObjectType('ReductionDistillationKpis')
export class DistillationKpisModel {
  @Field()
  targetElement!: string;
  @Field()
  temperatureCelsius!: string;
  @Field({ nullable: true })
  temperatureOverrideReason?: string;
  @Field()
  pressurePa!: string;
  @Field()
  durationHours!: string;
  @Field({ description: 'The PRODUCT (metal) lots, kg' })
  metalLotKg!: string;
  @Field({ description: 'Target element in them, kg' })
  targetElementKg!: string;
  @Field({ nullable: true, description: 'targetElementKg / metalLotKg x 100' })
  purityPercent?: string;
  @Field()
  fedTargetKg!: string;
  @Field({ nullable: true, description: 'targetElementKg / fedTargetKg x 100' })
  recoveryPercent?: string;
  @Field({ description: 'BY_PRODUCT lots: cathode metal recovered for the next batches, kg' })
  recoveredAlloyMetalKg!: string;
}

@ObjectType('ReductionRunKpis', { description: "A completed run's KPIs from one revision of its balance" })
export class RunKpisModel {
  @Field(() => ID)
  runId!: string;
  @Field(() => Int)
  revision!: number;
  @Field({ description: 'ELECTROLYSIS or VACUUM_DISTILLATION' })
  kind!: string;
  @Field(() => GraphQLISODateTime)
  completedAt!: Date;
  @Field(() => GraphQLISODateTime)
  computedAt!: Date;
  @Field()
  provisional!: boolean;
  @Field(() => ElectrolysisKpisModel, { nullable: true })
  electrolysis?: ElectrolysisKpisModel;
  @Field(() => DistillationKpisModel, { nullable: true })
  distillation?: DistillationKpisModel;
}

@ObjectType('ReductionRunKpisPage')
export class RunKpisPageModel {
  @Field(() => [RunKpisModel])
  items!: RunKpisModel[];
  @Field({ nullable: true, description: 'Pass as `after` for the next page; null on the last page' })
  endCursor?: string;
}

@ObjectType('ReductionPeriodKpis', { description: 'Every run completed in [from, to), the batches summed' })
export class PeriodKpisModel {
  @Field(() => GraphQLISODateTime, { nullable: true })
  from?: Date;
  @Field(() => GraphQLISODateTime, { nullable: true })
  to?: Date;
  @Field(() => Int)
  electrolysisBatches!: number;
  @Field(() => Int)
  distillationRuns!: number;
  @Field(() => PerformanceModel)
  electrolysis!: PerformanceModel;
  @Field()
  distilledMetalLotKg!: string;
  @Field()
  distilledTargetElementKg!: string;
}

@ObjectType('ReductionBatchMeasurements', {
  description: "What a batch's recorded current and voltage give so far",
})
export class BatchMeasurementsModel {
  @Field()
  chargeAh!: string;
  @Field()
  dcEnergyKwh!: string;
  @Field(() => BatchCoverageModel)
  coverage!: BatchCoverageModel;
}

@ObjectType('ReductionFaradayConstant', { description: "The constants of Faraday's law reduction uses" })
export class FaradayConstantModel {
  @Field()
  element!: string;
  @Field()
  faradayCPerMol!: string;
  @Field(() => Int)
  electronsPerAtom!: number;
  @Field()
  molarMassGPerMol!: string;
  @Field({ description: 'M x 3600 / (n F), 6 places' })
  gramsPerAmpereHour!: string;
}
