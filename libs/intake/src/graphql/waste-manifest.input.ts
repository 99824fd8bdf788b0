import { Field, ID, InputType } from '@nestjs/graphql';
import { ManifestForm, ManifestReportKind, ManifestSlip } from './intake-enums.graphql';

@InputType('WasteManifestInput')
export class WasteManifestInput {
  @Field({ description: '1-20 letters, digits or hyphens; an electronic manifest has 11 digits' })
  number!: string;

  @Field({
    nullable: true,
    description: 'Organisation id of the issuer; default the delivering organisation',
  })
  issuerId?: string;

  @Field({ description: 'Waste type as the manifest states it, e.g. 金属くず' })
  wasteType!: string;

  @Field(() => ManifestForm)
  form!: ManifestForm;

  @Field({
    nullable: true,
    description: 'Specially controlled industrial waste (60-day slips); default false',
  })
  speciallyControlled?: boolean;

  @Field({ description: 'YYYY-MM-DD' })
  issuedOn!: string;
}

@InputType('RecordManifestSlipReturnInput')
export class RecordManifestSlipReturnInput {
  @Field(() => ID)
  lotId!: string;

  @Field(() => ManifestSlip)
  slip!: ManifestSlip;

  @Field({ description: 'YYYY-MM-DD' })
  returnedOn!: string;
}

@InputType('RecordManifestReportInput')
export class RecordManifestReportInput {
  @Field(() => ID)
  lotId!: string;

  @Field(() => ManifestReportKind)
  kind!: ManifestReportKind;

  @Field({ description: 'When the stage ended, YYYY-MM-DD' })
  completedOn!: string;

  @Field({ description: 'When the plant sent the slip or reported to JWNET, YYYY-MM-DD' })
  sentOn!: string;
}
