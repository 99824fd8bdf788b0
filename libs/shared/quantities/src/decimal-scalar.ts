import Decimal from 'decimal.js';
import { GraphQLError, GraphQLScalarType, Kind, print, type ValueNode } from 'graphql';
import { DECIMAL_PATTERN, parseDecimal, toPlainString } from './exact-decimal';
import { describeValue, QuantityError } from './quantity-error';

const DESCRIPTION =
  'An exact decimal number, written as a JSON/GraphQL string such as "12.345" or "-0.5" ' +
  '(optional minus, digits, optional fraction; no exponent). Numbers are refused in input and never ' +
  'produced in output, so that no value passes through binary floating point.';

function inputError(message: string, rule: string, node?: ValueNode): GraphQLError {
  return new GraphQLError(message, { nodes: node, extensions: { code: 'BAD_USER_INPUT', rule } });
}

function parseDecimalText(value: string, node?: ValueNode): Decimal {
  try {
    return parseDecimal(value, 'Decimal');
  } catch (error: unknown) {
    if (error instanceof QuantityError) throw inputError(error.message, error.rule, node);
    throw error;
  }
}

function refuseNumber(text: string, node?: ValueNode): never {
  throw inputError(
    `Decimal: got the number ${text}, must be a string such as "${text}": numbers pass through binary floating point and are refused`,
    'must be a string',
    node,
  );
}

/**
 * The `Decimal` GraphQL scalar: serialises Decimals (and bigints, and already-valid decimal strings)
 * as plain decimal strings, and parses only strings matching `^-?\d+(\.\d+)?$` into Decimals of this
 * library's configuration. A JS number is refused both ways: in input (a literal `12.5` or a variable
 * `12.5`) with a BAD_USER_INPUT error telling the client to send `"12.5"`, and in output (a resolver
 * that computed a float) with an error, rather than silently sending a binary float to a client.
 */
export const DecimalScalar = new GraphQLScalarType<Decimal, string>({
  name: 'Decimal',
  description: DESCRIPTION,

  serialize(output: unknown): string {
    if (Decimal.isDecimal(output)) {
      if (!output.isFinite()) throw new GraphQLError(`Decimal cannot represent ${output.toString()}`);
      return toPlainString(output);
    }
    if (typeof output === 'bigint') return output.toString();
    if (typeof output === 'string' && DECIMAL_PATTERN.test(output)) {
      try {
        return toPlainString(parseDecimal(output, 'Decimal'));
      } catch (error: unknown) {
        if (error instanceof QuantityError)
          throw new GraphQLError(`Decimal cannot serialise: ${error.message}`);
        throw error;
      }
    }
    if (typeof output === 'number') {
      throw new GraphQLError(
        `Decimal cannot serialise the JS number ${String(output)}: resolvers must return a Decimal or a decimal string, never a binary float`,
      );
    }
    throw new GraphQLError(
      `Decimal cannot represent ${typeof output === 'string' ? JSON.stringify(output) : typeof output}`,
    );
  },

  parseValue(input: unknown): Decimal {
    if (typeof input === 'number') refuseNumber(String(input));
    if (typeof input !== 'string') {
      throw inputError(
        `Decimal: got ${describeValue(input)}, must be a decimal string such as "12.345"`,
        'must be a string',
      );
    }
    return parseDecimalText(input);
  },

  parseLiteral(node: ValueNode): Decimal {
    if (node.kind === Kind.STRING) return parseDecimalText(node.value, node);
    if (node.kind === Kind.INT || node.kind === Kind.FLOAT) refuseNumber(node.value, node);
    throw inputError(
      `Decimal: got ${print(node)}, must be a decimal string such as "12.345"`,
      'must be a string',
      node,
    );
  },
});
