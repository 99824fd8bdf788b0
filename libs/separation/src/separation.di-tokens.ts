/** The SeparationApplication of the module. */
export const SEPARATION_APPLICATION = Symbol('SEPARATION_APPLICATION');
