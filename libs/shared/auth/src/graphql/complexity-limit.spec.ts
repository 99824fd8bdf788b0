import { ApolloServer } from '@apollo/server';
import { parse } from 'graphql';
import { typeDefs, schema } from '../test-support/test-schema';
import { complexityLimitPlugin, queryComplexity } from './complexity-limit';

const lot = (id: string) => ({ id, mass: '1.000', parent: null, children: [] });
const resolvers = {
  Query: { lot: () => lot('1'), lots: () => [lot('1')], trace: () => ({ sources: [lot('2')] }) },
};

describe('complexity', () => {
  it('costs 1 per field, per-field weights, and multiplies selections by page size', () => {
    expect(queryComplexity(schema, parse('{ lot(id: "1") { id mass } }'), {})).toBe(3);
    expect(queryComplexity(schema, parse('{ lots(first: 10) { id mass } }'), {})).toBe(1 + 10 * 2);
    expect(
      queryComplexity(schema, parse('query Q($n: Int) { lots(first: $n) { id } }'), { variables: { n: 50 } }),
    ).toBe(51);
    expect(
      queryComplexity(schema, parse('{ trace(lotId: "1") { sources { id } } }'), {
        fieldCosts: { 'Query.trace': 50, 'Trace.sources': 10 },
      }),
    ).toBe(50 + 10 + 1);
  });

  describe('complexityLimitPlugin', () => {
    let server: ApolloServer;
    beforeAll(async () => {
      server = new ApolloServer({
        typeDefs,
        resolvers,
        plugins: [complexityLimitPlugin({ maximumComplexity: 100, fieldCosts: { 'Query.trace': 60 } })],
      });
      await server.start();
    });
    afterAll(() => server.stop());

    it('runs an operation within the limit', async () => {
      const response = await server.executeOperation({ query: '{ trace(lotId: "1") { sources { id } } }' });
      expect(response.body.kind === 'single' && response.body.singleResult.errors).toBeUndefined();
    });

    it('refuses an operation over the limit with QUERY_TOO_COMPLEX and HTTP 400', async () => {
      const response = await server.executeOperation({
        query: 'query Pages($n: Int) { trace(lotId: "1") { sources { id } } lots(first: $n) { id mass } }',
        variables: { n: 30 },
      });
      expect(response.http.status).toBe(400);
      expect(response.body.kind === 'single' && response.body.singleResult).toEqual({
        errors: [
          {
            message: 'The operation costs 123; the limit is 100',
            extensions: { code: 'QUERY_TOO_COMPLEX', complexity: 123, maxComplexity: 100 },
          },
        ],
      });
    });

    it('refuses variables that do not fit their types as BAD_USER_INPUT, not as a cost', async () => {
      const response = await server.executeOperation({
        query: 'query Pages($n: Int) { lots(first: $n) { id } }',
        variables: { n: 'thirty' },
      });
      expect(response.http.status).toBe(400);
      expect(response.body.kind === 'single' && response.body.singleResult).toEqual({
        errors: [
          {
            message:
              'Variable "$n" got invalid value "thirty"; Int cannot represent non-integer value: "thirty"',
            extensions: { code: 'BAD_USER_INPUT' },
          },
        ],
      });
    });
  });
});
