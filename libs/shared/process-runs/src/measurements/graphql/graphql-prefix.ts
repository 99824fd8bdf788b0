const PREFIX = /^[A-Z][A-Za-z0-9]{0,39}$/;

export interface GraphqlNames {
  /** For type names: `Concentration` → `ConcentrationMeasurementSeries`. */
  readonly type: string;
  /** For root fields after a verb: `recordConcentrationMeasurements`. */
  readonly pascal: string;
  /** For root fields that start with the prefix: `concentrationMeasurementSeries`. */
  readonly camel: string;
}

/**
 * The composed schema holds several process services, so every type and root field a shared
 * factory creates carries the service's prefix, e.g. "Concentration" or "Reduction".
 */
export function graphqlNames(prefix: string): GraphqlNames {
  if (!PREFIX.test(prefix)) {
    throw new Error(
      `GraphQL prefix "${prefix}": must be PascalCase letters and digits (e.g. "Concentration"), at most 40 characters`,
    );
  }
  return { type: prefix, pascal: prefix, camel: `${prefix.charAt(0).toLowerCase()}${prefix.slice(1)}` };
}
