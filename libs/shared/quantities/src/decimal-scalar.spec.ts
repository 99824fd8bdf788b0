import Decimal from 'decimal.js';
import fc from 'fast-check';
import { graphql, GraphQLNonNull, GraphQLObjectType, GraphQLSchema, type ExecutionResult } from 'graphql';
import { DecimalScalar } from './decimal-scalar';
import { Mass } from './mass';
import { stoichiometricFactor } from './stoichiometry';
import { check, decimalTextArb } from './test-support/quantity.arbitraries';

const schema = new GraphQLSchema({
  query: new GraphQLObjectType({
    name: 'Query',
    fields: {
      triple: {
        type: DecimalScalar,
        args: { x: { type: new GraphQLNonNull(DecimalScalar) } },
        resolve: (_source: unknown, args: { x: Decimal }) => args.x.times('3'),
      },
      lotMassKg: { type: DecimalScalar, resolve: () => Mass.of('1250.125', 'GRM').valueIn('KGM') },
      tbFactor: { type: DecimalScalar, resolve: () => stoichiometricFactor('Tb').toDecimalPlaces(4) },
      floatFromResolver: { type: DecimalScalar, resolve: () => 0.1 + 0.2 },
    },
  }),
});

const run = (source: string, variableValues?: Record<string, unknown>): Promise<ExecutionResult> =>
  graphql({ schema, source, variableValues });

describe('Decimal GraphQL scalar', () => {
  it('is named Decimal and describes the string rule', () => {
    expect(DecimalScalar.name).toBe('Decimal');
    expect(DecimalScalar.description).toMatch(/string/);
  });

  it('reads string literals and variables exactly and answers with strings', async () => {
    expect(await run('{ triple(x: "0.1") }')).toEqual({ data: { triple: '0.3' } });
    expect(await run('query ($x: Decimal!) { triple(x: $x) }', { x: '-1.000000000000000000001' })).toEqual({
      data: { triple: '-3.000000000000000000003' },
    });
    expect(await run('{ lotMassKg tbFactor }')).toEqual({
      data: { lotMassKg: '1.250125', tbFactor: '0.8502' },
    });
  });

  it('refuses a number literal, telling the client to send a string', async () => {
    const result = await run('{ triple(x: 0.1) }');
    expect(result.data).toBeUndefined();
    expect(result.errors?.[0]?.message).toBe(
      'Decimal: got the number 0.1, must be a string such as "0.1": numbers pass through binary floating point and are refused',
    );
    expect((await run('{ triple(x: 3) }')).errors?.[0]?.message).toMatch(
      /^Decimal: got the number 3, must be a string such as "3"/,
    );
  });

  it('refuses a number in variables', async () => {
    const result = await run('query ($x: Decimal!) { triple(x: $x) }', { x: 0.1 });
    expect(result.errors?.[0]?.message).toMatch(
      /Decimal: got the number 0.1, must be a string such as "0.1"/,
    );
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
  });

  it.each(['1e3', '1.5E-2', '+1', '.5', '1,5', '', ' 1', 'NaN', 'Infinity', '0x1F'])(
    'refuses the string %j',
    async (text) => {
      const result = await run('query ($x: Decimal!) { triple(x: $x) }', { x: text });
      expect(result.errors?.[0]?.message).toMatch(/Decimal: got ".*", must be a plain decimal string/);
    },
  );

  it('refuses other literal kinds', async () => {
    expect((await run('{ triple(x: true) }')).errors?.[0]?.message).toMatch(
      /^Decimal: got true, must be a decimal string/,
    );
    expect(
      (await run('query ($x: Decimal!) { triple(x: $x) }', { x: { v: '1' } })).errors?.[0]?.message,
    ).toMatch(/Decimal: got an object, must be a decimal string/);
  });

  it('refuses to send a binary float that a resolver computed', async () => {
    const result = await run('{ floatFromResolver }');
    expect(result.data).toEqual({ floatFromResolver: null });
    expect(result.errors?.[0]?.message).toMatch(
      /^Decimal cannot serialise the JS number 0.30000000000000004: resolvers must return a Decimal or a decimal string/,
    );
  });

  it('serialises Decimals of any configuration without exponent, and bigints', () => {
    expect(DecimalScalar.serialize(new Decimal('1e-12'))).toBe('0.000000000001');
    expect(DecimalScalar.serialize(new Decimal('-0'))).toBe('0');
    expect(DecimalScalar.serialize(12n)).toBe('12');
    expect(DecimalScalar.serialize('007.50')).toBe('7.5');
    expect(() => DecimalScalar.serialize(new Decimal(NaN))).toThrow('Decimal cannot represent NaN');
    expect(() => DecimalScalar.serialize('1e3')).toThrow('Decimal cannot represent "1e3"');
  });

  it('parses and serialises any decimal string to the same number (property)', () => {
    fc.assert(
      fc.property(decimalTextArb(40, 30, true), (text) => {
        const parsed = DecimalScalar.parseValue(text) as Decimal;
        const written = DecimalScalar.serialize(parsed) as string;
        check(new Decimal(written).equals(new Decimal(text)), () => `${text} came back as ${written}`);
        check(/^-?\d+(\.\d+)?$/.test(written), () => `${written} is not plain decimal text`);
      }),
      { numRuns: 2000 },
    );
  });
});
