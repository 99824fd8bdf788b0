import { IntakeError } from '../domain/intake-error';
import {
  assertMayCall,
  assertMayRead,
  assertMayWriteFor,
  IntakeMutation,
  mayRead,
  readScope,
  rolesAllowedTo,
} from './intake-access-policy';
import type { IntakeCaller } from './intake-caller';

const caller = (roles: string[], organisationId = 'org-plant'): IntakeCaller => ({
  subject: 'usr-1',
  organisationId,
  roles,
});
const refused = (work: () => void): string | undefined => {
  try {
    work();
  } catch (error) {
    if (error instanceof IntakeError) return `${error.code}: ${error.rule}`;
    throw error;
  }
  return undefined;
};

describe('intake access policy', () => {
  it('lets recyclers register and correct, the lab assay, screen, decide and hand over, operators answer hand-overs', () => {
    expect(rolesAllowedTo(IntakeMutation.REGISTER_LOT)).toEqual(['recycler', 'admin']);
    expect(rolesAllowedTo(IntakeMutation.SCREEN_LOT)).toEqual(['lab', 'admin']);
    expect(rolesAllowedTo(IntakeMutation.ACCEPT_LOT_TRANSFER)).toEqual(['operator', 'admin']);
    expect(
      refused(() => assertMayCall(caller(['recycler'], 'org-a'), IntakeMutation.REGISTER_LOT)),
    ).toBeUndefined();
    expect(refused(() => assertMayCall(caller(['lab']), IntakeMutation.RECORD_ASSAY))).toBeUndefined();
    expect(refused(() => assertMayCall(caller(['operator']), IntakeMutation.RECORD_ASSAY))).toBe(
      'FORBIDDEN: recordAssay requires one of the roles lab, admin',
    );
    expect(refused(() => assertMayCall(caller(['operator']), IntakeMutation.CORRECT_LOT))).toMatch(
      /^FORBIDDEN/,
    );
  });

  it('never lets an auditor change anything, even with another role', () => {
    expect(refused(() => assertMayCall(caller(['auditor', 'admin']), IntakeMutation.CORRECT_LOT))).toBe(
      'FORBIDDEN: auditors read everything and change nothing',
    );
  });

  it("keeps recyclers to their own organisation's lots; plant roles reach every organisation", () => {
    expect(refused(() => assertMayWriteFor(caller(['recycler'], 'org-a'), 'org-b'))).toBe(
      'FORBIDDEN: may only change lots of its own organisation org-a',
    );
    expect(refused(() => assertMayWriteFor(caller(['lab']), 'org-b'))).toBeUndefined();
    expect(mayRead(caller(['recycler'], 'org-a'), 'org-b')).toBe(false);
    expect(mayRead(caller(['auditor'], 'org-audit'), 'org-b')).toBe(true);
    expect(readScope(caller(['recycler'], 'org-a'))).toBe('org-a');
    expect(readScope(caller(['operator']))).toBeUndefined();
    expect(refused(() => assertMayRead(caller(['sales'])))).toMatch(/^FORBIDDEN: reading lots requires/);
  });
});
