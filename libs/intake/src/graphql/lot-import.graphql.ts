import { Field, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { CsvEncoding } from '../application/import/csv-decoding';

registerEnumType(CsvEncoding, {
  name: 'CsvEncoding',
  description: 'UTF_8, SHIFT_JIS (as Excel writes CSV in Japan) or AUTO',
});

@InputType('ImportLotsInput')
export class ImportLotsInput {
  @Field({
    description: 'The CSV file, base64 (the GraphQL request size limit applies; use the CLI for large files)',
  })
  contentBase64!: string;

  @Field(() => CsvEncoding, { nullable: true, description: 'Default AUTO' })
  encoding?: CsvEncoding;

  @Field({ nullable: true, description: 'Validate only, write nothing; default false' })
  dryRun?: boolean;

  @Field({ nullable: true, description: 'Write nothing unless every row is valid; default true' })
  allOrNothing?: boolean;
}

@ObjectType('LotImportIssue', {
  description: 'A bad cell: line (1 is the header), column, value and the rule it breaks',
})
export class LotImportIssueModel {
  @Field(() => Int)
  line!: number;

  @Field()
  column!: string;

  @Field()
  value!: string;

  @Field()
  code!: string;

  @Field()
  rule!: string;
}

@ObjectType('LotImportRow')
export class LotImportRowModel {
  @Field(() => Int)
  line!: number;

  @Field({ nullable: true })
  externalRef?: string;

  @Field({
    description: 'CREATED, ALREADY_IMPORTED, VALID (dry run), INVALID or NOT_WRITTEN (all-or-nothing)',
  })
  status!: string;

  @Field({ nullable: true })
  lotId?: string;

  @Field({ nullable: true })
  lotCode?: string;
}

@ObjectType('LotImportReport')
export class LotImportReportModel {
  @Field({ description: 'The encoding the file was read in' })
  encoding!: string;

  @Field()
  dryRun!: boolean;

  @Field()
  allOrNothing!: boolean;

  @Field(() => Int)
  rowCount!: number;

  @Field(() => Int)
  createdCount!: number;

  @Field(() => Int)
  alreadyImportedCount!: number;

  @Field(() => Int)
  invalidCount!: number;

  @Field(() => [LotImportRowModel])
  rows!: LotImportRowModel[];

  @Field(() => [LotImportIssueModel])
  issues!: LotImportIssueModel[];
}
