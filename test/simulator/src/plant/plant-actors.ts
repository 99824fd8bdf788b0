import type { Role } from '@rre/auth';

/** Who calls the platform: a subject of an organisation with roles, a person or a machine client. */
export interface PlantActor {
  /** Short name the plan uses, e.g. "lims" or "recycler:org-kanto-ev-recycling". */
  readonly name: string;
  readonly subject: string;
  readonly organisationId: string;
  readonly roles: readonly Role[];
  /** A client-credentials token (LIMS, MES): its own, larger rate budget. */
  readonly machine: boolean;
}

export const PLANT_ORGANISATION = 'org-plant';

/** The plant's lab information system: records assays, screens and hands lots over. */
export const LIMS: PlantActor = {
  name: 'lims',
  subject: 'lims-1',
  organisationId: PLANT_ORGANISATION,
  roles: ['lab'],
  machine: true,
};

/** The radiation-protection officer who releases or rejects quarantined lots (a person's decision). */
export const RADIATION_OFFICER: PlantActor = {
  name: 'radiation-officer',
  subject: 'usr-rpo-1',
  organisationId: PLANT_ORGANISATION,
  roles: ['lab'],
  machine: false,
};

/** The concentration line's MES: accepts hand-overs and drives leaching and adsorption runs. */
export const MES: PlantActor = {
  name: 'mes',
  subject: 'mes-concentration-1',
  organisationId: PLANT_ORGANISATION,
  roles: ['operator'],
  machine: true,
};

/** The separation line's MES: accepts concentrates, drives solvent extraction, precipitation and calcination, hands oxides on. */
export const SEPARATION_MES: PlantActor = {
  name: 'mes-separation',
  subject: 'mes-separation-1',
  organisationId: PLANT_ORGANISATION,
  roles: ['operator'],
  machine: true,
};

/** The reduction line's MES: accepts oxides, drives electrolysis batches and distillation, offers metal onward. */
export const REDUCTION_MES: PlantActor = {
  name: 'mes-reduction',
  subject: 'mes-reduction-1',
  organisationId: PLANT_ORGANISATION,
  roles: ['operator'],
  machine: true,
};

/** The plant's sales desk: accepts the metal offered to sales, enters customers' orders, allocates and ships. */
export const SALES_DESK: PlantActor = {
  name: 'sales-desk',
  subject: 'usr-sales-1',
  organisationId: PLANT_ORGANISATION,
  roles: ['sales'],
  machine: false,
};

/** The shift supervisor who overrides a run whose balance does not close (a person's decision). */
export const SHIFT_SUPERVISOR: PlantActor = {
  name: 'shift-supervisor',
  subject: 'usr-supervisor-1',
  organisationId: PLANT_ORGANISATION,
  roles: ['operator'],
  machine: false,
};

/** Reads the figures back for the summary and the accounts. */
export const AUDITOR: PlantActor = {
  name: 'auditor',
  subject: 'usr-auditor-1',
  organisationId: 'org-audit',
  roles: ['auditor'],
  machine: false,
};

export function recyclerActor(organisationId: string): PlantActor {
  return {
    name: `recycler:${organisationId}`,
    subject: `usr-intake-desk-${organisationId.replace(/^org-/, '')}`,
    organisationId,
    roles: ['recycler'],
    machine: false,
  };
}
