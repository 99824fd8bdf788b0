import { AuthenticationError } from './auth-errors';
import { parseRoles, rolesFromClaim } from './principal';
import { principalFromClaims } from './token-verifier';

describe('roles', () => {
  it('parses role names from a list or a comma/space separated string, in a fixed order', () => {
    expect(parseRoles(['operator', 'recycler,lab'])).toEqual(['recycler', 'lab', 'operator']);
    expect(parseRoles('admin auditor admin')).toEqual(['auditor', 'admin']);
  });

  it('names the allowed roles when one is unknown', () => {
    expect(() => parseRoles(['recycler', 'superuser'])).toThrow(
      'unknown role "superuser": must be one of recycler, lab, operator, auditor, sales, admin',
    );
  });

  it('keeps only known roles of a claim', () => {
    expect(rolesFromClaim(['sales', 'offline_access', 42])).toEqual(['sales']);
    expect(rolesFromClaim('lab openid')).toEqual(['lab']);
    expect(rolesFromClaim(undefined)).toEqual([]);
  });
});

describe('principalFromClaims', () => {
  const base = { sub: 'u-1', org: 'org-a', roles: ['recycler'], jti: 't-1' };

  it('keeps pseudonymous ids only', () => {
    expect(
      principalFromClaims({ ...base, name: 'Alice', email: 'a@example.org', preferred_username: 'alice' }),
    ).toEqual({
      subject: 'u-1',
      organisationId: 'org-a',
      roles: ['recycler'],
      clientKind: 'user',
      tokenId: 't-1',
    });
  });

  it.each([
    ['gty client-credentials (Auth0, the token CLI)', { gty: 'client-credentials' }],
    ['idtyp app (Entra ID)', { idtyp: 'app' }],
    ['a client_id claim (Keycloak, RFC 9068)', { client_id: 'mes-1' }],
  ])('marks %s as a machine client', (_name, extra) => {
    expect(principalFromClaims({ ...base, ...extra }).clientKind).toBe('machine');
  });

  it('uses the client id of a machine token without sub', () => {
    const { sub: _sub, ...noSub } = base;
    expect(principalFromClaims({ ...noSub, azp: 'mes-line-2' })).toMatchObject({
      subject: 'mes-line-2',
      clientKind: 'machine',
    });
  });

  it('needs a subject and an organisation', () => {
    const { sub: _sub, ...noSub } = base;
    expect(() => principalFromClaims(noSub)).toThrow(AuthenticationError);
    expect(() => principalFromClaims({ ...base, org: '' })).toThrow(/lacks a required claim \(org\)/);
  });
});
