import 'reflect-metadata';
import { type DynamicModule, Logger, Module } from '@nestjs/common';
import { Mutation, Resolver } from '@nestjs/graphql';
import { Public } from '@rre/auth';
import { GraphQLError } from 'graphql';
import { type InProcessSubgraph, startInProcessSubgraph } from './in-process-subgraph';
import { PUBLIC_SUBGRAPH_OPTIONS } from './test-support/public-subgraph-options';

jest.setTimeout(60_000);

@Resolver()
@Public()
class ScaleResolver {
  @Mutation(() => String)
  weigh(): string {
    throw new GraphQLError('massKg: got -1, must be above 0', {
      extensions: { code: 'INVALID_INPUT', field: 'massKg', value: '-1', rule: 'must be above 0' },
    });
  }

  @Mutation(() => String)
  calibrate(): string {
    throw new Error('scale driver crashed');
  }
}

@Module({})
class ScaleModule {
  static forRoot(): DynamicModule {
    return { module: ScaleModule, providers: [ScaleResolver] };
  }
}

async function mutate(subgraph: InProcessSubgraph, field: string) {
  return subgraph.dataSource.process({
    kind: 'INCOMING_OPERATION' as never,
    request: { query: `mutation { ${field} }` },
    context: { req: { headers: {} } },
  } as never);
}

describe('a refusal a resolver throws', () => {
  let subgraph: InProcessSubgraph;
  let nestErrors: jest.SpyInstance;

  beforeAll(async () => {
    subgraph = await startInProcessSubgraph(
      { name: 'scales', module: ScaleModule.forRoot() },
      PUBLIC_SUBGRAPH_OPTIONS,
    );
  });

  beforeEach(() => {
    nestErrors = jest.spyOn(Logger.prototype, 'error');
  });

  afterEach(() => nestErrors.mockRestore());

  afterAll(async () => {
    await subgraph?.close();
  });

  it('reaches the client with its code and extensions, and is not logged by Nest as a failure', async () => {
    const result = (await mutate(subgraph, 'weigh')) as {
      errors?: { extensions?: Record<string, unknown> }[];
    };
    expect(result.errors?.[0]?.extensions).toMatchObject({
      code: 'INVALID_INPUT',
      field: 'massKg',
      value: '-1',
      rule: 'must be above 0',
    });
    expect(nestErrors).not.toHaveBeenCalled();
  });

  it('while an internal error is still logged by Nest', async () => {
    const result = (await mutate(subgraph, 'calibrate')) as { errors?: unknown[] };
    expect(result.errors).toHaveLength(1);
    expect(nestErrors).toHaveBeenCalledTimes(1);
  });
});
