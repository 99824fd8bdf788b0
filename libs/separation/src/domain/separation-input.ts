import { inputReaders } from '@rre/process-runs';
import { SeparationError } from './separation-error';

/** The request readers (see @rre/process-runs inputReaders), refusing with a SeparationError. */
export const { decimalOf, boundedDecimal, wholeNumber, textOf, oneOf, objectOf } = inputReaders(
  (refusal) => new SeparationError(refusal),
);
