/** The TraceabilityApplication of the module. */
export const TRACEABILITY_APPLICATION = Symbol('TRACEABILITY_APPLICATION');
