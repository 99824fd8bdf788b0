import type { Mass, MassFraction } from '@rre/quantities';
import type { CountryCode } from './country-code';
import type { MaterialKind } from './material-kind';
import type { SourceCategory } from './source-category';
import type { Weighing } from './weighing';

/** The facts of a lot that a correction may change (as registered, or as corrected). */
export interface LotFacts {
  readonly supplierSiteId: string;
  readonly materialKind: MaterialKind;
  readonly sourceCategory: SourceCategory;
  readonly countryOfOrigin: CountryCode;
  /** The recycler's declared mass. */
  readonly declaredMass: Mass;
  /** The plant's weighbridge weighing. */
  readonly weighing: Weighing;
  /** Moisture as a fraction of the wet mass; undefined when not measured. */
  readonly moistureFraction: MassFraction | undefined;
}
