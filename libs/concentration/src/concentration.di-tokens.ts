/** The ConcentrationApplication of the module. */
export const CONCENTRATION_APPLICATION = Symbol('CONCENTRATION_APPLICATION');
