/** Nest injection token of the EpcisExport. */
export const EPCIS_EXPORT = Symbol('EPCIS_EXPORT');
