/** The roles of the platform. A token may carry several; unknown role names are ignored. */
export const ROLES = ['recycler', 'lab', 'operator', 'auditor', 'sales', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** `user`: a person signed in through the identity provider. `machine`: a client-credentials client (MES). */
export type ClientKind = 'user' | 'machine';

/**
 * Who is calling, as far as a verified token says. Only pseudonymous identifiers: the identity
 * provider's `sub` (or the client id of a machine client), never a name or contact detail, so that
 * the records and events that carry it need no erasure when a person's data is deleted.
 */
export interface Principal {
  /** Pseudonymous subject id: the token's `sub` (machine clients: `sub`, else the client id). */
  readonly subject: string;
  /** The organisation (tenant) the caller acts for. */
  readonly organisationId: string;
  /** Known roles of the caller, in the order of ROLES, without duplicates. */
  readonly roles: readonly Role[];
  readonly clientKind: ClientKind;
  /** The token's `jti`, if it has one (for audit; never the token itself). */
  readonly tokenId: string | undefined;
}

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/**
 * Parses role names (an array, or one string separated by spaces or commas). Unknown names throw,
 * naming the allowed roles; use it for trusted input such as CLI arguments.
 */
export function parseRoles(input: string | readonly string[]): Role[] {
  const names = (typeof input === 'string' ? [input] : input).flatMap((s) => s.split(/[\s,]+/));
  const roles = new Set<Role>();
  for (const name of names.filter((n) => n.length > 0)) {
    if (!isRole(name)) {
      throw new Error(`unknown role "${name}": must be one of ${ROLES.join(', ')}`);
    }
    roles.add(name);
  }
  return ROLES.filter((r) => roles.has(r));
}

/** The known roles among a claim's value (array or space/comma-separated string), in ROLES order. */
export function rolesFromClaim(value: unknown): Role[] {
  const names =
    typeof value === 'string'
      ? value.split(/[\s,]+/)
      : Array.isArray(value)
        ? value.filter((v): v is string => typeof v === 'string')
        : [];
  return ROLES.filter((r) => names.includes(r));
}

export function hasRole(principal: Principal, ...roles: Role[]): boolean {
  return principal.roles.some((r) => roles.includes(r));
}
