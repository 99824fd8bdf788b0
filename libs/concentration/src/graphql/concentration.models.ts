import { Field, GraphQLISODateTime, ID, Int, ObjectType } from '@nestjs/graphql';

@ObjectType('ConcentrationElementRecovery', {
  description: 'How much of an element fed to a run reached its product, kg and % (rounded once to 6 places)',
})
export class ElementRecoveryModel {
  @Field()
  element!: string;
  @Field({ description: 'Opening inventory + inputs, kg (exact)' })
  inputKg!: string;
  @Field({ description: 'In the PRODUCT outputs, kg (exact)' })
  recoveredKg!: string;
  @Field({ nullable: true, description: 'recoveredKg / inputKg x 100; null when none was fed' })
  percent?: string;
}

@ObjectType('ConcentrationDecontaminationFactor', {
  description: 'DF = (impurity / (Dy + Tb) in the feed) / (impurity / (Dy + Tb) in the concentrate)',
})
export class DecontaminationFactorModel {
  @Field()
  impurity!: string;
  @Field({ nullable: true })
  feedRatio?: string;
  @Field({ nullable: true })
  concentrateRatio?: string;
  @Field({
    nullable: true,
    description: 'null when the concentrate carries none of the impurity (or no Dy + Tb)',
  })
  factor?: string;
}

@ObjectType('ConcentrationRunKpis', {
  description: "A completed run's KPIs from one revision of its balance",
})
export class RunKpisModel {
  @Field(() => ID)
  runId!: string;
  @Field(() => Int, { description: '1 at completion; +1 at each finalization or correction' })
  revision!: number;
  @Field({ description: 'LEACHING or ADSORPTION' })
  kind!: string;
  @Field(() => GraphQLISODateTime)
  computedAt!: Date;
  @Field({ description: 'True when the balance rested on a provisional assay' })
  provisional!: boolean;
  @Field(() => [ElementRecoveryModel], { description: 'Recovery of Dy and Tb into the PRODUCT outputs' })
  recoveries!: ElementRecoveryModel[];
  @Field(() => [DecontaminationFactorModel], {
    description: 'Against Fe, Al, U and Th, on the Dy + Tb basis',
  })
  decontaminationFactors!: DecontaminationFactorModel[];
  @Field(() => [ElementRecoveryModel], {
    nullable: true,
    description: 'Leaching: % of each element fed that went into the leach liquor',
  })
  dissolutionYields?: ElementRecoveryModel[];
}

@ObjectType('ConcentrationRunKpisPage')
export class RunKpisPageModel {
  @Field(() => [RunKpisModel])
  items!: RunKpisModel[];
  @Field({ nullable: true, description: 'Pass as `after` for the next page; null on the last page' })
  endCursor?: string;
}

@ObjectType('ConcentrationAdsorbentCapacity', { description: 'Capacity measured after one cycle of a batch' })
export class AdsorbentCapacityModel {
  @Field(() => Int)
  cycleNumber!: number;
  @Field({ description: 'mg of Dy + Tb taken up per g of adsorbent' })
  capacityMgPerG!: string;
  @Field(() => GraphQLISODateTime)
  measuredAt!: Date;
  @Field(() => ID, { nullable: true })
  runId?: string;
}

@ObjectType('ConcentrationAdsorbentBatch', {
  description: 'A batch of the selective adsorbent, tracked as an asset',
})
export class AdsorbentBatchModel {
  @Field(() => ID)
  id!: string;
  @Field()
  code!: string;
  @Field()
  material!: string;
  @Field(() => GraphQLISODateTime)
  registeredAt!: Date;
  @Field(() => [AdsorbentCapacityModel], { description: 'Capacity per cycle, in cycle order' })
  capacityHistory!: AdsorbentCapacityModel[];
  @Field({ nullable: true })
  firstCapacityMgPerG?: string;
  @Field({ nullable: true })
  latestCapacityMgPerG?: string;
  @Field({ nullable: true, description: '1 - latest / first (plain fraction, 6 places)' })
  capacityLossShare?: string;
  @Field({ description: 'Lost more than the configured share of its first-cycle capacity' })
  capacityWarning!: boolean;
  @Field(() => GraphQLISODateTime, { nullable: true })
  retiredAt?: Date;
  @Field({ nullable: true })
  retirementReason?: string;
}

@ObjectType('ConcentrationReceivedComposition', { description: 'One element as a plain fraction (C62)' })
export class ReceivedContentModel {
  @Field()
  element!: string;
  @Field()
  value!: string;
  @Field({ nullable: true })
  uncertainty?: string;
}

@ObjectType('ConcentrationIntakeLot', {
  description: "Concentration's copy of a lot intake offered or handed over",
})
export class IntakeLotModel {
  @Field(() => ID)
  lotId!: string;
  @Field()
  lotCode!: string;
  @Field()
  materialKind!: string;
  @Field()
  sourceCategory!: string;
  @Field({ description: 'LEACHING (magnet scrap) or ADSORPTION (unused resources)' })
  route!: string;
  @Field({ description: 'AT_INTAKE, OFFERED, HELD or REFUSED' })
  custody!: string;
  @Field({ nullable: true })
  transferId?: string;
  @Field({ nullable: true })
  offeredMassKg?: string;
  @Field({ nullable: true })
  receivedMassKg?: string;
  @Field({ nullable: true })
  currentAssayId?: string;
  @Field(() => [ReceivedContentModel], {
    nullable: true,
    description: 'Current assay, else the declared composition',
  })
  composition?: ReceivedContentModel[];
  @Field({ description: 'Intake corrected a fact of this lot after it was registered' })
  corrected!: boolean;
}

@ObjectType('ConcentrationResidueScreening', {
  description: 'Radioactivity screening of a residue lot from U and Th',
})
export class ResidueScreeningModel {
  @Field(() => ID)
  lotId!: string;
  @Field(() => ID)
  runId!: string;
  @Field()
  uraniumPpm!: string;
  @Field()
  thoriumPpm!: string;
  @Field()
  sumOfRatios!: string;
  @Field()
  threshold!: string;
  @Field({ description: 'CLEARED or EXCEEDED' })
  outcome!: string;
  @Field(() => GraphQLISODateTime)
  screenedAt!: Date;
}

@ObjectType('ConcentrationAdsorbentPayload')
export class AdsorbentPayloadModel {
  @Field(() => AdsorbentBatchModel)
  batch!: AdsorbentBatchModel;
  @Field({ description: 'True when an earlier request with the same idempotency key did this' })
  replayed!: boolean;
}
