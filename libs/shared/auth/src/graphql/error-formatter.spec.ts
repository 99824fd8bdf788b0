import { ApolloServer } from '@apollo/server';
import { capturingLogger } from '../test-support/auth-fixtures';
import { nestedQuery, typeDefs } from '../test-support/test-schema';
import { ForbiddenError } from '../auth-errors';
import { depthLimitRule } from './depth-limit';
import { createErrorFormatter } from './error-formatter';

class QueryFailedError extends Error {
  query = 'SELECT * FROM intake.lots WHERE organisation_id = $1';
  parameters = ['org-a'];
  constructor() {
    super('relation "intake.lots" does not exist');
    this.name = 'QueryFailedError';
  }
}

describe('createErrorFormatter', () => {
  const { logger, lines } = capturingLogger();
  let server: ApolloServer;
  beforeAll(async () => {
    server = new ApolloServer({
      typeDefs,
      resolvers: {
        Query: {
          boom: () => {
            throw new QueryFailedError();
          },
          forbidden: () => {
            throw new ForbiddenError('may not read data of another organisation');
          },
        },
      },
      validationRules: [depthLimitRule(12)],
      formatError: createErrorFormatter({ logger, correlationId: () => 'corr-1' }),
      includeStacktraceInErrorResponses: true, // even then, nothing leaks
    });
    await server.start();
  });
  afterAll(() => server.stop());

  const errorsOf = async (query: string) => {
    const response = await server.executeOperation({ query });
    return response.body.kind === 'single' ? response.body.singleResult.errors : undefined;
  };

  it('hides an unexpected error behind a generic message and a correlation id that is logged', async () => {
    const errors = await errorsOf('{ boom }');
    expect(errors).toEqual([
      {
        message: 'Internal server error',
        locations: [{ line: 1, column: 3 }],
        path: ['boom'],
        extensions: { code: 'INTERNAL_SERVER_ERROR', correlationId: 'corr-1' },
      },
    ]);
    expect(JSON.stringify(errors)).not.toMatch(/SELECT|intake\.lots|stacktrace|org-a/);
    const logged = lines.find((l) => l.correlationId === 'corr-1');
    expect(logged).toMatchObject({ level: 'error', error: { type: 'QueryFailedError' }, path: 'boom' });
    expect(logged?.error.message).toContain('intake.lots');
    expect(JSON.stringify(logged)).not.toContain('org-a'); // query parameters are not logged
  });

  it('passes client errors through without stack traces', async () => {
    expect(await errorsOf('{ forbidden }')).toEqual([
      {
        message: 'Forbidden: may not read data of another organisation',
        locations: [{ line: 1, column: 3 }],
        path: ['forbidden'],
        extensions: { code: 'FORBIDDEN' },
      },
    ]);
    const [invalid] = (await errorsOf('{ nonsense }')) ?? [];
    expect(invalid).toEqual({
      message: 'Cannot query field "nonsense" on type "Query".',
      locations: [{ line: 1, column: 3 }],
      extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
    });
  });

  it('restores QUERY_TOO_DEEP, which Apollo reports as a validation failure', async () => {
    const [error] = (await errorsOf(nestedQuery(30))) ?? [];
    expect(error.extensions).toEqual({ code: 'QUERY_TOO_DEEP', depth: 30, maxDepth: 12 });
  });
});
