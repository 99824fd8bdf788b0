export { QuantityError, type QuantityErrorCode, type QuantityErrorDetails } from './quantity-error';
export {
  DECIMAL_PATTERN,
  type DecimalInput,
  MAX_DECIMAL_STRING_LENGTH,
  parseDecimal,
  QUOTIENT_PRECISION,
  toPlainString,
  WORKING_PRECISION,
} from './exact-decimal';
export {
  ACTIVITY_CONCENTRATION_UNITS,
  ActivityConcentrationUnit,
  type Dimension,
  findUnit,
  MASS_FRACTION_UNITS,
  MASS_PER_VOLUME_UNITS,
  MASS_UNITS,
  MassFractionUnit,
  MassPerVolumeUnit,
  MassUnit,
  parseActivityConcentrationUnit,
  parseMassFractionUnit,
  parseMassPerVolumeUnit,
  parseMassUnit,
  parseVolumeUnit,
  type UnitDefinition,
  type UnitTable,
  VOLUME_UNITS,
  VolumeUnit,
} from './units';
export { type QuantityJson, UnitQuantity } from './unit-quantity';
export { Mass } from './mass';
export { MassDelta } from './mass-delta';
export { Volume } from './volume';
export { MassFraction } from './mass-fraction';
export { MassConcentration } from './mass-concentration';
export { Density } from './density';
export { ActivityConcentration } from './activity-concentration';
export { elementMassInSolution, massConcentrationOf, solutionMass, solutionVolume } from './solution';
export {
  ELEMENT_SYMBOLS,
  type ElementSymbol,
  isElementSymbol,
  parseElementSymbol,
  RARE_EARTH_ELEMENTS,
} from './elements';
export { atomicWeight, type AtomicWeights, STANDARD_ATOMIC_WEIGHTS } from './atomic-weights';
export {
  CONVENTIONAL_OXIDES,
  conventionalOxide,
  type FormulaTerm,
  molarMass,
  parseFormula,
  stoichiometricFactor,
  stoichiometricRatio,
  type StoichiometricRatio,
} from './stoichiometry';
export {
  type Basis,
  type BasisContext,
  type ChemicalForm,
  convertGrade,
  convertMass,
  dryToWet,
  elementToOxide,
  type MoistureBasis,
  oxideToElement,
  wetToDry,
} from './basis';
export {
  type CompositionOptions,
  DEFAULT_SUM_TOLERANCE,
  ElementComposition,
  type ElementContent,
  type ElementContentInput,
  type ElementContentJson,
  type ElementContentValue,
} from './composition';
export { isOnResolution, MASS_RESOLUTION_UNIT, roundToResolution } from './resolution';
export { allocate, type AllocationOptions } from './allocation';
export { DecimalScalar } from './decimal-scalar';
