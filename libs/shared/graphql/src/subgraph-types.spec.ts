import 'reflect-metadata';
import { type DynamicModule, Module } from '@nestjs/common';
import {
  Args,
  Directive,
  Field,
  ID,
  Int,
  ObjectType,
  Query,
  ResolveReference,
  Resolver,
} from '@nestjs/graphql';
import { Public } from '@rre/auth';
import { type InProcessSubgraph, startInProcessSubgraph } from './in-process-subgraph';
import { composeSupergraph } from './supergraph-composition';
import { subgraphTypeModules } from './subgraph-types';
import { PUBLIC_SUBGRAPH_OPTIONS } from './test-support/public-subgraph-options';

jest.setTimeout(60_000);

// Two services in one process, each with its own class for the entity `Parcel`, as intake and
// concentration each have one for `Lot`: each class is registered in its service's module.

@Module({})
class SortingModule {
  static forRoot(): DynamicModule {
    return { module: SortingModule, providers: [SortingResolver] };
  }
}

@Module({})
class WeighingModule {
  static forRoot(): DynamicModule {
    return { module: WeighingModule, providers: [WeighingResolver] };
  }
}

@ObjectType('Parcel', { registerIn: () => SortingModule })
@Directive('@key(fields: "id")')
class SortedParcel {
  @Field(() => ID)
  id!: string;
  @Field()
  bin!: string;
}

@ObjectType('Parcel', { registerIn: () => WeighingModule })
@Directive('@key(fields: "id")')
class WeighedParcel {
  @Field(() => ID)
  id!: string;
  @Field()
  massKg!: string;
}

// Types that refer to the entity, as LotEdge refers to intake's Lot: Nest adds every class a
// generated type refers to as an orphan type, so without registerIn each subgraph would get both Parcels.
@ObjectType('ParcelShelf', { registerIn: () => SortingModule })
class ParcelShelf {
  @Field(() => [SortedParcel])
  parcels!: SortedParcel[];
}

@ObjectType('WeighingTicket', { registerIn: () => WeighingModule })
export class WeighingTicket {
  @Field(() => WeighedParcel)
  parcel!: WeighedParcel;
}

@Resolver(() => SortedParcel)
@Public()
class SortingResolver {
  @Query(() => SortedParcel, { nullable: true })
  parcel(@Args('id', { type: () => ID }) id: string): SortedParcel {
    return { id, bin: 'B-7' };
  }

  @Query(() => ParcelShelf)
  shelf(): ParcelShelf {
    return { parcels: [] };
  }

  @ResolveReference()
  resolveReference(reference: { id: string }): SortedParcel {
    return { id: reference.id, bin: 'B-7' };
  }
}

@Resolver(() => WeighedParcel)
@Public()
class WeighingResolver {
  // No root field returns a Parcel here: only `_entities` does, as for concentration's Lot.
  @Query(() => Int)
  scales(): number {
    return 3;
  }

  @ResolveReference()
  resolveReference(reference: { id: string }): WeighedParcel {
    return { id: reference.id, massKg: `12.${reference.id.length}` };
  }
}

async function entities(subgraph: InProcessSubgraph, selection: string) {
  const result = await subgraph.dataSource.process({
    kind: 'INCOMING_OPERATION' as never,
    request: {
      query: `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Parcel { ${selection} } } }`,
      variables: { r: [{ __typename: 'Parcel', id: 'P-1' }] },
    },
    context: { req: { headers: {} } },
  } as never);
  return result;
}

describe('one process, several subgraphs that extend the same entity', () => {
  let sorting: InProcessSubgraph;
  let weighing: InProcessSubgraph;

  beforeAll(async () => {
    sorting = await startInProcessSubgraph(
      { name: 'sorting', module: SortingModule.forRoot() },
      PUBLIC_SUBGRAPH_OPTIONS,
    );
    weighing = await startInProcessSubgraph(
      { name: 'weighing', module: WeighingModule.forRoot() },
      PUBLIC_SUBGRAPH_OPTIONS,
    );
  });

  afterAll(async () => {
    await sorting?.close();
    await weighing?.close();
  });

  it("builds each subgraph's Parcel from its own class only, reachable or not from its root fields", () => {
    expect(sorting.sdl).toContain('type Parcel @key(fields: "id")');
    expect(sorting.sdl).toContain('bin: String!');
    expect(sorting.sdl).not.toContain('massKg');
    expect(weighing.sdl).toContain('type Parcel @key(fields: "id")');
    expect(weighing.sdl).toContain('massKg: String!');
    expect(weighing.sdl).not.toContain('bin');
    // Registered but reached by nothing: pruned (ownTypesOnly), as an unregistered type would be.
    expect(weighing.sdl).not.toContain('WeighingTicket');
  });

  it('composes one Parcel with the fields of both', () => {
    const composed = composeSupergraph([
      { name: 'sorting', url: 'http://sorting.invalid/graphql', sdl: sorting.sdl },
      { name: 'weighing', url: 'http://weighing.invalid/graphql', sdl: weighing.sdl },
    ]);
    expect(composed.apiSchemaSdl).toMatch(/type Parcel \{\s+bin: String!\s+id: ID!\s+massKg: String!\s+\}/);
  });

  it('resolves each entity reference with its own subgraph’s resolver', async () => {
    expect(await entities(sorting, 'id bin')).toEqual({ data: { _entities: [{ id: 'P-1', bin: 'B-7' }] } });
    expect(await entities(weighing, 'id massKg')).toEqual({
      data: { _entities: [{ id: 'P-1', massKg: '12.3' }] },
    });
  });

  it('names the service module and every module it imports as the modules whose types it has', () => {
    @Module({ imports: [WeighingModule] })
    class Inner {}
    const modules = subgraphTypeModules({ module: SortingModule, imports: [{ module: Inner }] });
    expect(modules).toEqual([SortingModule, Inner, WeighingModule]);
  });
});
