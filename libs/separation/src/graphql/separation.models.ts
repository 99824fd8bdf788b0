import { Field, GraphQLISODateTime, ID, Int, ObjectType } from '@nestjs/graphql';

@ObjectType('SeparationMutationPayload')
export class MutationPayloadModel {
  @Field(() => ID, { nullable: true, description: 'Read it with separationRun(id)' })
  runId?: string;
  @Field(() => [ID], { description: 'The lots the mutation created' })
  lotIds!: string[];
  @Field({ description: 'True when an earlier request (same key, or same externalId) did this' })
  replayed!: boolean;
}

@ObjectType('SeparationDistributionRatio', {
  description: 'D = c(organic) / c(aqueous) of one element, as last measured',
})
export class DistributionRatioModel {
  @Field()
  element!: string;
  @Field()
  ratio!: string;
  @Field({ nullable: true, description: 'Absolute standard uncertainty' })
  uncertainty?: string;
  @Field(() => Int, { description: '1 for the first measurement of the element in the run; +1 per new one' })
  revision!: number;
  @Field(() => GraphQLISODateTime)
  recordedAt!: Date;
}

@ObjectType('SeparationFactor', { description: 'beta = D_Dy / D_Tb (6 places, half-even)' })
export class SeparationFactorModel {
  @Field()
  beta!: string;
  @Field({ nullable: true, description: 'Absolute standard uncertainty of beta' })
  uncertainty?: string;
  @Field({ nullable: true, description: 'Relative uncertainties of D_Dy and D_Tb added in quadrature' })
  relativeUncertainty?: string;
}

@ObjectType('SeparationRunSeparationFactor')
export class RunSeparationFactorModel {
  @Field(() => ID)
  runId!: string;
  @Field(() => [DistributionRatioModel])
  ratios!: DistributionRatioModel[];
  @Field(() => SeparationFactorModel, {
    nullable: true,
    description: 'null until D_Dy and D_Tb are both measured',
  })
  separationFactor?: SeparationFactorModel;
}

@ObjectType('SeparationFraction', { description: 'A fraction of a solvent-extraction run, with its purity' })
export class FractionModel {
  @Field(() => ID)
  lotId!: string;
  @Field(() => ID)
  runId!: string;
  @Field({ description: 'TB_RICH, DY_RICH, LIGHT_RARE_EARTHS or RAFFINATE' })
  kind!: string;
  @Field({ nullable: true, description: '% of the target elements in the total rare earths, as stated' })
  purityPercent?: string;
  @Field({ nullable: true })
  purityUncertaintyPercent?: string;
  @Field({ nullable: true, description: 'Target elements / rare earths stated by the assay x 100' })
  assayPurityPercent?: string;
  @Field(() => GraphQLISODateTime)
  declaredAt!: Date;
}

@ObjectType('SeparationOxideLot', {
  description:
    'An oxide lot of a calcination run; element mass = oxide mass x purity x (element molar mass / oxide molar mass)',
})
export class OxideLotModel {
  @Field(() => ID)
  lotId!: string;
  @Field(() => ID)
  runId!: string;
  @Field({ description: 'TB4O7 or DY2O3' })
  oxide!: string;
  @Field()
  formula!: string;
  @Field()
  element!: string;
  @Field()
  oxideMassKg!: string;
  @Field()
  purityPercent!: string;
  @Field({ nullable: true })
  purityUncertaintyPercent?: string;
  @Field({ description: 'Mass fraction of the element in the lot (12 places)' })
  elementFraction!: string;
  @Field({ description: 'Element mass in the lot, kg (rounded once to 1 mg)' })
  elementMassKg!: string;
  @Field({ description: 'e.g. Tb4O7: 4 x 158.925354 = 635.701416 g/mol' })
  elementMolarMassGPerMol!: string;
  @Field({ description: 'e.g. Tb4O7: 4 x 158.925354 + 7 x 15.999 = 747.694416 g/mol' })
  oxideMolarMassGPerMol!: string;
}

@ObjectType('SeparationElementRecovery')
export class ElementRecoveryModel {
  @Field()
  element!: string;
  @Field({ description: 'Opening inventory + inputs, kg' })
  fedKg!: string;
  @Field({ description: 'In the fraction (or product) made for the element, kg' })
  recoveredKg!: string;
  @Field({ nullable: true, description: 'recoveredKg / fedKg x 100' })
  percent?: string;
}

