import type { Actor } from './actor';
import { IntakeError } from './intake-error';
import { requiredText } from './weighing';

/** Paper manifest, or electronic (JWNET). */
export const ManifestForm = {
  PAPER: 'PAPER',
  ELECTRONIC: 'ELECTRONIC',
} as const;
export type ManifestForm = (typeof ManifestForm)[keyof typeof ManifestForm];

/**
 * The copies that come back to the issuer: B2 when transport ends, D when disposal ends, E when
 * final disposal ends.
 */
export const ManifestSlip = {
  B2: 'B2',
  D: 'D',
  E: 'E',
} as const;
export type ManifestSlip = (typeof ManifestSlip)[keyof typeof ManifestSlip];
export const MANIFEST_SLIPS = Object.values(ManifestSlip);

/** What the plant itself reports when a stage ends (returning the slip, or reporting to JWNET). */
export const ManifestReportKind = {
  TRANSPORT_COMPLETED: 'TRANSPORT_COMPLETED',
  DISPOSAL_COMPLETED: 'DISPOSAL_COMPLETED',
  FINAL_DISPOSAL_COMPLETED: 'FINAL_DISPOSAL_COMPLETED',
} as const;
export type ManifestReportKind = (typeof ManifestReportKind)[keyof typeof ManifestReportKind];

/** A calendar date, `YYYY-MM-DD` (manifest deadlines count days, not instants). */
export type CalendarDate = string & { readonly __brand: 'CalendarDate' };

export function parseCalendarDate(value: string, field: string): CalendarDate {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  const date = match
    ? new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])))
    : undefined;
  if (!date || date.toISOString().slice(0, 10) !== value) {
    throw new IntakeError({
      code: 'INVALID_INPUT',
      field,
      value: JSON.stringify(value),
      rule: 'must be a calendar date YYYY-MM-DD, e.g. 2026-03-02',
    });
  }
  return value as CalendarDate;
}

export function addDays(date: CalendarDate, days: number): CalendarDate {
  const [year, month, day] = date.split('-').map(Number);
  return new Date(Date.UTC(year, month - 1, day + days)).toISOString().slice(0, 10) as CalendarDate;
}

/** Days from `from` to `to` (positive when `to` is later). */
export function daysBetween(from: CalendarDate, to: CalendarDate): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/**
 * Days from issue within which a slip must come back: B2 and D 90 days (60 for specially controlled
 * industrial waste), E 180 days.
 */
export function slipDeadlineDays(slip: ManifestSlip, speciallyControlled: boolean): number {
  if (slip === 'E') return 180;
  return speciallyControlled ? 60 : 90;
}

/** Days after a stage ends within which the plant must report it: 10 on paper, 3 to JWNET. */
export function reportDeadlineDays(form: ManifestForm): number {
  return form === 'ELECTRONIC' ? 3 : 10;
}

export interface ManifestSlipRecord {
  readonly slip: ManifestSlip;
  readonly dueOn: CalendarDate;
  readonly returnedOn: CalendarDate | undefined;
  readonly recordedBy: Actor | undefined;
}

export interface ManifestReport {
  readonly id: string;
  readonly kind: ManifestReportKind;
  readonly completedOn: CalendarDate;
  readonly dueOn: CalendarDate;
  readonly sentOn: CalendarDate;
  readonly recordedBy: Actor;
  readonly recordedAt: Date;
}

/** A Japanese industrial-waste manifest travelling with a lot (optional: scrap bought as a valuable has none). */
export interface WasteManifest {
  readonly id: string;
  readonly number: string;
  /** Organisation id of the issuer (the discharger). */
  readonly issuerId: string;
  /** Waste type as the manifest states it, e.g. "金属くず" or "汚泥". */
  readonly wasteType: string;
  readonly form: ManifestForm;
  readonly speciallyControlled: boolean;
  readonly issuedOn: CalendarDate;
  readonly slips: readonly ManifestSlipRecord[];
  readonly reports: readonly ManifestReport[];
}

export interface WasteManifestRequest {
  readonly number: string;
  /** Default: the delivering organisation. */
  readonly issuerId?: string;
  readonly wasteType: string;
  readonly form: ManifestForm;
  readonly speciallyControlled?: boolean;
  readonly issuedOn: string;
}

const MANIFEST_NUMBER = /^[0-9A-Za-z-]{1,20}$/;

/** A new manifest with its slips' due dates: issued 2026-03-02, B2 and D are due 2026-05-31, E 2026-08-29. */
export function newWasteManifest(
  id: string,
  request: WasteManifestRequest,
  defaultIssuerId: string,
): WasteManifest {
  if (!MANIFEST_NUMBER.test(request.number)) {
    throw new IntakeError({
      code: 'INVALID_INPUT',
      field: 'manifest.number',
      value: JSON.stringify(request.number),
      rule: 'must be 1 to 20 letters, digits or hyphens (an electronic manifest number has 11 digits)',
    });
  }
  if (request.form === 'ELECTRONIC' && !/^\d{11}$/.test(request.number)) {
    throw new IntakeError({
      code: 'INVALID_INPUT',
      field: 'manifest.number',
      value: JSON.stringify(request.number),
      rule: 'must be the 11 digits JWNET assigned to an electronic manifest',
    });
  }
  const issuedOn = parseCalendarDate(request.issuedOn, 'manifest.issuedOn');
  const speciallyControlled = request.speciallyControlled ?? false;
  return {
    id,
    number: request.number,
    issuerId: requiredText(request.issuerId ?? defaultIssuerId, 'manifest.issuerId'),
    wasteType: requiredText(request.wasteType, 'manifest.wasteType', 100),
    form: request.form,
    speciallyControlled,
    issuedOn,
    slips: MANIFEST_SLIPS.map((slip) => ({
      slip,
      dueOn: addDays(issuedOn, slipDeadlineDays(slip, speciallyControlled)),
      returnedOn: undefined,
      recordedBy: undefined,
    })),
    reports: [],
  };
}

/** A slip that has not come back and whose due date has passed by `today`. */
export function isSlipOverdue(slip: ManifestSlipRecord, today: CalendarDate): boolean {
  return slip.returnedOn === undefined && daysBetween(slip.dueOn, today) > 0;
}
