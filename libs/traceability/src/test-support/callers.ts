import type { Principal } from '@rre/auth';

/** A signed-in user with these roles in this organisation. */
export const principal = (
  roles: readonly string[],
  organisationId: string,
  subject = `usr-${organisationId}`,
): Principal =>
  ({
    subject,
    organisationId,
    roles,
    clientKind: 'user',
    tokenId: undefined,
  }) as unknown as Principal;
