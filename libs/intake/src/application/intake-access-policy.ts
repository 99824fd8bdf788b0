import type { IntakeCaller } from './intake-caller';
import { IntakeError } from '../domain/intake-error';

/** The mutations of intake, by the name clients know them under. */
export const IntakeMutation = {
  REGISTER_LOT: 'registerLot',
  RECORD_ASSAY: 'recordAssay',
  SCREEN_LOT: 'screenLot',
  RELEASE_LOT: 'releaseLot',
  REJECT_LOT: 'rejectLot',
  APPROVE_LOT_DECISION: 'approveLotDecision',
  WITHDRAW_LOT_DECISION: 'withdrawLotDecision',
  TRANSFER_LOT: 'transferLot',
  ACCEPT_LOT_TRANSFER: 'acceptLotTransfer',
  REFUSE_LOT_TRANSFER: 'refuseLotTransfer',
  CORRECT_LOT: 'correctLot',
  RECORD_MANIFEST_SLIP_RETURN: 'recordManifestSlipReturn',
  RECORD_MANIFEST_REPORT: 'recordManifestReport',
  UPLOAD_LOT_DOCUMENT: 'uploadLotDocument',
  IMPORT_LOTS: 'importLots',
} as const;
export type IntakeMutation = (typeof IntakeMutation)[keyof typeof IntakeMutation];

/**
 * Who may do what. Recyclers register and correct their own organisation's lots; the lab records
 * assays and screenings and releases or rejects; the receiving step (operators) answers a hand-over,
 * which is its act, not an edit of intake's records; admins may do everything; auditors read
 * everything and change nothing, whatever other roles they hold.
 */
const MAY_CALL: Readonly<Record<IntakeMutation, readonly string[]>> = {
  registerLot: ['recycler', 'admin'],
  recordAssay: ['lab', 'admin'],
  screenLot: ['lab', 'admin'],
  releaseLot: ['lab', 'admin'],
  rejectLot: ['lab', 'admin'],
  approveLotDecision: ['lab', 'admin'],
  // Those who may propose a decision; only its proposer or an admin may withdraw a given one.
  withdrawLotDecision: ['lab', 'admin'],
  transferLot: ['lab', 'admin'],
  acceptLotTransfer: ['operator', 'admin'],
  refuseLotTransfer: ['operator', 'admin'],
  correctLot: ['recycler', 'lab', 'admin'],
  // The issuer (recycler) receives its slips back; the plant's own reports are office work.
  recordManifestSlipReturn: ['recycler', 'admin'],
  recordManifestReport: ['admin'],
  uploadLotDocument: ['recycler', 'lab', 'admin'],
  importLots: ['recycler', 'admin'],
};

/** The roles that may call `mutation` (what the GraphQL layer's @Roles states too). */
export function rolesAllowedTo(mutation: IntakeMutation): readonly string[] {
  return MAY_CALL[mutation];
}

export const LOT_READERS: readonly string[] = ['recycler', 'lab', 'operator', 'auditor', 'admin'];
const READERS = LOT_READERS;
/** Plant roles that read every organisation's lots (the lab has to, to assay them). */
const ALL_ORGANISATION_READERS = ['lab', 'operator', 'auditor', 'admin'];
/** Roles that change lots of any organisation (within what MAY_CALL allows them). */
const ALL_ORGANISATION_WRITERS = ['lab', 'operator', 'admin'];

function forbidden(rule: string, caller: IntakeCaller, field = 'caller'): IntakeError {
  return new IntakeError({
    code: 'FORBIDDEN',
    field,
    value: `${caller.subject} (${caller.roles.join(', ') || 'no roles'})`,
    rule,
  });
}

export function assertMayCall(caller: IntakeCaller, mutation: IntakeMutation): void {
  if (caller.roles.includes('auditor'))
    throw forbidden('auditors read everything and change nothing', caller);
  const allowed = MAY_CALL[mutation];
  if (!caller.roles.some((role) => allowed.includes(role))) {
    throw forbidden(`${mutation} requires one of the roles ${allowed.join(', ')}`, caller);
  }
}

/** Throws FORBIDDEN unless the caller may change lots of `organisationId` (its own, or any for plant roles). */
export function assertMayWriteFor(
  caller: IntakeCaller,
  organisationId: string,
  field = 'organisationId',
): void {
  if (caller.organisationId === organisationId) return;
  if (caller.roles.some((role) => ALL_ORGANISATION_WRITERS.includes(role))) return;
  throw forbidden(`may only change lots of its own organisation ${caller.organisationId}`, caller, field);
}

export function assertMayRead(caller: IntakeCaller): void {
  if (!caller.roles.some((role) => READERS.includes(role))) {
    throw forbidden(`reading lots requires one of the roles ${READERS.join(', ')}`, caller);
  }
}

/** Whether the caller may withdraw another person's pending decision (admins). */
export function mayWithdrawOthersDecisions(caller: IntakeCaller): boolean {
  return caller.roles.includes('admin');
}

/** Whether the caller may see lots of `organisationId`. */
export function mayRead(caller: IntakeCaller, organisationId: string): boolean {
  return (
    caller.organisationId === organisationId ||
    caller.roles.some((role) => ALL_ORGANISATION_READERS.includes(role))
  );
}

/** The organisation a list must be limited to (a recycler's own), or undefined for plant roles. */
export function readScope(caller: IntakeCaller): string | undefined {
  return caller.roles.some((role) => ALL_ORGANISATION_READERS.includes(role))
    ? undefined
    : caller.organisationId;
}
