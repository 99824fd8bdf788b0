import 'reflect-metadata';
import { type DynamicModule, Module } from '@nestjs/common';
import { Directive, Field, ID, ObjectType, Query, Resolver } from '@nestjs/graphql';
import { Public } from '@rre/auth';
import { startInProcessSubgraph } from './in-process-subgraph';
import { PUBLIC_SUBGRAPH_OPTIONS } from './test-support/public-subgraph-options';

jest.setTimeout(60_000);

// What a service that forgets `registerIn` gets in the platform: not Nest's "Schema must contain
// uniquely named types", but which classes collide and what to do. (Its own file: Nest's type
// metadata is global, and these classes would break the other spec's subgraphs.)

@Module({})
class DispatchModule {
  static forRoot(): DynamicModule {
    return { module: DispatchModule, providers: [DispatchResolver] };
  }
}

@ObjectType('Crate', { registerIn: () => DispatchModule })
@Directive('@key(fields: "id")')
class DispatchedCrate {
  @Field(() => ID)
  id!: string;
}

@ObjectType('CrateList', { registerIn: () => DispatchModule })
class DispatchedCrates {
  @Field(() => [DispatchedCrate])
  items!: DispatchedCrate[];
}

// Registered nowhere, so generated for every subgraph of the process, DispatchModule's included.
@ObjectType('Crate')
@Directive('@key(fields: "id")')
export class StrayCrate {
  @Field(() => ID)
  id!: string;
}

// Registered nowhere, but refers to a class that belongs to DispatchModule, and to the stray one
// (which makes StrayCrate an orphan type of every subgraph, as LotEdge made intake's Lot).
@ObjectType('CrateReport')
export class CrateReport {
  @Field(() => DispatchedCrates)
  crates!: DispatchedCrates;
  @Field(() => StrayCrate, { nullable: true })
  stray?: StrayCrate;
}

@Resolver()
@Public()
class DispatchResolver {
  @Query(() => DispatchedCrates)
  crates(): DispatchedCrates {
    return { items: [] };
  }
}

@Module({})
class ReportingModule {
  static forRoot(): DynamicModule {
    return { module: ReportingModule, providers: [ReportingResolver] };
  }
}

@Resolver()
@Public()
class ReportingResolver {
  @Query(() => CrateReport)
  crateReport(): CrateReport {
    return { crates: { items: [] } };
  }
}

describe('a subgraph whose types collide with another service’s in the same process', () => {
  it('is refused with the classes that collide and what to do', async () => {
    await expect(
      startInProcessSubgraph({ name: 'dispatch', module: DispatchModule.forRoot() }, PUBLIC_SUBGRAPH_OPTIONS),
    ).rejects.toThrow(
      "subgraph dispatch: its GraphQL types collide with another subgraph's in this process:\n" +
        "- GraphQL type Crate is declared by DispatchedCrate (registerIn DispatchModule) and StrayCrate (no registerIn): give each its service module's registerIn",
    );
  });

  it('names a type that refers to a class registered in another module', async () => {
    await expect(
      startInProcessSubgraph(
        { name: 'reporting', module: ReportingModule.forRoot() },
        PUBLIC_SUBGRAPH_OPTIONS,
      ),
    ).rejects.toThrow(
      'GraphQL type CrateReport, class CrateReport (no registerIn), field crates refers to CrateList, class DispatchedCrates (registerIn DispatchModule), which this subgraph does not have: register CrateReport in DispatchModule too',
    );
  });
});
