import { Field, GraphQLISODateTime, ID, Int, ObjectType } from '@nestjs/graphql';
import { DecimalScalar } from '@rre/quantities';
import type Decimal from 'decimal.js';
import {
  AssayMethod,
  ConcentrationRoute,
  CorrectableLotField,
  DecisionKind,
  DecisionState,
  MoistureBasis,
  RejectionDisposition,
  ScreeningOutcome,
  TransferState,
} from './intake-enums.graphql';
import { ActorModel, FractionValueModel, MassValueModel } from './quantity.model';

@ObjectType('Weighing', { description: "The plant's weighbridge weighing: net = gross - tare" })
export class WeighingModel {
  @Field()
  ticketNumber!: string;

  @Field()
  vehicle!: string;

  @Field()
  scale!: string;

  @Field(() => MassValueModel)
  gross!: MassValueModel;

  @Field(() => MassValueModel)
  tare!: MassValueModel;

  @Field(() => MassValueModel)
  net!: MassValueModel;
}

@ObjectType('MassCheck', {
  description: 'Declared against weighed net mass, and whether the difference is a dispute',
})
export class MassCheckModel {
  @Field(() => MassValueModel)
  declared!: MassValueModel;

  @Field(() => MassValueModel)
  net!: MassValueModel;

  @Field(() => MassValueModel, { description: 'net - declared (negative: less arrived than declared)' })
  difference!: MassValueModel;

  @Field(() => FractionValueModel, { description: '|net - declared| / declared' })
  relativeDifference!: FractionValueModel;

  @Field(() => FractionValueModel)
  tolerance!: FractionValueModel;

  @Field({ description: 'The difference exceeds the tolerance' })
  disputed!: boolean;
}

@ObjectType('ContainerLine')
export class ContainerLineModel {
  @Field()
  kind!: string;

  @Field(() => Int)
  count!: number;
}

@ObjectType('ElementContent')
export class ElementContentModel {
  @Field()
  element!: string;

  @Field(() => DecimalScalar)
  value!: Decimal;

  @Field({ description: 'Unit of value and uncertainty: C62, P1, 59 (ppm) or 61 (ppb)' })
  unit!: string;

  @Field(() => DecimalScalar, { nullable: true, description: 'Absolute standard uncertainty, same unit' })
  uncertainty?: Decimal;
}

@ObjectType('Composition', {
  description: 'Element contents on one basis; an element not listed is unknown, not zero',
})
export class CompositionModel {
  @Field(() => MoistureBasis)
  basis!: MoistureBasis;

  @Field(() => [ElementContentModel])
  contents!: ElementContentModel[];

  @Field(() => FractionValueModel, { description: 'Sum of the contents (C62)' })
  sum!: FractionValueModel;
}

@ObjectType('Assay')
export class AssayModel {
  @Field(() => ID)
  id!: string;

  @Field({ description: 'Organisation id of the laboratory' })
  laboratoryId!: string;

  @Field(() => AssayMethod)
  method!: AssayMethod;

  @Field()
  sampleId!: string;

  @Field(() => GraphQLISODateTime)
  analysedAt!: Date;

  @Field(() => CompositionModel)
  composition!: CompositionModel;

  @Field({ description: 'Why it was made' })
  reason!: string;

  @Field({ description: "Whether it is the lot's current assay" })
  isCurrent!: boolean;

  @Field(() => GraphQLISODateTime)
  recordedAt!: Date;

  @Field(() => ActorModel)
  recordedBy!: ActorModel;
}

@ObjectType('Screening', {
  description:
    'Natural-radioactivity screening: ppm -> Bq/g (U-238 12.3, Th-232 4.1 Bq/kg per ppm), sum of ratios to the limits',
})
export class ScreeningModel {
  @Field(() => ID)
  id!: string;

  @Field(() => ID, {
    nullable: true,
    description: 'The assay the contents come from; null when measured otherwise',
  })
  assayId?: string;

  @Field(() => DecimalScalar)
  uraniumPpm!: Decimal;

  @Field(() => DecimalScalar)
  thoriumPpm!: Decimal;

  @Field(() => DecimalScalar, { description: 'Bq/g (numerically kBq/kg, Rec 20 B25)' })
  uraniumBqPerG!: Decimal;

  @Field(() => DecimalScalar, { description: 'Bq/g (numerically kBq/kg, Rec 20 B25)' })
  thoriumBqPerG!: Decimal;

  @Field(() => DecimalScalar)
  sumOfRatios!: Decimal;

  @Field(() => DecimalScalar)
  threshold!: Decimal;

  @Field(() => ScreeningOutcome)
  outcome!: ScreeningOutcome;

  @Field(() => GraphQLISODateTime)
  screenedAt!: Date;

  @Field(() => ActorModel)
  screenedBy!: ActorModel;
}

@ObjectType('LotDecision', {
  description: 'A release or rejection by a person, with the approver under four eyes',
})
export class LotDecisionModel {
  @Field(() => ID)
  id!: string;

  @Field(() => DecisionKind)
  kind!: DecisionKind;

  @Field()
  reason!: string;

  @Field(() => RejectionDisposition, { nullable: true })
  disposition?: RejectionDisposition;

  @Field(() => DecisionState)
  state!: DecisionState;

  @Field(() => ActorModel)
  decidedBy!: ActorModel;

  @Field(() => GraphQLISODateTime)
  decidedAt!: Date;

  @Field(() => ActorModel, { nullable: true })
  approvedBy?: ActorModel;

  @Field(() => GraphQLISODateTime, { nullable: true })
  approvedAt?: Date;

  @Field({ nullable: true, description: 'Why it was withdrawn (state WITHDRAWN)' })
  withdrawalReason?: string;

  @Field(() => ActorModel, { nullable: true })
  withdrawnBy?: ActorModel;

  @Field(() => GraphQLISODateTime, { nullable: true })
  withdrawnAt?: Date;
}

@ObjectType('CustodyTransfer', { description: 'A hand-over to the concentration step' })
export class CustodyTransferModel {
  @Field(() => ID)
  id!: string;

  @Field(() => ConcentrationRoute)
  route!: ConcentrationRoute;

  @Field(() => MassValueModel)
  mass!: MassValueModel;

  @Field(() => TransferState)
  state!: TransferState;

  @Field(() => ActorModel)
  offeredBy!: ActorModel;

  @Field(() => GraphQLISODateTime)
  offeredAt!: Date;

  @Field(() => ActorModel, { nullable: true })
  answeredBy?: ActorModel;

  @Field(() => GraphQLISODateTime, { nullable: true })
  answeredAt?: Date;

  @Field({ nullable: true })
  refusalReason?: string;

  @Field(() => MassValueModel, { nullable: true })
  receivedMass?: MassValueModel;
}

@ObjectType('LotCorrection', { description: 'A correction of one fact; the registered value stays visible' })
export class LotCorrectionModel {
  @Field(() => ID)
  id!: string;

  @Field(() => CorrectableLotField)
  field!: CorrectableLotField;

  @Field({ description: 'Value before, as canonical JSON' })
  oldValue!: string;

  @Field({ description: 'Value after, as canonical JSON' })
  newValue!: string;

  @Field()
  reason!: string;

  @Field(() => ActorModel)
  correctedBy!: ActorModel;

  @Field(() => GraphQLISODateTime)
  correctedAt!: Date;
}
