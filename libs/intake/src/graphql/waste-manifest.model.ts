import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { ManifestForm, ManifestReportKind, ManifestSlip } from './intake-enums.graphql';

@ObjectType('ManifestSlipStatus', {
  description: 'A return slip: due 90 days after issue (60 specially controlled), E 180',
})
export class ManifestSlipModel {
  @Field(() => ManifestSlip)
  slip!: ManifestSlip;

  @Field({ description: 'YYYY-MM-DD' })
  dueOn!: string;

  @Field({ nullable: true, description: 'YYYY-MM-DD' })
  returnedOn?: string;

  @Field({ description: 'Past its due date and not back' })
  overdue!: boolean;
}

@ObjectType('ManifestReport', {
  description: "The plant's report that a stage ended: due 10 days after (3 to JWNET)",
})
export class ManifestReportModel {
  @Field(() => ID)
  id!: string;

  @Field(() => ManifestReportKind)
  kind!: ManifestReportKind;

  @Field()
  completedOn!: string;

  @Field()
  dueOn!: string;

  @Field()
  sentOn!: string;

  @Field({ description: 'Sent after its due date' })
  late!: boolean;
}

@ObjectType('WasteManifest', { description: 'The industrial-waste manifest travelling with a lot' })
export class WasteManifestModel {
  @Field(() => ID)
  id!: string;

  @Field()
  number!: string;

  @Field({ description: 'Organisation id of the issuer (discharger)' })
  issuerId!: string;

  @Field()
  wasteType!: string;

  @Field(() => ManifestForm)
  form!: ManifestForm;

  @Field()
  speciallyControlled!: boolean;

  @Field({ description: 'YYYY-MM-DD' })
  issuedOn!: string;

  @Field(() => [ManifestSlipModel])
  slips!: ManifestSlipModel[];

  @Field(() => [ManifestReportModel])
  reports!: ManifestReportModel[];
}

@ObjectType('OverdueManifestSlip')
export class OverdueManifestSlipModel {
  @Field(() => ID)
  lotId!: string;

  @Field()
  lotCode!: string;

  @Field()
  organisationId!: string;

  @Field()
  manifestNumber!: string;

  @Field()
  issuerId!: string;

  @Field(() => ManifestSlip)
  slip!: ManifestSlip;

  @Field()
  dueOn!: string;

  @Field(() => Int)
  daysOverdue!: number;
}

@ObjectType('OverdueManifestSlips')
export class OverdueManifestSlipsModel {
  @Field({ description: 'The day the list is as of, YYYY-MM-DD' })
  asOf!: string;

  @Field(() => [OverdueManifestSlipModel])
  slips!: OverdueManifestSlipModel[];
}
