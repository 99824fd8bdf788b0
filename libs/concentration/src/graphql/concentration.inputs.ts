import { Field, GraphQLISODateTime, ID, InputType, Int } from '@nestjs/graphql';
import { MES_RUN_ID_DESCRIPTION, PlanRunInputFields } from '@rre/process-runs';

@InputType('ConcentrationLeachingParametersInput')
export class LeachingParametersInput {
  @Field({ description: 'HYDROCHLORIC, SULFURIC or NITRIC' })
  acid!: string;
  @Field({ description: 'Decimal string, mol/L' })
  acidConcentrationMolPerL!: string;
  @Field({ description: 'Decimal string, °C' })
  temperatureCelsius!: string;
}

@InputType('ConcentrationAdsorptionParametersInput')
export class AdsorptionParametersInput {
  @Field({ description: 'Id or code of a registered adsorbent batch' })
  adsorbentBatchId!: string;
  @Field(() => Int)
  cycleNumber!: number;
  @Field()
  column!: string;
  @Field({ description: 'Decimal string, L' })
  bedVolumeL!: string;
  @Field({ description: 'Decimal string, L' })
  feedVolumeL!: string;
  @Field({ description: 'Decimal string' })
  ph!: string;
  @Field({ description: 'Decimal string, °C' })
  temperatureCelsius!: string;
}

@InputType('ConcentrationPlanLeachingRunInput')
export class PlanLeachingRunInput extends PlanRunInputFields(MES_RUN_ID_DESCRIPTION) {
  @Field(() => LeachingParametersInput)
  leaching!: LeachingParametersInput;
}

@InputType('ConcentrationPlanAdsorptionRunInput')
export class PlanAdsorptionRunInput extends PlanRunInputFields(MES_RUN_ID_DESCRIPTION) {
  @Field(() => AdsorptionParametersInput)
  adsorption!: AdsorptionParametersInput;
}

@InputType('ConcentrationRegisterAdsorbentBatchInput')
export class RegisterAdsorbentBatchInput {
  @Field({ description: 'Unique code, e.g. ADS-2026-007' })
  code!: string;
  @Field()
  material!: string;
}

@InputType('ConcentrationRecordAdsorbentCapacityInput')
export class RecordAdsorbentCapacityInput {
  @Field({ description: 'Id or code of the batch' })
  adsorbentBatchId!: string;
  @Field(() => Int)
  cycleNumber!: number;
  @Field({ description: 'mg of Dy + Tb per g of adsorbent, decimal string' })
  capacityMgPerG!: string;
  @Field(() => GraphQLISODateTime)
  measuredAt!: Date;
  @Field(() => ID, { nullable: true })
  runId?: string;
}

@InputType('ConcentrationRetireAdsorbentBatchInput')
export class RetireAdsorbentBatchInput {
  @Field({ description: 'Id or code of the batch' })
  adsorbentBatchId!: string;
  @Field()
  reason!: string;
}
