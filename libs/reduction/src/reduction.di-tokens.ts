/** The ReductionApplication of the module. */
export const REDUCTION_APPLICATION = Symbol('REDUCTION_APPLICATION');
