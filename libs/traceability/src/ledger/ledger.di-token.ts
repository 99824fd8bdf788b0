/** The LedgerApplication of the module. */
export const LEDGER_APPLICATION = Symbol('LEDGER_APPLICATION');
