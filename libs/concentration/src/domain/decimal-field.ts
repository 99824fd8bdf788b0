import { inputReaders } from '@rre/process-runs';
import { ConcentrationError } from './concentration-error';

/** The request readers (see @rre/process-runs inputReaders), refusing with a ConcentrationError. */
export const { boundedDecimal, textOf } = inputReaders((refusal) => new ConcentrationError(refusal));
