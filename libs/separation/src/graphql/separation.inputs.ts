import { Field, ID, InputType, Int } from '@nestjs/graphql';
import { MES_RUN_ID_DESCRIPTION, PlanRunInputFields } from '@rre/process-runs';

@InputType('SeparationExtractantInput')
export class ExtractantInput {
  @Field({ description: 'Trade or chemical name, e.g. "PC88A" or the new extractant\'s code' })
  name!: string;
  @Field({ description: "NEW (the programme's extractant) or CONVENTIONAL" })
  kind!: string;
}

@InputType('SeparationContactorInput')
export class ContactorInput {
  @Field({ description: 'EMULSION_FLOW, MIXER_SETTLER or OTHER' })
  type!: string;
  @Field({ description: 'Decimal string, L' })
  volumeL!: string;
}

@InputType('SeparationStageCountsInput', { description: 'Stages of each section, each at least 1' })
export class StageCountsInput {
  @Field(() => Int)
  extraction!: number;
  @Field(() => Int)
  scrub!: number;
  @Field(() => Int)
  strip!: number;
}

@InputType('SeparationSolventExtractionParametersInput')
export class SolventExtractionParametersInput {
  @Field(() => ExtractantInput)
  extractant!: ExtractantInput;
  @Field({ description: 'e.g. kerosene, n-dodecane' })
  diluent!: string;
  @Field(() => ContactorInput)
  contactor!: ContactorInput;
  @Field(() => StageCountsInput)
  stages!: StageCountsInput;
  @Field({ description: 'Decimal string, L/h' })
  organicFlowLPerH!: string;
  @Field({ description: 'Decimal string, L/h' })
  aqueousFlowLPerH!: string;
  @Field({
    nullable: true,
    description:
      'O/A ratio; computed from the flows when left out, refused when it differs from them by more than 1 %',
  })
  oaRatio?: string;
  @Field({ description: 'Decimal string, pH of the aqueous feed' })
  ph!: string;
}

@InputType('SeparationPrecipitationParametersInput')
export class PrecipitationParametersInput {
  @Field({ description: 'OXALIC_ACID, AMMONIUM_BICARBONATE or SODIUM_CARBONATE' })
  precipitant!: string;
  @Field({ description: 'Decimal string, °C' })
  temperatureCelsius!: string;
  @Field({ description: 'Decimal string' })
  ph!: string;
}

@InputType('SeparationCalcinationParametersInput')
export class CalcinationParametersInput {
  @Field({ description: 'Decimal string, °C (400 to 1400)' })
  temperatureCelsius!: string;
  @Field({ description: 'Decimal string, h' })
  durationH!: string;
  @Field({ description: 'AIR, OXYGEN or INERT' })
  atmosphere!: string;
}

@InputType('SeparationPlanSolventExtractionRunInput')
export class PlanSolventExtractionRunInput extends PlanRunInputFields(MES_RUN_ID_DESCRIPTION) {
  @Field(() => SolventExtractionParametersInput)
  solventExtraction!: SolventExtractionParametersInput;
}

@InputType('SeparationPlanPrecipitationRunInput')
export class PlanPrecipitationRunInput extends PlanRunInputFields() {
  @Field(() => PrecipitationParametersInput)
  precipitation!: PrecipitationParametersInput;
}

@InputType('SeparationPlanCalcinationRunInput')
export class PlanCalcinationRunInput extends PlanRunInputFields() {
  @Field(() => CalcinationParametersInput)
  calcination!: CalcinationParametersInput;
}

@InputType('SeparationDistributionRatioInput')
export class DistributionRatioInput {
  @Field({
    nullable: true,
    description: 'Element symbol, e.g. Dy (required: a ratio without its element is refused)',
  })
  element?: string;
  @Field({ description: 'D = c(organic) / c(aqueous), decimal string above 0' })
  ratio!: string;
  @Field({ nullable: true, description: 'Absolute standard uncertainty of D, decimal string' })
  uncertainty?: string;
}

