/** The concentration service's DataSource, for the health checks. */
export const CONCENTRATION_SERVICE_DATA_SOURCE = Symbol('CONCENTRATION_SERVICE_DATA_SOURCE');
