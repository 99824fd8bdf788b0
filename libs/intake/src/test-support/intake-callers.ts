import type { IntakeCaller } from '../application/intake-caller';

export const recyclerA: IntakeCaller = {
  subject: 'usr-recycler-a1',
  organisationId: 'org-recycler-a',
  roles: ['recycler'],
};
export const recyclerB: IntakeCaller = {
  subject: 'usr-recycler-b1',
  organisationId: 'org-recycler-b',
  roles: ['recycler'],
};
export const labTech: IntakeCaller = { subject: 'usr-lab-1', organisationId: 'org-plant', roles: ['lab'] };
export const labLead: IntakeCaller = { subject: 'usr-lab-2', organisationId: 'org-plant', roles: ['lab'] };
export const operator: IntakeCaller = {
  subject: 'usr-operator-1',
  organisationId: 'org-plant',
  roles: ['operator'],
};
export const auditor: IntakeCaller = {
  subject: 'usr-auditor-1',
  organisationId: 'org-audit',
  roles: ['auditor'],
};
export const admin: IntakeCaller = { subject: 'usr-admin-1', organisationId: 'org-plant', roles: ['admin'] };
