import { getIntrospectionQuery, parse, specifiedRules, validate } from 'graphql';
import { nestedQuery, schema } from '../test-support/test-schema';
import { depthLimitRule } from './depth-limit';

const check = (query: string, maxDepth = 12) =>
  validate(schema, parse(query), [...specifiedRules, depthLimitRule(maxDepth)]);

describe('depthLimitRule', () => {
  it('accepts a query at the limit and refuses one level deeper', () => {
    expect(check(nestedQuery(12))).toEqual([]);
    const [error] = check(nestedQuery(13));
    expect(error.message).toBe('Operation "Deep" nests 13 levels deep; the limit is 12');
    expect(error.extensions).toEqual({ code: 'QUERY_TOO_DEEP', depth: 13, maxDepth: 12 });
  });

  it('refuses a depth-30 query with QUERY_TOO_DEEP', () => {
    const errors = check(nestedQuery(30));
    expect(errors).toHaveLength(1);
    expect(errors[0].extensions['code']).toBe('QUERY_TOO_DEEP');
    expect(errors[0].extensions['depth']).toBe(30);
  });

  it('counts the depth through fragments and inline fragments', () => {
    const query = `
      query { lot(id: "1") { ...A } }
      fragment A on Lot { parent { ... on Lot { ...B } } }
      fragment B on Lot { parent { parent { id } } }
    `;
    expect(check(query, 5)).toEqual([]);
    expect(check(query, 4)[0].extensions).toMatchObject({ code: 'QUERY_TOO_DEEP', depth: 5 });
  });

  it('does not loop on fragment cycles (the specified rules report them)', () => {
    const errors = check(`query { lot(id: "1") { ...A } } fragment A on Lot { parent { ...A } }`);
    expect(errors.map((e) => e.message)).toEqual(['Cannot spread fragment "A" within itself.']);
  });

  it('leaves introspection to its own rules unless asked to count it', () => {
    expect(check(getIntrospectionQuery())).toEqual([]);
    const counted = validate(schema, parse(getIntrospectionQuery()), [
      depthLimitRule(12, { countIntrospection: true }),
    ]);
    expect(counted[0].extensions).toMatchObject({ code: 'QUERY_TOO_DEEP' });
  });
});
