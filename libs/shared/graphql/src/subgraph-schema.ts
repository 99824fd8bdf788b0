import {
  type DefinitionNode,
  getNamedType,
  graphqlSync,
  type GraphQLNamedType,
  type GraphQLObjectType,
  GraphQLSchema,
  isInputObjectType,
  isInterfaceType,
  isObjectType,
  isUnionType,
  Kind,
  parse,
  print,
} from 'graphql';

/** The subgraph's SDL as `_service { sdl }` answers it: what the gateway composes. */
export function subgraphSdl(schema: GraphQLSchema): string {
  const result = graphqlSync({ schema, source: '{ _service { sdl } }' });
  const sdl = (result.data as { _service?: { sdl?: unknown } } | null | undefined)?._service?.sdl;
  if (result.errors?.length || typeof sdl !== 'string') {
    throw new Error(
      `the schema is not a subgraph: ${result.errors?.map((e) => e.message).join('; ') ?? 'no _service'}`,
    );
  }
  return sdl;
}

const TYPE_DEFINITIONS: readonly string[] = [
  Kind.OBJECT_TYPE_DEFINITION,
  Kind.OBJECT_TYPE_EXTENSION,
  Kind.INTERFACE_TYPE_DEFINITION,
  Kind.INTERFACE_TYPE_EXTENSION,
  Kind.UNION_TYPE_DEFINITION,
  Kind.UNION_TYPE_EXTENSION,
  Kind.ENUM_TYPE_DEFINITION,
  Kind.ENUM_TYPE_EXTENSION,
  Kind.INPUT_OBJECT_TYPE_DEFINITION,
  Kind.INPUT_OBJECT_TYPE_EXTENSION,
  Kind.SCALAR_TYPE_DEFINITION,
  Kind.SCALAR_TYPE_EXTENSION,
];

/**
 * Only the types this subgraph's operations and entities reach. NestJS builds a code-first schema
 * from every `@ObjectType` loaded in the process, so where several services run in one process
 * (the platform) each subgraph would otherwise carry the others' types, and composition would find
 * them "resolved" by every subgraph. Rewires `_service { sdl }` to the same, pruned, SDL.
 */
export function ownTypesOnly(schema: GraphQLSchema): GraphQLSchema {
  const fullSdl = subgraphSdl(schema);
  const own = reachableFromOwnFields(schema);
  const entity = schema.getType('_Entity');
  const query = schema.getQueryType();
  if (entity && isUnionType(entity) && query) {
    // Entities: those its own fields reach, and those it resolves by reference (`@ResolveReference`).
    const entities = entity.getTypes().filter((type) => own.has(type.name) || resolvesReferences(type));
    if (entities.length > 0) {
      (entity as unknown as { _types: GraphQLObjectType[] })._types = entities;
    } else {
      delete (query.getFields() as Record<string, unknown>)['_entities'];
    }
  }
  const pruned = new GraphQLSchema({ ...schema.toConfig(), types: [] });
  const kept = new Set(Object.keys(pruned.getTypeMap()));
  const document = parse(fullSdl);
  const definitions = document.definitions
    .filter(
      (definition: DefinitionNode) =>
        !TYPE_DEFINITIONS.includes(definition.kind) ||
        kept.has((definition as { name: { value: string } }).name.value),
    )
    .map((definition) => {
      if (definition.kind !== Kind.OBJECT_TYPE_DEFINITION && definition.kind !== Kind.OBJECT_TYPE_EXTENSION) {
        return definition;
      }
      const type = pruned.getType(definition.name.value);
      const fields = type && isObjectType(type) ? type.getFields() : {};
      return { ...definition, fields: definition.fields?.filter((field) => field.name.value in fields) };
    });
  const sdl = print({ ...document, definitions });
  const prunedQuery = pruned.getQueryType();
  const service = prunedQuery && isObjectType(prunedQuery) ? prunedQuery.getFields()['_service'] : undefined;
  if (service) service.resolve = () => ({ sdl });
  return pruned;
}

const FEDERATION_FIELDS = new Set(['_entities', '_service']);

function resolvesReferences(type: GraphQLObjectType): boolean {
  const apollo = (type.extensions as { apollo?: { subgraph?: { resolveReference?: unknown } } }).apollo;
  return typeof apollo?.subgraph?.resolveReference === 'function';
}

/** Names of the types the subgraph's own root fields (not `_entities`, `_service`) reach. */
function reachableFromOwnFields(schema: GraphQLSchema): Set<string> {
  const seen = new Set<string>();
  const visit = (type: GraphQLNamedType): void => {
    if (seen.has(type.name)) return;
    seen.add(type.name);
    if (isObjectType(type) || isInterfaceType(type)) {
      for (const field of Object.values(type.getFields())) {
        visit(getNamedType(field.type));
        for (const arg of field.args) visit(getNamedType(arg.type));
      }
      for (const implemented of type.getInterfaces()) visit(implemented);
      if (isInterfaceType(type)) for (const possible of schema.getPossibleTypes(type)) visit(possible);
    } else if (isUnionType(type)) {
      for (const member of type.getTypes()) visit(member);
    } else if (isInputObjectType(type)) {
      for (const field of Object.values(type.getFields())) visit(getNamedType(field.type));
    }
  };
  for (const root of [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()]) {
    if (!root) continue;
    seen.add(root.name);
    for (const [name, field] of Object.entries(root.getFields())) {
      if (FEDERATION_FIELDS.has(name)) continue;
      visit(getNamedType(field.type));
      for (const arg of field.args) visit(getNamedType(arg.type));
    }
  }
  return seen;
}
