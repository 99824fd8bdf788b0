import {
  FragmentDefinitionNode,
  GraphQLError,
  Kind,
  SelectionSetNode,
  ValidationContext,
  ValidationRule,
} from 'graphql';
import { ErrorCode } from '../auth-errors';

export const DEFAULT_MAX_DEPTH = 12;

/**
 * A validation rule that refuses an operation whose fields nest deeper than `maxDepth`
 * (`{ a { b } }` has depth 2), following fragments. The error has `extensions.code =
 * 'QUERY_TOO_DEEP'` with `depth` and `maxDepth` (Apollo reports validation errors as
 * GRAPHQL_VALIDATION_FAILED; `createErrorFormatter` restores the code).
 *
 * Introspection (`__schema`, `__type`) is not counted unless `countIntrospection` is set: whether
 * it is allowed at all is the introspection setting's call, and graphql's own
 * MaxIntrospectionDepthRule (among the specified rules) bounds its recursion.
 */
export function depthLimitRule(
  maxDepth: number = DEFAULT_MAX_DEPTH,
  options: { countIntrospection?: boolean } = {},
): ValidationRule {
  const skip = options.countIntrospection
    ? () => false
    : (name: string) => name === '__schema' || name === '__type';
  if (!Number.isInteger(maxDepth) || maxDepth < 1)
    throw new Error('depthLimitRule: maxDepth must be a whole number ≥ 1');
  return (context: ValidationContext) => {
    const fragmentDepths = new Map<string, number>();
    return {
      OperationDefinition(operation) {
        const depth = selectionSetDepth(operation.selectionSet, { context, fragmentDepths, skip }, new Set());
        if (depth > maxDepth) {
          const name = operation.name ? `Operation "${operation.name.value}"` : 'The operation';
          context.reportError(
            new GraphQLError(`${name} nests ${depth} levels deep; the limit is ${maxDepth}`, {
              nodes: [operation],
              extensions: { code: ErrorCode.QUERY_TOO_DEEP, depth, maxDepth },
            }),
          );
        }
      },
    };
  };
}

interface Walk {
  context: ValidationContext;
  fragmentDepths: Map<string, number>;
  skip: (fieldName: string) => boolean;
}

function selectionSetDepth(selectionSet: SelectionSetNode, walk: Walk, visiting: Set<string>): number {
  let deepest = 0;
  for (const selection of selectionSet.selections) {
    let depth: number;
    switch (selection.kind) {
      case Kind.FIELD:
        if (walk.skip(selection.name.value)) depth = 0;
        else
          depth = selection.selectionSet ? 1 + selectionSetDepth(selection.selectionSet, walk, visiting) : 1;
        break;
      case Kind.INLINE_FRAGMENT:
        depth = selectionSetDepth(selection.selectionSet, walk, visiting);
        break;
      case Kind.FRAGMENT_SPREAD:
        depth = fragmentDepth(walk.context.getFragment(selection.name.value), walk, visiting);
        break;
    }
    deepest = Math.max(deepest, depth);
  }
  return deepest;
}

function fragmentDepth(
  fragment: FragmentDefinitionNode | null | undefined,
  walk: Walk,
  visiting: Set<string>,
): number {
  if (!fragment) return 0; // an unknown fragment: KnownFragmentNamesRule reports it
  const name = fragment.name.value;
  const known = walk.fragmentDepths.get(name);
  if (known !== undefined) return known;
  if (visiting.has(name)) return 0; // a cycle: NoFragmentCyclesRule reports it
  visiting.add(name);
  const depth = selectionSetDepth(fragment.selectionSet, walk, visiting);
  visiting.delete(name);
  walk.fragmentDepths.set(name, depth);
  return depth;
}
