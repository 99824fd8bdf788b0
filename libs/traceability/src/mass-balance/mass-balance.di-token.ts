/** Nest injection token of the MassBalanceApplication. */
export const MASS_BALANCE_APPLICATION = Symbol('MASS_BALANCE_APPLICATION');