@ObjectType('SeparationFractionPurity')
export class FractionPurityModel {
  @Field({ description: 'TB_RICH, DY_RICH, LIGHT_RARE_EARTHS or OXIDE' })
  kind!: string;
  @Field()
  massKg!: string;
  @Field({ nullable: true, description: 'Stated purity weighted by mass, %' })
  purityPercent?: string;
}

@ObjectType('SeparationBetaAgainstBaseline', {
  description: 'The "2x" goal: beta against the conventional extractant',
})
export class BetaAgainstBaselineModel {
  @Field()
  baselineBeta!: string;
  @Field()
  goalFactor!: string;
  @Field({ description: 'beta / baselineBeta' })
  ratio!: string;
  @Field()
  goalMet!: boolean;
}

@ObjectType('SeparationRunKpis', { description: "A completed run's KPIs from one revision of its balance" })
export class RunKpisModel {
  @Field(() => ID)
  runId!: string;
  @Field(() => Int)
  revision!: number;
  @Field()
  kind!: string;
  @Field(() => GraphQLISODateTime)
  computedAt!: Date;
  @Field()
  provisional!: boolean;
  @Field({ nullable: true })
  extractantName?: string;
  @Field({ nullable: true })
  extractantKind?: string;
  @Field({ nullable: true })
  contactorType?: string;
  @Field({ nullable: true })
  contactorVolumeL?: string;
  @Field(() => SeparationFactorModel, { nullable: true })
  separationFactor?: SeparationFactorModel;
  @Field(() => BetaAgainstBaselineModel, { nullable: true })
  againstBaseline?: BetaAgainstBaselineModel;
  @Field(() => [ElementRecoveryModel])
  recoveries!: ElementRecoveryModel[];
  @Field(() => [FractionPurityModel])
  purities!: FractionPurityModel[];
  @Field({ nullable: true, description: '(organic + aqueous flow) / contactor volume, 1/h' })
  throughputPerContactorVolume?: string;
}

@ObjectType('SeparationCampaignKpis', {
  description: 'Averages of the solvent-extraction runs of a campaign (latest KPIs of each run)',
})
export class CampaignKpisModel {
  @Field(() => [ID])
  runIds!: string[];
  @Field(() => Int)
  runs!: number;
  @Field(() => Int)
  runsWithBeta!: number;
  @Field({ nullable: true, description: "Arithmetic mean of the runs' betas" })
  meanBeta?: string;
  @Field({ nullable: true })
  minBeta?: string;
  @Field({ nullable: true })
  maxBeta?: string;
  @Field(() => BetaAgainstBaselineModel, { nullable: true })
  againstBaseline?: BetaAgainstBaselineModel;
  @Field(() => [ElementRecoveryModel], { description: 'Pooled: recovered kg / fed kg over every run' })
  recoveries!: ElementRecoveryModel[];
  @Field(() => [FractionPurityModel], { description: 'Mass-weighted over every run' })
  purities!: FractionPurityModel[];
  @Field({ nullable: true, description: 'Arithmetic mean over the runs, 1/h' })
  meanThroughputPerContactorVolume?: string;
}

@ObjectType('SeparationCascadeOption')
export class CascadeOptionModel {
  @Field({ description: 'CONVENTIONAL or NEW' })
  extractantKind!: string;
  @Field({ description: 'MIXER_SETTLER or EMULSION_FLOW' })
  contactorType!: string;
  @Field()
  beta!: string;
  @Field()
  minimumStages!: string;
  @Field(() => Int)
  recommendedStages!: number;
  @Field({ description: 'Total flow per litre of contactor, 1/h' })
  throughputPerVolume!: string;
  @Field({ nullable: true, description: 'recommendedStages x throughput / throughputPerVolume, L' })
  contactorVolumeL?: string;
}

@ObjectType('SeparationCascadeDesign', {
  description:
    'Fenske: N_min = ln[(x_Dy/x_Tb)_extract / (x_Dy/x_Tb)_raffinate] / ln(beta); 6 places, half-even',
})
export class CascadeDesignModel {
  @Field()
  extractRatio!: string;
  @Field()
  raffinateRatio!: string;
  @Field()
  fenskeNumerator!: string;
  @Field()
  minimumStages!: string;
  @Field()
  stageFactor!: string;
  @Field(() => Int)
  recommendedStages!: number;
  @Field()
  dyRichShareOfFeed!: string;
  @Field(() => [CascadeOptionModel])
  options!: CascadeOptionModel[];
}
