/** The intake service's DataSource, for the health checks. */
export const INTAKE_SERVICE_DATA_SOURCE = Symbol('INTAKE_SERVICE_DATA_SOURCE');
