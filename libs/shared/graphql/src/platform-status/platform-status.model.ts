import { Field, Int, ObjectType, registerEnumType } from '@nestjs/graphql';

export enum PlatformModeValue {
  EMBEDDED = 'embedded',
  SERVER = 'server',
  GATEWAY = 'gateway',
}
registerEnumType(PlatformModeValue, {
  name: 'PlatformMode',
  description:
    'EMBEDDED: one process on PGlite in DATA_DIR. SERVER: one process on the PostgreSQL at DATABASE_URL. ' +
    'GATEWAY: a gateway in front of service processes, each with its own database.',
});

@ObjectType('PlatformService', {
  description: 'A service module running in this process, with its own database schema.',
})
export class PlatformServiceModel {
  @Field()
  name!: string;

  @Field({ description: 'PostgreSQL schema that holds this service’s tables and its migrations table' })
  schema!: string;

  @Field(() => [String], { description: 'Migrations applied to the schema, oldest first' })
  migrations!: string[];
}

@ObjectType('Platform', { description: 'The process that serves this GraphQL endpoint.' })
export class PlatformModel {
  @Field()
  version!: string;

  @Field(() => PlatformModeValue)
  mode!: PlatformModeValue;

  @Field({
    description:
      'Where the data lives: the PGlite directory, or the database URL with its password masked (a gateway: none of its own)',
  })
  dataLocation!: string;

  @Field({ description: 'When this process started (RFC 3339)' })
  startedAt!: string;

  @Field({ description: 'Where events go: "embedded outbox log", or "kafka <brokers>"' })
  eventLog!: string;

  @Field(() => Int, {
    description: 'How many times the platform has started on this data, this start included (a gateway: 0)',
  })
  starts!: number;

  @Field(() => [PlatformServiceModel], {
    description:
      'The service modules in this process (a gateway runs none: its subgraphs are other processes)',
  })
  services!: PlatformServiceModel[];
}
