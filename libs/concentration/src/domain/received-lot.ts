/**
 * Concentration's own copy of what it needs about a lot intake registered: facts, current
 * composition and where the hand-over to concentration stands. Built from intake's events only.
 */
export const ReceivedLotCustody = {
  /** Registered at intake; not (or no longer) offered to concentration. */
  AT_INTAKE: 'AT_INTAKE',
  /** Intake offered it to concentration; accept or refuse through intake's hand-over. */
  OFFERED: 'OFFERED',
  /** Concentration accepted it: it is held here and runs may take from it. */
  HELD: 'HELD',
  /** Concentration refused the offer; the lot stays with intake. */
  REFUSED: 'REFUSED',
} as const;
export type ReceivedLotCustody = (typeof ReceivedLotCustody)[keyof typeof ReceivedLotCustody];

/** Which concentration route a material goes: magnet scrap is leached, unused resources adsorbed. */
export const ConcentrationRoute = { LEACHING: 'LEACHING', ADSORPTION: 'ADSORPTION' } as const;
export type ConcentrationRoute = (typeof ConcentrationRoute)[keyof typeof ConcentrationRoute];

/** A composition as plain fractions (unit C62), element by element, exact decimal strings. */
export interface LotComposition {
  readonly contents: readonly {
    readonly element: string;
    readonly value: string;
    readonly uncertainty?: string;
  }[];
  readonly unit: 'C62';
}

export interface LotCorrectionNote {
  readonly eventId: string;
  readonly correctsEventType: string;
  readonly field: string;
  readonly oldValue: string;
  readonly newValue: string;
  readonly reason: string;
  readonly at: string;
}

export interface ReceivedLot {
  readonly lotId: string;
  readonly lotCode: string;
  /**
   * The organisation that delivered the lot (LotRegistered's supplier): whose recyclers may read
   * what concentration knows of it. Undefined for lots registered before concentration kept it.
   */
  readonly supplierOrganisationId: string | undefined;
  /** Intake's material kind, e.g. EV_MOTOR_MAGNET, LOW_GRADE_ORE. */
  readonly materialKind: string;
  /** POST_CONSUMER, PRE_CONSUMER or PRIMARY. */
  readonly sourceCategory: string;
  readonly route: ConcentrationRoute;
  /** Net mass weighed at intake, kg. */
  readonly weighedNetMassKg: string | undefined;
  readonly declaredComposition: LotComposition | undefined;
  readonly currentAssayId: string | undefined;
  readonly currentComposition: LotComposition | undefined;
  readonly custody: ReceivedLotCustody;
  readonly transferId: string | undefined;
  /** Mass intake handed over, kg. */
  readonly offeredMassKg: string | undefined;
  /** Mass concentration confirmed on acceptance (the offered mass unless it weighed otherwise), kg. */
  readonly receivedMassKg: string | undefined;
  readonly heldSince: Date | undefined;
  /** Corrections intake announced for this lot, oldest first; a non-empty list flags the lot. */
  readonly corrections: readonly LotCorrectionNote[];
}

const LEACHED_KINDS = new Set([
  'EV_MOTOR_MAGNET',
  'COMPRESSOR_MAGNET',
  'HDD_MAGNET',
  'WIND_GENERATOR_MAGNET',
  'MAGNET_SWARF_SLUDGE',
]);

export function routeOfMaterial(materialKind: string): ConcentrationRoute {
  return LEACHED_KINDS.has(materialKind) ? 'LEACHING' : 'ADSORPTION';
}

/** The composition runs should use: the current assay, else what the supplier declared. */
export function compositionForRuns(lot: ReceivedLot): LotComposition | undefined {
  return lot.currentComposition ?? lot.declaredComposition;
}
