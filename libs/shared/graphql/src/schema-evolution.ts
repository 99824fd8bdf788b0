import {
  buildSchema,
  BreakingChangeType,
  findBreakingChanges,
  type GraphQLSchema,
  isInputObjectType,
  isInterfaceType,
  isObjectType,
} from 'graphql';

/** A published API schema: `schema/releases/<version>.graphql`. */
export interface ReleasedSchema {
  version: string;
  sdl: string;
}

/**
 * The deprecation policy: a field leaves the API only after it was deprecated in the last
 * `releasesDeprecated` releases (default 2). Every other breaking change is refused: add instead
 * (a new field, a new optional argument), deprecate, and remove later.
 * Returns what violates the policy, compared with the latest release; empty: compatible.
 */
export function schemaPolicyViolations(
  releases: readonly ReleasedSchema[],
  currentSdl: string,
  options: { releasesDeprecated?: number } = {},
): string[] {
  if (releases.length === 0) return [];
  const needed = options.releasesDeprecated ?? 2;
  const ordered = [...releases].sort((a, b) => compareVersions(a.version, b.version));
  const latest = ordered[ordered.length - 1];
  const schemas = ordered.map((r) => buildSchema(r.sdl));
  const violations: string[] = [];
  for (const change of findBreakingChanges(schemas[schemas.length - 1], buildSchema(currentSdl))) {
    if (change.type === BreakingChangeType.FIELD_REMOVED) {
      const [typeName, fieldName] = change.description.split(' ')[0].split('.');
      const recent = schemas.slice(-needed);
      const deprecatedThroughout =
        recent.length === needed && recent.every((s) => deprecationOf(s, typeName, fieldName) !== undefined);
      if (deprecatedThroughout) continue;
      violations.push(
        `${change.description}: a field may be removed only after it was deprecated in the last ${needed} releases (latest ${latest.version})`,
      );
      continue;
    }
    violations.push(`${change.type}: ${change.description} (against release ${latest.version})`);
  }
  return violations;
}

function deprecationOf(schema: GraphQLSchema, typeName: string, fieldName: string): string | undefined {
  const type = schema.getType(typeName);
  if (!type || !(isObjectType(type) || isInterfaceType(type) || isInputObjectType(type))) return undefined;
  const field = type.getFields()[fieldName] as { deprecationReason?: string | null } | undefined;
  return field?.deprecationReason ?? undefined;
}

function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}
