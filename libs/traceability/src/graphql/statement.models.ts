import { Field, GraphQLISODateTime, ID, Int, ObjectType } from '@nestjs/graphql';
// A cycle (the module imports the resolver, which imports these types), read lazily by registerIn.
import { TraceabilityModule } from '../traceability.module';

const IN_TRACEABILITY_SUBGRAPH = { registerIn: () => TraceabilityModule } as const;

@ObjectType('RecycledContentCategory', {
  ...IN_TRACEABILITY_SUBGRAPH,
  description: "One category's part of an element's mass in the lot",
})
export class RecycledContentCategoryModel {
  @Field({
    description:
      'POST_CONSUMER (the CRMA Art. 29 figure), PRE_CONSUMER, PRIMARY or UNATTRIBUTED (not recycled)',
  })
  category!: string;
  @Field({ description: "Sum of the category's attributed masses, kg, 1 mg (the trace's one rounding)" })
  massKg!: string;
  @Field(() => String, {
    nullable: true,
    description:
      "Share of the element's mass (fraction of one): exact when it terminates within 12 places, else rounded half-even to 12; null when the lot's composition does not state the element",
  })
  share!: string | null;
  @Field(() => String, {
    nullable: true,
    description:
      'Standard uncertainty of the share from the assays (fraction of one, 6 places); null when no assay states one',
  })
  shareUncertainty!: string | null;
}

@ObjectType('RecycledContentElement', { ...IN_TRACEABILITY_SUBGRAPH })
export class RecycledContentElementModel {
  @Field()
  element!: string;
  @Field({
    description: "Whether the lot's current composition states the element (else unknown, reported 0)",
  })
  stated!: boolean;
  @Field({
    description: "The lot's element mass, kg, rounded half-even to 1 mg; the categories sum to it exactly",
  })
  massKg!: string;
  @Field(() => Int, {
    description:
      'Lots whose fraction of the element enters the shares with no stated uncertainty (counted exact)',
  })
  lotsWithoutUncertainty!: number;
  @Field(() => [RecycledContentCategoryModel])
  categories!: RecycledContentCategoryModel[];
}

@ObjectType('RecycledContentCountryShare', { ...IN_TRACEABILITY_SUBGRAPH })
export class RecycledContentCountryShareModel {
  @Field(() => String, {
    nullable: true,
    description: "ISO 3166-1 alpha-2 of the sources' country of origin; null: unknown or unattributed",
  })
  country!: string | null;
  @Field()
  element!: string;
  @Field({ description: 'kg, 1 mg' })
  massKg!: string;
  @Field({ description: 'Fraction of one, 12 places' })
  share!: string;
}

@ObjectType('RecycledContentStatement', {
  ...IN_TRACEABILITY_SUBGRAPH,
  description:
    "A lot's recycled content per element and category, from the physical allocation through its genealogy",
})
export class RecycledContentStatementModel {
  @Field(() => ID, { nullable: true, description: 'Set for a frozen statement' })
  statementId?: string;
  @Field(() => String, { nullable: true, description: 'The shipment a frozen statement was issued for' })
  shipmentId?: string | null;
  @Field(() => GraphQLISODateTime, { nullable: true })
  issuedAt?: Date;
  @Field(() => Int, {
    nullable: true,
    description:
      "A frozen statement's configuration version in force when issued (traceabilityConfigurationVersions)",
  })
  configurationVersion?: number | null;
  @Field(() => String, {
    nullable: true,
    description:
      "A frozen statement's evidence pack (ZIP), a path on the traceability service: GET with a bearer token, auditors and admins",
  })
  evidencePackUrl?: string | null;
  @Field(() => ID)
  lotId!: string;
  @Field(() => String, { nullable: true })
  lotCode?: string | null;
  @Field({ description: 'e.g. physical-allocation/1' })
  methodVersion!: string;
  @Field()
  chainOfCustodyModel!: string;
  @Field()
  roundingRule!: string;
  @Field()
  uncertaintyMethod!: string;
  @Field()
  carbonFootprintMethod!: string;
  @Field(() => [RecycledContentElementModel])
  elements!: RecycledContentElementModel[];
  @Field(() => [RecycledContentCountryShareModel])
  countriesOfOrigin!: RecycledContentCountryShareModel[];
  @Field(() => String, {
    nullable: true,
    description: 'kg CO2e per kg of the lot, 6 places; null when no run upstream recorded its emissions',
  })
  co2eKgPerKg!: string | null;
  @Field(() => [ID], { description: 'Runs upstream that recorded no emissions (counted as zero)' })
  runsWithoutEmissions!: string[];
  @Field({ description: "SHA-256 (hex) of the canonical JSON of the statement's inputs" })
  inputsSha256!: string;
}

@ObjectType('CarbonFootprint', { ...IN_TRACEABILITY_SUBGRAPH })
export class CarbonFootprintModel {
  @Field(() => ID)
  lotId!: string;
  @Field(() => String, {
    nullable: true,
    description: 'kg CO2e per kg, 6 places; null when no run upstream recorded its emissions',
  })
  co2eKgPerKg!: string | null;
  @Field({ description: 'kg CO2e per kg, exact when it terminates within 30 places' })
  exactCo2eKgPerKg!: string;
  @Field(() => [ID])
  runsWithEmissions!: string[];
  @Field(() => [ID])
  runsWithoutEmissions!: string[];
  @Field()
  method!: string;
}