@InputType('SeparationRecordDistributionRatiosInput')
export class RecordDistributionRatiosInput {
  @Field(() => ID)
  runId!: string;
  @Field(() => [DistributionRatioInput])
  ratios!: DistributionRatioInput[];
}

@InputType('SeparationAssayContentInput')
export class AssayContentInput {
  @Field()
  element!: string;
  @Field({ description: 'Decimal string in the assay unit' })
  value!: string;
  @Field({ nullable: true, description: 'Absolute standard uncertainty in the same unit' })
  uncertainty?: string;
}

@InputType('SeparationAssayInput')
export class AssayInput {
  @Field({ nullable: true, description: 'C62 (plain fraction, default), P1 (wt %), 59 (ppm), 61 (ppb)' })
  unit?: string;
  @Field(() => [AssayContentInput])
  contents!: AssayContentInput[];
}

@InputType('SeparationDeclareFractionInput')
export class DeclareFractionInput {
  @Field(() => ID)
  runId!: string;
  @Field({ description: 'TB_RICH, DY_RICH, LIGHT_RARE_EARTHS or RAFFINATE' })
  kind!: string;
  @Field({ nullable: true, description: 'Default: a new ULID' })
  lotId?: string;
  @Field()
  lotCode!: string;
  @Field({ description: 'Decimal string, kg (1 mg resolution)' })
  massKg!: string;
  @Field(() => AssayInput)
  assay!: AssayInput;
  @Field({ nullable: true, description: 'PROVISIONAL (default) or FINAL' })
  assayStatus?: string;
  @Field({ nullable: true })
  assayId?: string;
  @Field({
    nullable: true,
    description:
      '% of the target elements (Tb; Dy; Nd + Pr) in the total rare earths; required except for RAFFINATE',
  })
  purityPercent?: string;
  @Field({ nullable: true })
  purityUncertaintyPercent?: string;
}

@InputType('SeparationDeclareOxideInput')
export class DeclareOxideInput {
  @Field(() => ID)
  runId!: string;
  @Field({ description: 'TB4O7 or DY2O3' })
  oxide!: string;
  @Field({ nullable: true })
  lotId?: string;
  @Field()
  lotCode!: string;
  @Field({ description: 'Decimal string, kg of oxide (1 mg resolution)' })
  oxideMassKg!: string;
  @Field({ description: 'Mass share of the oxide in the lot, %' })
  purityPercent!: string;
  @Field({ nullable: true })
  purityUncertaintyPercent?: string;
  @Field(() => [AssayContentInput], { nullable: true, description: 'Other elements, plain fractions (C62)' })
  impurities?: AssayContentInput[];
  @Field({ nullable: true, description: 'PROVISIONAL (default) or FINAL' })
  assayStatus?: string;
}

@InputType('SeparationCascadeDesignInput')
export class CascadeDesignInput {
  @Field({ description: 'Dy in the feed (any basis common with feedTb), decimal string' })
  feedDy!: string;
  @Field({ description: 'Tb in the feed, decimal string' })
  feedTb!: string;
  @Field({ description: 'Dy in the Dy-rich product (extract end), % of Dy + Tb' })
  dyRichPurityPercent!: string;
  @Field({ description: 'Tb in the Tb-rich product (raffinate end), % of Dy + Tb' })
  tbRichPurityPercent!: string;
  @Field({ description: 'Separation factor designed for (the new extractant), above 1' })
  beta!: string;
  @Field({
    nullable: true,
    description: "The conventional extractant's beta; default SEPARATION_CONVENTIONAL_BETA",
  })
  conventionalBeta?: string;
  @Field({
    nullable: true,
    description: 'Total flow (organic + aqueous) to pass, L/h: gives the contactor volumes',
  })
  throughputLPerH?: string;
}
