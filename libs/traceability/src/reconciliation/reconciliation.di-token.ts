/** Nest injection token of the ReconciliationQueries. */
export const RECONCILIATION_QUERIES = Symbol('RECONCILIATION_QUERIES');
