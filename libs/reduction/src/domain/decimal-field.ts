import { inputReaders } from '@rre/process-runs';
import { ReductionError } from './reduction-error';

/** The request readers (see @rre/process-runs inputReaders), refusing with a ReductionError. */
export const { decimalOf, boundedDecimal, textOf, oneOf } = inputReaders(
  (refusal) => new ReductionError(refusal),
);

/** `prefix.name`, or `name` without a prefix. */
export function fieldPath(prefix: string, name: string): string {
  return prefix === '' ? name : `${prefix}.${name}`;
}
