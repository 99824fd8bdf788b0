import { Field, ObjectType } from '@nestjs/graphql';
import { DecimalScalar } from '@rre/quantities';
import type Decimal from 'decimal.js';

@ObjectType('MassValue', {
  description: 'An exact mass: a decimal string and its UN/CEFACT Rec 20 unit code (KGM)',
})
export class MassValueModel {
  @Field(() => DecimalScalar)
  value!: Decimal;

  @Field({ description: 'UN/CEFACT Rec 20 unit code, e.g. KGM' })
  unit!: string;
}

@ObjectType('FractionValue', {
  description: 'An exact mass fraction in its unit: C62 (fraction), P1 (wt %), 59 (ppm), 61 (ppb)',
})
export class FractionValueModel {
  @Field(() => DecimalScalar)
  value!: Decimal;

  @Field()
  unit!: string;
}

@ObjectType('ActorRef', { description: 'Who acted: a pseudonymous subject id and its organisation' })
export class ActorModel {
  @Field()
  subject!: string;

  @Field()
  organisationId!: string;
}
