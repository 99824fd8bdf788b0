import type { DynamicModule, Type } from '@nestjs/common';
import { TypeMetadataStorage } from '@nestjs/graphql';

// Why this file exists. @nestjs/graphql keeps every decorated type of the process in one global
// TypeMetadataStorage, and its schema builder generates a GraphQL type for each of them
// (TypeDefinitionsGenerator) and adds every class some generated type refers to as an orphan type
// (ObjectTypeDefinitionFactory → OrphanedReferenceRegistry → OrphanedTypesFactory). Where several
// subgraphs share a process (the platform), two services' classes named `Lot` therefore both land
// in each subgraph's schema: "Schema must contain uniquely named types but contains multiple types
// named "Lot"". Nest 13.4 lets a class say which module it belongs to (`registerIn`) and filters
// types by the GraphQL module's `include`, but only in GraphQLSchemaBuilder.build; the federation
// path (GraphQLFederationFactory.buildFederatedSchema) does not pass `include` on. It does spread
// `buildSchemaOptions` into the options GraphQLSchemaFactory.create reads `includeModules` from,
// which is how SubgraphModule hands the subgraph's modules to the filter.

/**
 * The Nest modules whose types a subgraph's schema is built from: its service module and every
 * module that one imports (recursively). A type declared with `registerIn: () => SomeModule` is
 * generated only for the subgraph whose modules include `SomeModule`; a type without `registerIn`
 * is generated for every subgraph of the process (and `ownTypesOnly` drops it where it is not reached).
 */
export function subgraphTypeModules(serviceModule: DynamicModule): Type[] {
  const modules: Type[] = [];
  const visit = (entry: unknown): void => {
    const module = moduleClassOf(entry);
    if (!module || modules.includes(module)) return;
    modules.push(module);
    const imports = (entry as Partial<DynamicModule>).imports ?? [];
    const declared = (Reflect.getMetadata('imports', module) as unknown[] | undefined) ?? [];
    for (const imported of [...imports, ...declared]) visit(imported);
  };
  visit(serviceModule);
  return modules;
}

/**
 * The object and interface types registered in these modules: the subgraph's schema has them even
 * where no root field reaches them, as an entity extension that only `_entities` returns (Nest's
 * schema otherwise has a type only where a root field or another type refers to it, and the
 * reference resolver of a type missing from it fails: "Lot" defined in resolvers, but not in schema).
 */
export function typesRegisteredIn(modules: readonly Type[]): Type[] {
  const types: TypeMetadata[] = [
    ...(TypeMetadataStorage.getObjectTypesMetadata() as TypeMetadata[]),
    ...(TypeMetadataStorage.getInterfacesMetadata() as TypeMetadata[]),
  ];
  return types
    .filter((type) => {
      const owner = registeredIn(type.registerIn);
      return owner !== undefined && modules.includes(owner);
    })
    .map((type) => type.target);
}

function moduleClassOf(entry: unknown): Type | undefined {
  if (typeof entry === 'function') return entry as Type;
  const module = (entry as Partial<DynamicModule> | null | undefined)?.module;
  return typeof module === 'function' ? module : undefined;
}

interface TypeMetadata {
  name: string;
  target: Type;
  registerIn?: unknown;
  properties?: { name: string; typeFn: () => unknown }[];
}

/**
 * What keeps these modules' subgraph from building, in words a developer can act on: two classes
 * that would both be generated under one GraphQL name, and a generated type whose field refers to
 * a class registered in another subgraph's module (Nest cannot generate that field). Reads Nest's
 * type metadata: call it after a schema build has loaded the field metadata (e.g. when it failed).
 */
export function subgraphTypeProblems(modules: readonly Type[]): string[] {
  const types: TypeMetadata[] = [
    ...(TypeMetadataStorage.getObjectTypesMetadata() as TypeMetadata[]),
    ...(TypeMetadataStorage.getInterfacesMetadata() as TypeMetadata[]),
    ...(TypeMetadataStorage.getInputTypesMetadata() as TypeMetadata[]),
  ];
  const ownerOf = (type: TypeMetadata): Type | undefined => registeredIn(type.registerIn);
  const generated = types.filter((type) => {
    const owner = ownerOf(type);
    return owner === undefined || modules.includes(owner);
  });
  const describe = (type: TypeMetadata) => {
    const owner = ownerOf(type);
    return `${type.target.name} (${owner ? `registerIn ${owner.name}` : 'no registerIn'})`;
  };
  const ownerName = (type: TypeMetadata) => ownerOf(type)?.name ?? 'its module';
  const problems: string[] = [];
  const byName = new Map<string, TypeMetadata[]>();
  for (const type of generated) byName.set(type.name, [...(byName.get(type.name) ?? []), type]);
  for (const [name, classes] of byName) {
    if (classes.length < 2) continue;
    problems.push(
      `GraphQL type ${name} is declared by ${classes.map(describe).join(' and ')}: give each its service module's registerIn`,
    );
  }
  const byTarget = new Map(types.map((type) => [type.target, type]));
  for (const type of generated) {
    for (const property of type.properties ?? []) {
      const target = referencedClass(property.typeFn);
      const referred = target && byTarget.get(target);
      if (!referred || generated.includes(referred)) continue;
      problems.push(
        `GraphQL type ${type.name}, class ${describe(type)}, field ${property.name} refers to ${referred.name}, class ${describe(referred)}, which this subgraph does not have: register ${type.target.name} in ${ownerName(referred)} too`,
      );
    }
  }
  return problems;
}

function registeredIn(registerIn: unknown): Type | undefined {
  if (typeof registerIn !== 'function') return undefined;
  // Nest's own rule (TypeMetadataStorage.resolveRegisterIn): a class is the module, else a function returning it.
  const isClass = (registerIn.prototype as { constructor?: unknown } | undefined)?.constructor === registerIn;
  return (isClass ? registerIn : (registerIn as () => unknown)()) as Type | undefined;
}

function referencedClass(typeFn: () => unknown): Type | undefined {
  let type: unknown;
  try {
    type = typeFn();
  } catch {
    return undefined;
  }
  while (Array.isArray(type)) type = type[0];
  return typeof type === 'function' ? (type as Type) : undefined;
}
