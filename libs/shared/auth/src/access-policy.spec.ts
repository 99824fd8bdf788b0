import {
  assertCanAccessOrganisation,
  assertMayWrite,
  canAccessOrganisation,
  decideAccess,
  organisationScope,
} from './access-policy';
import { AuthenticationError, ForbiddenError } from './auth-errors';
import { Principal, Role, ROLES } from './principal';
import { capturingLogger } from './test-support/auth-fixtures';

const principal = (roles: Role[], organisationId = 'org-a'): Principal => ({
  subject: `s-${roles.join('-')}`,
  organisationId,
  roles,
  clientKind: 'user',
  tokenId: 'jti-1',
});

describe('decideAccess: roles x a read and a write', () => {
  // The read needs one of recycler, lab, operator, auditor; the write one of operator, admin,
  // auditor (auditors are listed on purpose: they must still be refused).
  const read = ['recycler', 'lab', 'operator', 'auditor'] as Role[];
  const write = ['operator', 'admin', 'auditor'] as Role[];
  const expected: Record<Role, [read: boolean, write: boolean]> = {
    recycler: [true, false],
    lab: [true, false],
    operator: [true, true],
    auditor: [true, false],
    sales: [false, false],
    admin: [false, true],
  };

  it('allows 4 of 6 roles to read and 2 of 6 to write (12 decisions)', () => {
    const outcomes = ROLES.map((role) => [
      decideAccess({ principal: principal([role]), isPublic: false, roles: read, access: 'read' }).allowed,
      decideAccess({ principal: principal([role]), isPublic: false, roles: write, access: 'write' }).allowed,
    ]);
    expect(Object.fromEntries(ROLES.map((r, i) => [r, outcomes[i]]))).toEqual(expected);
    expect(outcomes.flat().filter(Boolean)).toHaveLength(6);
  });

  it('denies by default when there is no decision, even to an admin', () => {
    expect(
      decideAccess({ principal: principal(['admin']), isPublic: false, roles: undefined, access: 'read' }),
    ).toEqual({
      allowed: false,
      code: 'FORBIDDEN',
      reason: 'no access decision (@Roles or @Public) for this operation: denied by default',
    });
  });

  it('requires a principal unless public', () => {
    expect(
      decideAccess({ principal: undefined, isPublic: false, roles: ['admin'], access: 'read' }),
    ).toMatchObject({
      allowed: false,
      code: 'UNAUTHENTICATED',
    });
    expect(
      decideAccess({ principal: undefined, isPublic: true, roles: undefined, access: 'write' }).allowed,
    ).toBe(true);
  });

  it('never lets an auditor write, even with another role', () => {
    expect(
      decideAccess({
        principal: principal(['auditor', 'admin']),
        isPublic: false,
        roles: ['admin'],
        access: 'write',
      }),
    ).toMatchObject({ allowed: false, reason: 'auditors never write' });
  });
});

describe('organisation isolation', () => {
  it('confines recyclers to their own organisation; plant staff reach all, auditors read all', () => {
    const table = ROLES.map((role) => {
      const p = principal([role], 'org-a');
      return [
        role,
        canAccessOrganisation(p, 'org-a', 'read'),
        canAccessOrganisation(p, 'org-a', 'write'),
        canAccessOrganisation(p, 'org-b', 'read'),
        canAccessOrganisation(p, 'org-b', 'write'),
      ];
    });
    expect(table).toEqual([
      //  role        own read, own write, other read, other write
      ['recycler', true, true, false, false],
      ['lab', true, true, true, true],
      ['operator', true, true, true, true],
      ['auditor', true, false, true, false],
      ['sales', true, true, true, true],
      ['admin', true, true, true, true],
    ]);
  });

  it('refuses and logs a cross-organisation read with who and what, never the token', () => {
    const { logger, lines } = capturingLogger();
    const recycler = principal(['recycler'], 'org-a');
    expect(() =>
      assertCanAccessOrganisation(recycler, 'org-b', {
        logger,
        attempt: { operationType: 'query', operationName: 'LotById', fieldPath: 'lot' },
      }),
    ).toThrow(ForbiddenError);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: 'warn',
      event: 'access_denied',
      code: 'FORBIDDEN',
      reason: 'may not read data of another organisation',
      subject: 's-recycler',
      organisationId: 'org-a',
      roles: ['recycler'],
      tokenId: 'jti-1',
      operationName: 'LotById',
      fieldPath: 'lot',
      targetOrganisationId: 'org-b',
      access: 'read',
    });
  });

  it('refuses and logs a cross-organisation write, and any auditor write', () => {
    const { logger, lines } = capturingLogger();
    expect(() =>
      assertCanAccessOrganisation(principal(['recycler'], 'org-a'), 'org-b', { access: 'write', logger }),
    ).toThrow('Forbidden: may not write data of another organisation');
    expect(() =>
      assertCanAccessOrganisation(principal(['auditor'], 'org-a'), 'org-a', { access: 'write', logger }),
    ).toThrow('Forbidden: auditors never write');
    expect(() => assertMayWrite(principal(['auditor']), { logger })).toThrow(
      'Forbidden: auditors never write',
    );
    expect(() => assertMayWrite(principal(['lab']), { logger })).not.toThrow();
    expect(lines.map((l) => [l.code, l.access, l.targetOrganisationId])).toEqual([
      ['FORBIDDEN', 'write', 'org-b'],
      ['FORBIDDEN', 'write', 'org-a'],
      ['FORBIDDEN', 'write', undefined],
    ]);
  });

  it('refuses a missing principal as unauthenticated', () => {
    const { logger } = capturingLogger();
    expect(() => assertCanAccessOrganisation(undefined, 'org-a', { logger })).toThrow(AuthenticationError);
  });

  it('scopes list queries to the own organisation for recyclers only', () => {
    expect(organisationScope(principal(['recycler'], 'org-a'))).toBe('org-a');
    expect(organisationScope(principal(['operator'], 'plant-1'))).toBeUndefined();
    expect(organisationScope(principal(['lab'], 'plant-1'))).toBeUndefined();
    expect(organisationScope(principal(['auditor'], 'org-x'))).toBeUndefined();
    expect(organisationScope(principal(['admin'], 'org-x'))).toBeUndefined();
  });
});
