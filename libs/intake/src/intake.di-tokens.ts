/** The IntakeApplication (use cases) of this module. */
export const INTAKE_APPLICATION = Symbol('INTAKE_APPLICATION');
/** The IntakeCallerResolver that says who calls. */
export const INTAKE_CALLER_RESOLVER = Symbol('INTAKE_CALLER_RESOLVER');
/** Intake's DataSource. */
export const INTAKE_DATA_SOURCE = Symbol('INTAKE_DATA_SOURCE');
