/**
 * One GraphQL request of the plan, written before anything is sent: ids the platform assigns (lot,
 * run and transfer ids) appear as references (`{ $ref: 'lot:3' }`) that the driver fills in from the
 * answers of earlier requests (`capture`). So the plan, and its digest, depend on the seed and the
 * settings only: the same seed gives the same requests, whatever ids the platform hands out.
 */

export interface Ref {
  readonly $ref: string;
}

export function ref(name: string): Ref {
  return { $ref: name };
}

export type PlanValue =
  string | number | boolean | null | Ref | readonly PlanValue[] | { readonly [key: string]: PlanValue };

/** What the request must get: an answer, a replay of an earlier answer, or a refusal with a code. */
export type Expectation =
  | { readonly outcome: 'done' }
  | { readonly outcome: 'replayed' }
  | { readonly outcome: 'refused'; readonly code: string };

/** An injected fault: what the plant got wrong and which guard must catch it. */
export type FaultKind =
  | 'DUPLICATE_REGISTRATION'
  | 'ASSAY_TYPO'
  | 'WRONG_ASSAY_CORRECTED'
  | 'DUPLICATE_MES_CALL'
  | 'IDEMPOTENCY_KEY_REUSED'
  | 'OVERDRAW'
  | 'UNBALANCED_RUN'
  | 'WRONG_FRACTION_ASSAY'
  | 'DUPLICATE_MEASUREMENTS'
  | 'UNCLOSED_BATCH'
  | 'OVERALLOCATION'
  | 'GRADE_NOT_MET';

export const FAULT_KINDS: readonly FaultKind[] = [
  'DUPLICATE_REGISTRATION',
  'ASSAY_TYPO',
  'WRONG_ASSAY_CORRECTED',
  'DUPLICATE_MES_CALL',
  'IDEMPOTENCY_KEY_REUSED',
  'OVERDRAW',
  'UNBALANCED_RUN',
  'WRONG_FRACTION_ASSAY',
  'DUPLICATE_MEASUREMENTS',
  'UNCLOSED_BATCH',
  'OVERALLOCATION',
  'GRADE_NOT_MET',
];

/** The services whose lots the simulator waits for: each learns of lots from another's events. */
export type LotService = 'concentration' | 'separation' | 'reduction' | 'sales';

/**
 * Wait until a service holds (or has been offered, or has let go of) a lot with the mass and
 * composition the plan expects: hand-overs and assays travel between services as events, asynchronously.
 */
export interface HeldLotCondition {
  readonly service: LotService;
  readonly lot: Ref;
  /** HELD, OFFERED (a hand-over not yet answered) or HANDED_OVER (a hand-over settled); sales: OFFERED only. */
  readonly custody: 'HELD' | 'OFFERED' | 'HANDED_OVER';
  readonly remainingKg?: string;
  /** The Dy fraction (C62) the service must have taken from the lot's current assay. */
  readonly dyFraction?: string;
}

export interface PlannedRequest {
  /** Unique within the plan; also the tail of the idempotency key. */
  readonly id: string;
  /** Send with the idempotency key of this earlier request instead (a retry, or a key reused). */
  readonly keyOf?: string;
  readonly day: number;
  /** The actor's name (plant-actors.ts). */
  readonly actor: string;
  /** A key of GRAPHQL_DOCUMENTS. */
  readonly operation: string;
  readonly variables: { readonly [key: string]: PlanValue };
  readonly expect: Expectation;
  /** Refs set from the answer: ref name -> dotted path into `data` (e.g. "registerLot.lot.id"). */
  readonly capture?: { readonly [ref: string]: string };
  /** Conditions waited for before the request is sent. */
  readonly waitFor?: readonly HeldLotCondition[];
  /** The fault this request injects, if any. */
  readonly fault?: FaultKind;
  /** A line for the progress display, e.g. "leaching run R-101 day 3". */
  readonly note?: string;
}
