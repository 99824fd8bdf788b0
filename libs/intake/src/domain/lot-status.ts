/** Where a lot stands in intake. */
export const LotStatus = {
  REGISTERED: 'REGISTERED',
  SCREENED_ACCEPTED: 'SCREENED_ACCEPTED',
  QUARANTINED: 'QUARANTINED',
  RELEASED: 'RELEASED',
  REJECTED: 'REJECTED',
  /** Handed over (offered or accepted) to the concentration step. */
  TRANSFERRED_OUT: 'TRANSFERRED_OUT',
} as const;
export type LotStatus = (typeof LotStatus)[keyof typeof LotStatus];
export const LOT_STATUSES = Object.values(LotStatus);

/** The service holding a lot; only the custodian may consume, split or ship it. */
export const Custodian = {
  INTAKE: 'INTAKE',
  CONCENTRATION: 'CONCENTRATION',
} as const;
export type Custodian = (typeof Custodian)[keyof typeof Custodian];
