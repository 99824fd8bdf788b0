/** The SalesApplication of the module. */
export const SALES_APPLICATION = Symbol('SALES_APPLICATION');
