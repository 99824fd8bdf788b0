import { Field, GraphQLISODateTime, ID, Int, ObjectType } from '@nestjs/graphql';
import { ActorModel } from './quantity.model';

@ObjectType('LotDocument', { description: 'One version of a document of a lot; its bytes at downloadPath' })
export class LotDocumentModel {
  @Field(() => ID)
  id!: string;

  @Field()
  name!: string;

  @Field(() => Int)
  version!: number;

  @Field({ description: 'CERTIFICATE, PHOTO, LAB_REPORT, MANIFEST_COPY or OTHER' })
  kind!: string;

  @Field()
  mediaType!: string;

  @Field({ description: 'SHA-256 of the bytes, hex' })
  sha256!: string;

  @Field(() => Int)
  sizeBytes!: number;

  @Field(() => GraphQLISODateTime)
  uploadedAt!: Date;

  @Field(() => ActorModel)
  uploadedBy!: ActorModel;

  @Field({ description: 'GET it with the same bearer token: /intake/documents/<id>' })
  downloadPath!: string;
}
