import { Field, InputType, Int } from '@nestjs/graphql';
import { DecimalScalar } from '@rre/quantities';
import type Decimal from 'decimal.js';

@InputType('MassInput')
export class MassInput {
  @Field(() => DecimalScalar, {
    description: 'Decimal string, e.g. "1250.5"; greater than zero, at most 1 mg resolution',
  })
  value!: Decimal;

  @Field({ description: 'UN/CEFACT Rec 20 mass unit: KGM, GRM, MGM or TNE' })
  unit!: string;
}

@InputType('FractionInput')
export class FractionInput {
  @Field(() => DecimalScalar)
  value!: Decimal;

  @Field({ description: 'C62 (fraction of one), P1 (percent), 59 (ppm) or 61 (ppb)' })
  unit!: string;
}

@InputType('ElementContentInput')
export class ElementContentInput {
  @Field({ description: 'Element symbol, case-sensitive: "Dy", "Tb", "Nd", "U", "Th"' })
  element!: string;

  @Field(() => DecimalScalar)
  value!: Decimal;

  @Field({ description: 'C62, P1, 59 (ppm) or 61 (ppb)' })
  unit!: string;

  @Field(() => DecimalScalar, { nullable: true, description: 'Absolute standard uncertainty, same unit' })
  uncertainty?: Decimal;
}

@InputType('ContainerLineInput')
export class ContainerLineInput {
  @Field({ description: 'e.g. drum, flexible IBC, pallet' })
  kind!: string;

  @Field(() => Int)
  count!: number;
}
