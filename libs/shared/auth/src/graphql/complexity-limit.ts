import type { ApolloServerPlugin } from '@apollo/server';
import { DocumentNode, GraphQLError, GraphQLSchema } from 'graphql';
import { getVariableValues } from 'graphql/execution/values';
import { ComplexityEstimator, getComplexity } from 'graphql-query-complexity';
import { ErrorCode } from '../auth-errors';

export const DEFAULT_MAX_COMPLEXITY = 1000;

export interface ComplexityOptions {
  /** Highest estimated cost an operation may have. */
  maximumComplexity: number;
  /**
   * Cost of a field by `Type.field` (e.g. `{ 'Query.trace': 50 }`), before the cost of its
   * selections. Takes precedence over a `complexity` set on the field (Nest `@Field({ complexity })`).
   */
  fieldCosts?: Readonly<Record<string, number>>;
  /** Cost of any other field; default 1. */
  defaultCost?: number;
  /** Arguments whose number multiplies the cost of a list field's selections; default first, last, limit, take. */
  listSizeArguments?: readonly string[];
  /** Most fields an operation may have after fragments are expanded; default 10000. */
  maxQueryNodes?: number;
}

/**
 * Cost of one field: its weight (fieldCosts, else its `complexity` extension, else defaultCost)
 * plus the cost of its selections, multiplied by its page size argument (`first: 100` → ×100).
 */
export function complexityEstimator(
  options: Omit<ComplexityOptions, 'maximumComplexity'>,
): ComplexityEstimator {
  const costs = options.fieldCosts ?? {};
  const defaultCost = options.defaultCost ?? 1;
  const sizeArguments = options.listSizeArguments ?? ['first', 'last', 'limit', 'take'];
  return ({ type, field, args, childComplexity }) => {
    const extension = (field.extensions as { complexity?: unknown } | undefined)?.complexity;
    const weight =
      costs[`${type.name}.${field.name}`] ??
      (typeof extension === 'number' ? extension : undefined) ??
      defaultCost;
    const size = sizeArguments
      .map((name) => args[name])
      .find((v): v is number => typeof v === 'number' && v > 0);
    return weight + (size ?? 1) * childComplexity;
  };
}

/** The estimated cost of the operation `operationName` of `document` with `variables`. */
export function queryComplexity(
  schema: GraphQLSchema,
  document: DocumentNode,
  options: Omit<ComplexityOptions, 'maximumComplexity'> & {
    variables?: Record<string, unknown>;
    operationName?: string;
  },
): number {
  return getComplexity({
    schema,
    query: document,
    variables: options.variables,
    operationName: options.operationName,
    estimators: [complexityEstimator(options)],
    maxQueryNodes: options.maxQueryNodes,
  });
}

/**
 * An Apollo Server plugin that refuses (HTTP 400, `extensions.code = 'QUERY_TOO_COMPLEX'`) an
 * operation whose estimated cost exceeds `maximumComplexity`. It runs once the operation is known,
 * so the variables (page sizes) count.
 */
export function complexityLimitPlugin(options: ComplexityOptions): ApolloServerPlugin {
  const estimators = [complexityEstimator(options)];
  const max = options.maximumComplexity;
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document, schema, operation }) {
          // Variables that do not fit their types are the client's mistake, not a cost: say so as
          // execution would (BAD_USER_INPUT), before estimating anything.
          const coercion = getVariableValues(
            schema,
            operation?.variableDefinitions ?? [],
            request.variables ?? {},
          );
          if (coercion.errors?.length) throw badVariables(coercion.errors);
          let complexity: number;
          try {
            complexity = getComplexity({
              schema,
              query: document,
              variables: request.variables,
              operationName: request.operationName ?? undefined,
              estimators,
              maxQueryNodes: options.maxQueryNodes,
            });
          } catch (error) {
            throw tooComplex(`The operation is too large to estimate: ${(error as Error).message}`, max);
          }
          if (complexity > max) {
            throw tooComplex(`The operation costs ${complexity}; the limit is ${max}`, max, complexity);
          }
        },
      };
    },
  };
}

function badVariables(errors: readonly GraphQLError[]): GraphQLError {
  return new GraphQLError(errors.map((e) => e.message).join('; '), {
    extensions: { code: 'BAD_USER_INPUT', http: { status: 400 } },
  });
}

function tooComplex(message: string, maxComplexity: number, complexity?: number): GraphQLError {
  return new GraphQLError(message, {
    extensions: { code: ErrorCode.QUERY_TOO_COMPLEX, complexity, maxComplexity, http: { status: 400 } },
  });
}
