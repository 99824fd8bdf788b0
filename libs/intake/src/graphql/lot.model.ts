import { Directive, Field, GraphQLISODateTime, ID, ObjectType } from '@nestjs/graphql';
import { Custodian, LotStatus, MaterialKind, SourceCategory } from './intake-enums.graphql';
import {
  AssayModel,
  CompositionModel,
  ContainerLineModel,
  CustodyTransferModel,
  LotCorrectionModel,
  LotDecisionModel,
  MassCheckModel,
  ScreeningModel,
  WeighingModel,
} from './lot-parts.model';
import { ActorModel, FractionValueModel, MassValueModel } from './quantity.model';
import { WasteManifestModel } from './waste-manifest.model';
import { LotDocumentModel } from './lot-document.model';
// A cycle (the module imports the resolvers, which import these types), read lazily by registerIn.
import { IntakeModule } from '../intake.module';

/**
 * Intake's `Lot` and the types that refer to it belong to intake's subgraph only: another service's
 * `Lot` (its fields on the entity) is a different class of the same name in the same process.
 */
const IN_INTAKE_SUBGRAPH = { registerIn: () => IntakeModule } as const;

@ObjectType('LotFacts', { description: 'The facts a correction may change' })
export class LotFactsModel {
  @Field()
  supplierSiteId!: string;

  @Field(() => MaterialKind)
  materialKind!: MaterialKind;

  @Field(() => SourceCategory)
  sourceCategory!: SourceCategory;

  @Field({ description: 'ISO 3166-1 alpha-2' })
  countryOfOrigin!: string;

  @Field(() => MassValueModel)
  declaredMass!: MassValueModel;

  @Field(() => WeighingModel)
  weighing!: WeighingModel;

  @Field(() => FractionValueModel, { nullable: true })
  moistureFraction?: FractionValueModel;
}

// A federation entity: other subgraphs extend Lot by its id (a process service's runs, a trace).
@ObjectType('Lot', {
  ...IN_INTAKE_SUBGRAPH,
  description: 'A lot of scrap magnets or unused resources, as intake records it',
})
@Directive('@key(fields: "id")')
export class LotModel {
  @Field(() => ID, { description: 'ULID' })
  id!: string;

  @Field({ description: 'Human lot code, e.g. L-2026-00042' })
  code!: string;

  @Field({ description: 'GS1 Digital Link URI: <base>/01/<GTIN>/10/<lot code>' })
  gs1Identifier!: string;

  @Field({ description: 'The delivering organisation (recycler)' })
  organisationId!: string;

  @Field(() => LotFactsModel, { description: 'Current facts: as registered, with every correction applied' })
  facts!: LotFactsModel;

  @Field(() => LotFactsModel, { description: 'The facts as registered, before any correction' })
  registeredFacts!: LotFactsModel;

  @Field(() => MassCheckModel)
  massCheck!: MassCheckModel;

  @Field({ description: 'Reference of the document that evidences the source category' })
  sourceEvidenceRef!: string;

  @Field({ nullable: true, description: "The supplier's own delivery reference" })
  externalRef?: string;

  @Field(() => [ContainerLineModel])
  containers!: ContainerLineModel[];

  @Field(() => GraphQLISODateTime)
  receivedAt!: Date;

  @Field(() => CompositionModel, { nullable: true })
  declaredComposition?: CompositionModel;

  @Field(() => LotStatus)
  status!: LotStatus;

  @Field(() => Custodian)
  custodian!: Custodian;

  @Field(() => AssayModel, { nullable: true })
  currentAssay?: AssayModel;

  @Field({ nullable: true, description: 'Why the current assay is the current one' })
  currentAssayReason?: string;

  @Field(() => [AssayModel], { description: 'Every assay, in the order recorded' })
  assays!: AssayModel[];

  @Field(() => [ScreeningModel])
  screenings!: ScreeningModel[];

  @Field(() => [LotDecisionModel])
  decisions!: LotDecisionModel[];

  @Field(() => LotDecisionModel, { nullable: true, description: 'A decision waiting for a second approval' })
  pendingDecision?: LotDecisionModel;

  @Field(() => [CustodyTransferModel])
  transfers!: CustodyTransferModel[];

  @Field(() => [LotCorrectionModel])
  corrections!: LotCorrectionModel[];

  @Field(() => WasteManifestModel, { nullable: true })
  manifest?: WasteManifestModel;

  @Field(() => [LotDocumentModel], { description: 'Every version of every document, in upload order' })
  documents!: LotDocumentModel[];

  @Field(() => GraphQLISODateTime)
  registeredAt!: Date;

  @Field(() => ActorModel)
  registeredBy!: ActorModel;
}

@ObjectType('LotEdge', IN_INTAKE_SUBGRAPH)
export class LotEdgeModel {
  @Field()
  cursor!: string;

  @Field(() => LotModel)
  node!: LotModel;
}

@ObjectType('PageInfo')
export class PageInfoModel {
  @Field({ nullable: true })
  endCursor?: string;

  @Field()
  hasNextPage!: boolean;
}

@ObjectType('LotConnection', { ...IN_INTAKE_SUBGRAPH, description: 'Lots in (receivedAt, id) order' })
export class LotConnectionModel {
  @Field(() => [LotEdgeModel])
  edges!: LotEdgeModel[];

  @Field(() => PageInfoModel)
  pageInfo!: PageInfoModel;
}

@ObjectType('LotMutationPayload', IN_INTAKE_SUBGRAPH)
export class LotMutationPayloadModel {
  @Field(() => LotModel, { description: 'The lot as it is now' })
  lot!: LotModel;

  @Field(() => [ID], {
    description:
      'Ids of the records this mutation created (assay, screening, decision, transfer, corrections)',
  })
  recordIds!: string[];

  @Field({
    description:
      'True when an earlier request with the same idempotency key and input did this; nothing was done again',
  })
  replayed!: boolean;
}
