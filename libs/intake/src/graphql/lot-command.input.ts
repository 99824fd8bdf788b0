import { Field, GraphQLISODateTime, ID, InputType } from '@nestjs/graphql';
import { DecimalScalar } from '@rre/quantities';
import type Decimal from 'decimal.js';
import {
  AssayMethod,
  ConcentrationRoute,
  LotStatus,
  MaterialKind,
  MoistureBasis,
  RejectionDisposition,
  SourceCategory,
} from './intake-enums.graphql';
import { ElementContentInput, FractionInput, MassInput } from './quantity.input';

@InputType('RecordAssayInput')
export class RecordAssayInput {
  @Field(() => ID)
  lotId!: string;

  @Field({ nullable: true, description: "Organisation id of the laboratory; default the caller's" })
  laboratoryId?: string;

  @Field(() => AssayMethod)
  method!: AssayMethod;

  @Field()
  sampleId!: string;

  @Field(() => GraphQLISODateTime)
  analysedAt!: Date;

  @Field(() => [ElementContentInput])
  contents!: ElementContentInput[];

  @Field(() => MoistureBasis, { nullable: true, description: 'Default DRY' })
  moistureBasis?: MoistureBasis;

  @Field({ description: 'Why the assay was made, e.g. "initial" or "re-assay after supplier dispute"' })
  reason!: string;

  @Field({ nullable: true, description: 'Whether it becomes the current assay; default true' })
  makeCurrent?: boolean;
}

@InputType('ScreenLotInput', {
  description: "U and Th from an assay (default the lot's current one), or measured otherwise (both in ppm)",
})
export class ScreenLotInput {
  @Field(() => ID)
  lotId!: string;

  @Field(() => ID, { nullable: true })
  assayId?: string;

  @Field(() => DecimalScalar, { nullable: true })
  uraniumPpm?: Decimal;

  @Field(() => DecimalScalar, { nullable: true })
  thoriumPpm?: Decimal;
}

@InputType('ReleaseLotInput')
export class ReleaseLotInput {
  @Field(() => ID)
  lotId!: string;

  @Field()
  reason!: string;
}

@InputType('RejectLotInput')
export class RejectLotInput {
  @Field(() => ID)
  lotId!: string;

  @Field()
  reason!: string;

  @Field(() => RejectionDisposition, { nullable: true, description: 'Default OTHER' })
  disposition?: RejectionDisposition;
}

@InputType('ApproveLotDecisionInput')
export class ApproveLotDecisionInput {
  @Field(() => ID)
  decisionId!: string;
}

@InputType('WithdrawLotDecisionInput')
export class WithdrawLotDecisionInput {
  @Field(() => ID)
  decisionId!: string;

  @Field({ description: 'Why the decision is withdrawn' })
  reason!: string;
}

@InputType('TransferLotInput')
export class TransferLotInput {
  @Field(() => ID)
  lotId!: string;

  @Field(() => ConcentrationRoute, {
    nullable: true,
    description: 'Default: LEACHING for magnet scrap, ADSORPTION for unused resources',
  })
  route?: ConcentrationRoute;
}

@InputType('AcceptLotTransferInput')
export class AcceptLotTransferInput {
  @Field(() => ID)
  transferId!: string;

  @Field(() => MassInput, { nullable: true })
  receivedMass?: MassInput;
}

@InputType('RefuseLotTransferInput')
export class RefuseLotTransferInput {
  @Field(() => ID)
  transferId!: string;

  @Field()
  reason!: string;
}

@InputType('WeighingCorrectionInput')
export class WeighingCorrectionInput {
  @Field(() => MassInput)
  gross!: MassInput;

  @Field(() => MassInput)
  tare!: MassInput;
}

@InputType('CorrectLotInput', {
  description: 'New values of the facts to correct; each becomes a correction record',
})
export class CorrectLotInput {
  @Field(() => ID)
  lotId!: string;

  @Field()
  reason!: string;

  @Field(() => MassInput, { nullable: true })
  declaredMass?: MassInput;

  @Field(() => WeighingCorrectionInput, { nullable: true })
  weighing?: WeighingCorrectionInput;

  @Field(() => FractionInput, { nullable: true })
  moistureFraction?: FractionInput;

  @Field({ nullable: true })
  countryOfOrigin?: string;

  @Field(() => MaterialKind, { nullable: true })
  materialKind?: MaterialKind;

  @Field(() => SourceCategory, { nullable: true })
  sourceCategory?: SourceCategory;

  @Field({ nullable: true })
  supplierSiteId?: string;
}

@InputType('LotFilter')
export class LotFilterInput {
  @Field(() => LotStatus, { nullable: true })
  status?: LotStatus;

  @Field(() => MaterialKind, { nullable: true })
  materialKind?: MaterialKind;

  @Field(() => SourceCategory, { nullable: true })
  sourceCategory?: SourceCategory;

  @Field({ nullable: true })
  organisationId?: string;
}
