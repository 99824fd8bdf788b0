import type { Lot } from '../../domain/lot';

/** Lots as one transaction sees them. */
export interface LotStore {
  /** The next number of the year's lot codes (1, 2, ...); held until the transaction ends. */
  allocateLotNumber(year: number): Promise<number>;
  /** `count` consecutive numbers of the year's lot codes; returns the first. */
  allocateLotNumbers(year: number, count: number): Promise<number>;
  /** Which of these delivery references the organisation's lots already carry. */
  existingExternalRefs(organisationId: string, refs: readonly string[]): Promise<Set<string>>;
  /** The lot, locked against concurrent changes until the transaction ends; undefined if unknown. */
  getForUpdate(lotId: string): Promise<Lot | undefined>;
  /** The lot whose hand-over has this id, locked; undefined if unknown. */
  getByTransferForUpdate(transferId: string): Promise<Lot | undefined>;
  /** The lot with a decision of this id, locked; undefined if unknown. */
  getByDecisionForUpdate(decisionId: string): Promise<Lot | undefined>;
  /** Stores what changed from `before` to `after`: new records are inserted, nothing recorded is overwritten. */
  save(before: Lot, after: Lot): Promise<void>;
}
