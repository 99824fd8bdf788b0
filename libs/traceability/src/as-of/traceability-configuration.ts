import { STATEMENT_METHOD_VERSION } from '../domain/recycled-content';
import { TraceabilityError } from '../domain/traceability-error';

/** The rounding rules the attribution implements, by code (only one today). */
export const ROUNDING_RULES: Readonly<Record<string, string>> = {
  HALF_EVEN_1MG_LARGEST_REMAINDER:
    'the element mass rounded once, half-even, to 1 mg, split over the sources by the largest-remainder method at 1 mg on their exact shares (equal remainders: the smaller lot id first, the unattributed share last)',
};

/** The statement methods the service implements. */
export const METHOD_VERSIONS: readonly string[] = [STATEMENT_METHOD_VERSION];

/** The settings statements and reconciliation are computed under, as one version of them. */
export interface ConfigurationSettings {
  readonly methodVersion: string;
  readonly roundingRule: string;
  /** k of the closing rule's tolerance, k x combined standard uncertainty (decimal text). */
  readonly closingCoverageFactor: string;
  /** kg CO2e per kWh for energy recorded without its own CO2e (decimal text); null: none. */
  readonly defaultGridFactorKgCo2ePerKwh: string | null;
}

export interface ConfigurationVersion extends ConfigurationSettings {
  readonly version: number;
  readonly changedBy: { readonly subjectId: string; readonly organisationId?: string };
  readonly changedAt: Date;
  readonly reason: string;
}

/** A change: the settings it states replace the version in force's, the others stay. */
export interface ConfigurationChange {
  readonly methodVersion?: string;
  readonly roundingRule?: string;
  readonly closingCoverageFactor?: string;
  /** Null clears it. */
  readonly defaultGridFactorKgCo2ePerKwh?: string | null;
  readonly reason: string;
}

const DECIMAL = /^\d+(\.\d+)?$/;
const MAX_COVERAGE_FACTOR = 10;

function refuse(field: string, value: unknown, rule: string): never {
  throw new TraceabilityError({ code: 'INVALID_INPUT', field, value: JSON.stringify(value), rule });
}

/** The settings after the change, refused (INVALID_INPUT: field, value, rule) unless each is one the service can apply. */
export function changedSettings(
  current: ConfigurationSettings,
  change: ConfigurationChange,
): ConfigurationSettings {
  if (change.reason.trim() === '') refuse('reason', change.reason, 'must say why the configuration changes');
  if (change.methodVersion !== undefined && !METHOD_VERSIONS.includes(change.methodVersion)) {
    refuse('methodVersion', change.methodVersion, `must be one of ${METHOD_VERSIONS.join(', ')}`);
  }
  if (change.roundingRule !== undefined && !(change.roundingRule in ROUNDING_RULES)) {
    refuse('roundingRule', change.roundingRule, `must be one of ${Object.keys(ROUNDING_RULES).join(', ')}`);
  }
  if (change.closingCoverageFactor !== undefined) {
    const k = change.closingCoverageFactor;
    if (!DECIMAL.test(k) || Number(k) <= 0 || Number(k) > MAX_COVERAGE_FACTOR) {
      refuse('closingCoverageFactor', k, `must be a decimal above 0 and at most ${MAX_COVERAGE_FACTOR}`);
    }
  }
  const gridFactor = change.defaultGridFactorKgCo2ePerKwh;
  if (gridFactor !== undefined && gridFactor !== null && !DECIMAL.test(gridFactor)) {
    refuse(
      'defaultGridFactorKgCo2ePerKwh',
      gridFactor,
      'must be a non-negative decimal (kg CO2e per kWh) or null',
    );
  }
  const next: ConfigurationSettings = {
    methodVersion: change.methodVersion ?? current.methodVersion,
    roundingRule: change.roundingRule ?? current.roundingRule,
    closingCoverageFactor: change.closingCoverageFactor ?? current.closingCoverageFactor,
    defaultGridFactorKgCo2ePerKwh:
      gridFactor === undefined ? current.defaultGridFactorKgCo2ePerKwh : gridFactor,
  };
  const same =
    next.methodVersion === current.methodVersion &&
    next.roundingRule === current.roundingRule &&
    Number(next.closingCoverageFactor) === Number(current.closingCoverageFactor) &&
    (next.defaultGridFactorKgCo2ePerKwh === null
      ? current.defaultGridFactorKgCo2ePerKwh === null
      : current.defaultGridFactorKgCo2ePerKwh !== null &&
        Number(next.defaultGridFactorKgCo2ePerKwh) === Number(current.defaultGridFactorKgCo2ePerKwh));
  if (same) refuse('change', change, 'must change at least one setting of the version in force');
  return next;
}
