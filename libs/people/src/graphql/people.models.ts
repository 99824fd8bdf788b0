import { Field, InputType, ObjectType } from '@nestjs/graphql';

@ObjectType('Person', {
  description:
    'A directory entry: the name and contact details behind a pseudonymous subject id. Records and events carry only the subject id; after an erasure the entry stays, with erasedAt set and no personal data.',
})
export class PersonModel {
  @Field()
  organisationId!: string;
  @Field({ description: "The identity provider's pseudonymous subject id (the token's sub)" })
  subject!: string;
  @Field(() => String, { nullable: true, description: 'Null once erased' })
  displayName!: string | null;
  @Field(() => String, { nullable: true, description: 'Only the person and admins see it; null once erased' })
  email!: string | null;
  @Field(() => String, { nullable: true, description: 'Only the person and admins see it; null once erased' })
  phone!: string | null;
  @Field()
  updatedAt!: string;
  @Field(() => String, { nullable: true, description: 'When an admin erased the personal data (ISO 8601)' })
  erasedAt!: string | null;
  @Field({ description: 'True when the personal data was erased' })
  erased!: boolean;
}

@ObjectType('PersonPayload')
export class PersonPayloadModel {
  @Field(() => PersonModel)
  person!: PersonModel;
  @Field({ description: 'True when an earlier request with the same key and input did this already' })
  replayed!: boolean;
}

@ObjectType('ErasePersonPayload')
export class ErasePersonPayloadModel {
  @Field(() => PersonModel)
  person!: PersonModel;
  @Field({ description: 'True when the entry had been erased before: nothing changed' })
  alreadyErased!: boolean;
  @Field({ description: 'True when an earlier request with the same key and input did this already' })
  replayed!: boolean;
}

@InputType('UpdateMyProfileInput')
export class UpdateMyProfileInput {
  @Field({ description: '1 to 200 characters' })
  displayName!: string;
  @Field(() => String, { nullable: true, description: 'An e-mail address (name@example.com)' })
  email?: string | null;
  @Field(() => String, { nullable: true, description: 'A phone number, e.g. +81 3 1234 5678' })
  phone?: string | null;
}
