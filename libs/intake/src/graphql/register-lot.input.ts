import { Field, GraphQLISODateTime, InputType } from '@nestjs/graphql';
import { MaterialKind, MoistureBasis, SourceCategory } from './intake-enums.graphql';
import { ContainerLineInput, ElementContentInput, FractionInput, MassInput } from './quantity.input';
import { WasteManifestInput } from './waste-manifest.input';

@InputType('WeighingInput', {
  description: 'The weighbridge ticket; net, when given, must equal gross - tare',
})
export class WeighingInput {
  @Field()
  ticketNumber!: string;

  @Field()
  vehicle!: string;

  @Field()
  scale!: string;

  @Field(() => MassInput)
  gross!: MassInput;

  @Field(() => MassInput)
  tare!: MassInput;

  @Field(() => MassInput, { nullable: true })
  net?: MassInput;
}

@InputType('RegisterLotInput')
export class RegisterLotInput {
  @Field({ nullable: true, description: "The delivering organisation; default the caller's" })
  organisationId?: string;

  @Field()
  supplierSiteId!: string;

  @Field(() => MaterialKind)
  materialKind!: MaterialKind;

  @Field(() => SourceCategory)
  sourceCategory!: SourceCategory;

  @Field({ description: 'Reference of the document that evidences the source category' })
  sourceEvidenceRef!: string;

  @Field({ description: 'ISO 3166-1 alpha-2, e.g. JP' })
  countryOfOrigin!: string;

  @Field(() => MassInput)
  declaredMass!: MassInput;

  @Field(() => WeighingInput)
  weighing!: WeighingInput;

  @Field(() => FractionInput, { nullable: true })
  moistureFraction?: FractionInput;

  @Field(() => [ContainerLineInput], { nullable: true })
  containers?: ContainerLineInput[];

  @Field(() => GraphQLISODateTime)
  receivedAt!: Date;

  @Field(() => [ElementContentInput], { nullable: true })
  declaredComposition?: ElementContentInput[];

  @Field(() => MoistureBasis, { nullable: true, description: 'Default DRY' })
  declaredCompositionBasis?: MoistureBasis;

  @Field({ nullable: true, description: "The supplier's own delivery reference, unique per organisation" })
  externalRef?: string;

  @Field(() => WasteManifestInput, {
    nullable: true,
    description: 'The industrial-waste manifest; none for scrap bought as a valuable',
  })
  manifest?: WasteManifestInput;
}
