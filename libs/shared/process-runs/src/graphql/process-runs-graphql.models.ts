import { Field, InputType, ObjectType } from '@nestjs/graphql';

/**
 * The GraphQL types of one host, every name prefixed (`Concentration` + `Run`), so that several
 * process services can contribute to one composed schema without a clash. Decimals are strings
 * (`"800.5"`; a JSON number is refused by the String type), masses in kg.
 */
export function processRunsGraphqlTypes(typePrefix: string) {
  const n = (name: string) => `${typePrefix}${name}`;

  @ObjectType(n('ElementContent'), {
    description: "An element's mass fraction (plain fraction, unit C62) with its standard uncertainty",
  })
  class ElementContentModel {
    @Field() element!: string;
    @Field({ description: 'Plain fraction, decimal string ("0.05" = 5 %)' }) fraction!: string;
    @Field(() => String, { nullable: true }) uncertainty?: string;
  }

  @ObjectType(n('Lot'), { description: 'A lot this service received, holds, produced or handed over' })
  class LotModel {
    @Field() id!: string;
    @Field() code!: string;
    @Field({ description: 'MATERIAL, IN_PROCESS_INVENTORY or REAGENT' }) kind!: string;
    @Field({ description: 'OFFERED, HELD, REFUSED, OFFERED_OUT or HANDED_OVER' }) custody!: string;
    @Field() massKg!: string;
    @Field() remainingKg!: string;
    @Field(() => [ElementContentModel]) composition!: ElementContentModel[];
    @Field(() => String, { nullable: true, description: 'PROVISIONAL or FINAL' }) compositionStatus?: string;
    @Field(() => String, { nullable: true }) currentAssayId?: string;
    @Field(() => String, { nullable: true }) materialKind?: string;
    @Field(() => String, { nullable: true }) sourceCategory?: string;
    @Field(() => String, { nullable: true }) equipmentId?: string;
    @Field(() => String, { nullable: true }) receivedFromService?: string;
    @Field(() => String, { nullable: true }) producedByRunId?: string;
    @Field(() => String, { nullable: true }) outputRole?: string;
    @Field(() => String, { nullable: true }) refusalReason?: string;
    @Field() createdAt!: Date;
    @Field() updatedAt!: Date;
  }

  @ObjectType(n('RoleMass'))
  class RoleMassModel {
    @Field() role!: string;
    @Field() massKg!: string;
  }

  @ObjectType(n('ElementBalance'), {
    description: 'opening + inputs = outputs + closing + losses for one element, within the tolerance (kg)',
  })
  class ElementBalanceModel {
    @Field() element!: string;
    @Field() openingInventoryKg!: string;
    @Field() inputsKg!: string;
    @Field() outputsKg!: string;
    @Field(() => [RoleMassModel]) outputsByRole!: RoleMassModel[];
    @Field() closingInventoryKg!: string;
    @Field() lossesKg!: string;
    @Field() imbalanceKg!: string;
    @Field(() => String, { nullable: true }) relativeImbalance?: string;
    @Field() combinedUncertaintyKg!: string;
    @Field() toleranceKg!: string;
    @Field() closes!: boolean;
    @Field(() => [String]) unstatedBy!: string[];
  }

  @ObjectType(n('MassBalance'))
  class MassBalanceModel {
    @Field(() => [ElementBalanceModel]) elements!: ElementBalanceModel[];
    @Field() closes!: boolean;
    @Field() provisional!: boolean;
    @Field() coverageFactor!: string;
  }

  @ObjectType(n('ImbalanceOverride'))
  class OverrideModel {
    @Field() reason!: string;
    @Field() overriddenBy!: string;
    @Field() overriddenAt!: string;
    @Field(() => String, { nullable: true }) approvedBy?: string;
    @Field(() => String, { nullable: true }) approvedAt?: string;
  }

  @ObjectType(n('RunInput'))
  class RunInputModel {
    @Field() lotId!: string;
    @Field() kind!: string;
    @Field() netMassKg!: string;
  }

  @ObjectType(n('Movement'))
  class MovementModel {
    @Field() id!: string;
    @Field() lotId!: string;
    @Field({ description: 'INPUT, OPENING_INVENTORY, RETURN or SAMPLE' }) kind!: string;
    @Field() massKg!: string;
    @Field(() => String, { nullable: true }) sampleId?: string;
    @Field() recordedAt!: Date;
    @Field() recordedBy!: string;
  }

  @ObjectType(n('Output'))
  class OutputModel {
    @Field() id!: string;
    @Field() lotId!: string;
    @Field() role!: string;
    @Field({ description: 'As declared' }) massKg!: string;
    @Field() recordedAt!: Date;
  }

  @ObjectType(n('Loss'))
  class LossModel {
    @Field() id!: string;
    @Field() element!: string;
    @Field() massKg!: string;
    @Field(() => String, { nullable: true }) uncertaintyKg?: string;
    @Field() kind!: string;
    @Field(() => String, { nullable: true }) note?: string;
    @Field(() => String, { nullable: true }) supersededByCorrectionId?: string;
    @Field() recordedAt!: Date;
  }

  @ObjectType(n('RunCorrection'))
  class CorrectionModel {
    @Field() id!: string;
    @Field() reason!: string;
    @Field() changesJson!: string;
    @Field(() => MassBalanceModel) balanceBefore!: MassBalanceModel;
    @Field(() => MassBalanceModel) balanceAfter!: MassBalanceModel;
    @Field() recordedAt!: Date;
    @Field() recordedBy!: string;
  }

  @ObjectType(n('Run'))
  class RunModel {
    @Field() id!: string;
    @Field(() => String, { nullable: true }) externalId?: string;
    @Field() kind!: string;
    @Field(() => String, { nullable: true }) parametersJson?: string;
    @Field() equipmentId!: string;
    @Field() workOrder!: string;
    @Field({ description: 'PLANNED, STARTED, HELD, AWAITING_OVERRIDE_APPROVAL, COMPLETED or ABORTED' })
    status!: string;
    @Field(() => String, { nullable: true, description: 'PROVISIONAL or FINAL' }) completionBasis?: string;
    @Field(() => String, { nullable: true }) holdReason?: string;
    @Field(() => String, { nullable: true }) abortReason?: string;
    @Field(() => MassBalanceModel, { nullable: true }) balance?: MassBalanceModel;
    @Field(() => OverrideModel, { nullable: true }) override?: OverrideModel;
    @Field() plannedAt!: Date;
    @Field(() => Date, { nullable: true }) startedAt?: Date;
    @Field(() => Date, { nullable: true }) completedAt?: Date;
    @Field(() => Date, { nullable: true }) finalizedAt?: Date;
    @Field(() => Date, { nullable: true }) abortedAt?: Date;
    @Field(() => [RunInputModel]) inputs!: RunInputModel[];
    @Field(() => [MovementModel]) movements!: MovementModel[];
    @Field(() => [OutputModel]) outputs!: OutputModel[];
    @Field(() => [LossModel]) losses!: LossModel[];
    @Field(() => [CorrectionModel]) corrections!: CorrectionModel[];
  }

  @ObjectType(n('RunPage'))
  class RunPageModel {
    @Field(() => [RunModel]) items!: RunModel[];
    @Field(() => String, { nullable: true }) endCursor?: string;
    @Field() hasNextPage!: boolean;
  }

  @ObjectType(n('LotPage'))
  class LotPageModel {
    @Field(() => [LotModel]) items!: LotModel[];
    @Field(() => String, { nullable: true }) endCursor?: string;
    @Field() hasNextPage!: boolean;
  }

  @ObjectType(n('RunMutationPayload'))
  class PayloadModel {
    @Field(() => String, { nullable: true }) runId?: string;
    @Field(() => [String]) lotIds!: string[];
    @Field(() => [String]) recordIds!: string[];
    @Field({ description: 'True when an earlier request already did this; nothing was done again' })
    replayed!: boolean;
    @Field(() => RunModel, { nullable: true }) run?: RunModel;
    @Field(() => [LotModel]) lots!: LotModel[];
  }

  @InputType(n('MassInput'))
  class MassInputModel {
    @Field({ description: 'Decimal string, e.g. "800.5"' }) value!: string;
    @Field({ description: 'UN/CEFACT Rec 20: KGM, GRM, MGM, TNE' }) unit!: string;
  }

  @InputType(n('ElementContentInput'))
  class ElementContentInputModel {
    @Field() element!: string;
    @Field() value!: string;
    @Field(() => String, { nullable: true }) uncertainty?: string;
  }

  @InputType(n('CompositionInput'))
  class CompositionInputModel {
    @Field(() => String, { nullable: true, description: 'C62 (default), P1 (wt %), 59 (ppm), 61 (ppb)' })
    unit?: string;
    @Field(() => [ElementContentInputModel]) contents!: ElementContentInputModel[];
  }

  @InputType(n('PlanRunInput'))
  class PlanRunInputModel {
    @Field(() => String, { nullable: true, description: "The MES's own run id: known ids return the run" })
    externalId?: string;
    @Field() kind!: string;
    @Field() equipmentId!: string;
    @Field() workOrder!: string;
    @Field(() => String, {
      nullable: true,
      description: 'Run parameters as JSON text, checked by the service',
    })
    parametersJson?: string;
  }

  @InputType(n('RunRefInput'))
  class RunRefInputModel {
    @Field() runId!: string;
  }

  @InputType(n('RunReasonInput'))
  class RunReasonInputModel {
    @Field() runId!: string;
    @Field() reason!: string;
  }

  @InputType(n('TakeInputInput'))
  class TakeInputInputModel {
    @Field() runId!: string;
    @Field() lotId!: string;
    @Field(() => MassInputModel, { nullable: true, description: 'Default: all that remains' })
    mass?: MassInputModel;
  }

  @InputType(n('ReturnInputInput'))
  class ReturnInputInputModel {
    @Field() runId!: string;
    @Field() lotId!: string;
    @Field(() => MassInputModel) mass!: MassInputModel;
  }

  @InputType(n('DrawSampleInput'))
  class DrawSampleInputModel {
    @Field() runId!: string;
    @Field() lotId!: string;
    @Field() sampleId!: string;
    @Field(() => MassInputModel) mass!: MassInputModel;
  }

  @InputType(n('DeclareOutputInput'))
  class DeclareOutputInputModel {
    @Field() runId!: string;
    @Field(() => String, { nullable: true }) lotId?: string;
    @Field() lotCode!: string;
    @Field({ description: 'PRODUCT, BY_PRODUCT, RESIDUE or IN_PROCESS_INVENTORY' }) role!: string;
    @Field(() => MassInputModel) mass!: MassInputModel;
    @Field(() => CompositionInputModel) composition!: CompositionInputModel;
    @Field(() => String, { nullable: true, description: 'PROVISIONAL (default) or FINAL' })
    compositionStatus?: string;
    @Field(() => String, { nullable: true }) assayId?: string;
    @Field(() => String, { nullable: true }) equipmentId?: string;
    @Field(() => String, { nullable: true }) materialKind?: string;
  }

  @InputType(n('LossInput'))
  class LossInputModel {
    @Field() element!: string;
    @Field(() => MassInputModel) mass!: MassInputModel;
    @Field(() => MassInputModel, { nullable: true }) uncertainty?: MassInputModel;
    @Field({ description: 'OFF_GAS, SPILL, SAMPLE or OTHER' }) kind!: string;
    @Field(() => String, { nullable: true }) note?: string;
  }

  @InputType(n('RecordLossesInput'))
  class RecordLossesInputModel {
    @Field() runId!: string;
    @Field(() => [LossInputModel]) losses!: LossInputModel[];
  }

  @InputType(n('CompleteRunInput'))
  class CompleteRunInputModel {
    @Field() runId!: string;
    @Field(() => String, { nullable: true, description: 'Completes a run whose balance does not close' })
    overrideReason?: string;
  }

  @InputType(n('OutputCorrectionInput'))
  class OutputCorrectionInputModel {
    @Field() lotId!: string;
    @Field(() => MassInputModel, { nullable: true }) mass?: MassInputModel;
    @Field(() => CompositionInputModel, { nullable: true }) composition?: CompositionInputModel;
  }

  @InputType(n('CorrectRunInput'))
  class CorrectRunInputModel {
    @Field() runId!: string;
    @Field() reason!: string;
    @Field(() => [OutputCorrectionInputModel], { nullable: true }) outputs?: OutputCorrectionInputModel[];
    @Field(() => [LossInputModel], { nullable: true }) losses?: LossInputModel[];
    @Field(() => String, { nullable: true }) overrideReason?: string;
  }

  @InputType(n('ReceiveLotInput'))
  class ReceiveLotInputModel {
    @Field() lotId!: string;
    @Field() lotCode!: string;
    @Field({ description: 'MATERIAL, IN_PROCESS_INVENTORY or REAGENT' }) kind!: string;
    @Field(() => MassInputModel) mass!: MassInputModel;
    @Field(() => CompositionInputModel, { nullable: true }) composition?: CompositionInputModel;
    @Field(() => String, { nullable: true }) compositionStatus?: string;
    @Field(() => String, { nullable: true }) equipmentId?: string;
    @Field(() => String, { nullable: true }) description?: string;
  }

  @InputType(n('AcceptLotInput'))
  class AcceptLotInputModel {
    @Field() lotId!: string;
    @Field(() => MassInputModel, { nullable: true }) receivedMass?: MassInputModel;
  }

  @InputType(n('RefuseLotInput'))
  class RefuseLotInputModel {
    @Field() lotId!: string;
    @Field() reason!: string;
  }

  @InputType(n('RecordLotAssayInput'))
  class RecordLotAssayInputModel {
    @Field() lotId!: string;
    @Field() assayId!: string;
    @Field(() => CompositionInputModel) composition!: CompositionInputModel;
    @Field({ description: 'PROVISIONAL or FINAL' }) status!: string;
  }

  @InputType(n('HandOverLotInput'))
  class HandOverLotInputModel {
    @Field() lotId!: string;
    @Field({ description: 'The receiving service, e.g. separation' }) toService!: string;
  }

  return {
    LotModel,
    RunModel,
    RunPageModel,
    LotPageModel,
    MassBalanceModel,
    PayloadModel,
    PlanRunInputModel,
    RunRefInputModel,
    RunReasonInputModel,
    TakeInputInputModel,
    ReturnInputInputModel,
    DrawSampleInputModel,
    DeclareOutputInputModel,
    RecordLossesInputModel,
    CompleteRunInputModel,
    CorrectRunInputModel,
    ReceiveLotInputModel,
    AcceptLotInputModel,
    RefuseLotInputModel,
    RecordLotAssayInputModel,
    HandOverLotInputModel,
  };
}
