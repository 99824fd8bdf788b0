import type { Actor } from '../actor';
import type { Assay } from '../assay';
import { DEFAULT_INTAKE_POLICY, type IntakePolicy } from '../intake-policy';
import { elementComposition, type ElementContentInput } from '../intake-quantities';
import { Lot } from '../lot';
import { type RegisterLotRequest, validateRegistration } from '../lot-registration';
import { screenRadioactivity } from '../radioactivity-screening';
import type { Screening } from '../screening';

export const recycler: Actor = { subject: 'user-recycler-1', organisationId: 'org-recycler-a' };
export const labTech: Actor = { subject: 'user-lab-1', organisationId: 'org-plant' };
export const labLead: Actor = { subject: 'user-lab-2', organisationId: 'org-plant' };
export const receiver: Actor = { subject: 'svc-concentration', organisationId: 'org-plant' };

export const NOW = new Date('2026-03-02T09:30:00.000Z');

/** 1000 kg declared; weighbridge gross 1250.5 kg, tare 250.5 kg, net 1000 kg. */
export function registrationRequest(overrides: Partial<RegisterLotRequest> = {}): RegisterLotRequest {
  return {
    organisationId: recycler.organisationId,
    supplierSiteId: 'site-yard-1',
    materialKind: 'EV_MOTOR_MAGNET',
    sourceCategory: 'POST_CONSUMER',
    sourceEvidenceRef: 'doc-dismantling-cert-7',
    countryOfOrigin: 'JP',
    declaredMass: { value: '1000', unit: 'KGM' },
    weighing: {
      ticketNumber: 'WB-2026-0001',
      vehicle: '品川 100 あ 12-34',
      scale: 'weighbridge-1',
      gross: { value: '1250.5', unit: 'KGM' },
      tare: { value: '250.5', unit: 'KGM' },
    },
    containers: [{ kind: 'drum', count: 4 }],
    receivedAt: new Date('2026-03-02T08:00:00.000Z'),
    ...overrides,
  };
}

export function registeredLot(
  overrides: Partial<RegisterLotRequest> = {},
  policy: IntakePolicy = DEFAULT_INTAKE_POLICY,
): Lot {
  const validated = validateRegistration(registrationRequest(overrides), policy, NOW);
  return Lot.register({
    ...validated,
    id: '01JNLOT0000000000000000001',
    code: 'L-2026-00042',
    gs1Identifier: 'https://id.example/01/04012345000014/10/L-2026-00042',
    registeredAt: NOW,
    registeredBy: recycler,
  }).lot;
}

export function assayOf(
  lot: Lot,
  id: string,
  contents: readonly ElementContentInput[],
  reason = 'initial',
): Assay {
  return {
    id,
    lotId: lot.id,
    laboratoryId: 'org-plant',
    method: 'ICP_OES',
    sampleId: `S-${id}`,
    analysedAt: NOW,
    composition: elementComposition(contents, 'assay', DEFAULT_INTAKE_POLICY.compositionSumTolerance),
    moistureBasis: 'DRY',
    reason,
    recordedAt: NOW,
    recordedBy: labTech,
  };
}

export function screeningOf(lot: Lot, id: string, uraniumPpm: string, thoriumPpm: string): Screening {
  return {
    id,
    lotId: lot.id,
    assayId: undefined,
    result: screenRadioactivity(uraniumPpm, thoriumPpm),
    screenedAt: NOW,
    screenedBy: labTech,
  };
}
