/** Nest injection token of the EpcisPeriodExport. */
export const EPCIS_PERIOD_EXPORT = Symbol('EPCIS_PERIOD_EXPORT');
