// @rre/sales: product lots in custody, catalogue, customers, orders, allocation, shipment and
// passports of Dy and Tb metal and oxides. See README.md.
export { SalesModule, type SalesModuleOptions } from './sales.module';
export { SalesApplication, type SalesApplicationOptions } from './sales-application';
export {
  DEFAULT_SALES_SETTINGS,
  loadSalesConfig,
  salesConfigSpec,
  salesSettingsFrom,
  type SalesConfig,
  type SalesSettings,
} from './sales-config';
export { SALES_APPLICATION } from './sales.di-tokens';
export { SALES_SERVICE_NAME, salesEntities, salesMigrations } from './persistence/sales-persistence';
export {
  REDUCTION_HAND_OVERS_CONSUMER,
  SEPARATION_HAND_OVERS_CONSUMER,
} from './messaging/product-hand-overs.consumer';
export { SALES_CLIENT_ERRORS, SalesGraphQLError } from './graphql/sales-error.filter';
export { SalesError, SalesErrorCode } from './domain/sales-error';
export { passportUriOf } from './application/passport-uri';
export { STATEMENTS_CONSUMER } from './messaging/statements.consumer';
export {
  buildPassport,
  PASSPORT_SCHEMA,
  type PassportDocument,
  type PassportTier,
} from './application/passport';
export { PassportSigner } from './application/passport-signer';
export { passportPdf, passportQrPng } from './application/passport-pdf';
