export interface IntakeClock {
  now(): Date;
}

/** Ids of new records (ULIDs, so that they sort by creation). */
export interface IdGenerator {
  next(): string;
}
