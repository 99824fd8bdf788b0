export { graphqlNames, type GraphqlNames } from './graphql-prefix';
export { MeasurementErrorFilter, measurementGraphqlError } from './measurement-error.filter';
export { createMeasurementGraphqlTypes, type MeasurementGraphqlTypes } from './measurement-graphql.types';
export {
  createProcessMeasurementResolver,
  MEASUREMENT_READERS,
  MEASUREMENT_WRITERS,
  type ProcessMeasurementBackend,
  type ProcessMeasurementResolverOptions,
} from './process-measurement.resolver';
