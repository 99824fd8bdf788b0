import { Roles, type Role } from '@rre/auth';
import { type IntakeMutation, LOT_READERS, rolesAllowedTo } from '../application/intake-access-policy';

function asRoles(names: readonly string[]): [Role, ...Role[]] {
  return names as [Role, ...Role[]];
}

/** @Roles of a mutation, from intake's access policy (which the application checks again). */
export const MayCall = (mutation: IntakeMutation) => Roles(...asRoles(rolesAllowedTo(mutation)));

/** @Roles of the lot queries: recyclers (own organisation only), lab, operators, auditors, admins. */
export const MayReadLots = () => Roles(...asRoles(LOT_READERS));
