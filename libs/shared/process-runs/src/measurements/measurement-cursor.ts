import { describeInput, MeasurementError, MeasurementErrorCode } from './measurement-error';

const PREFIX = 'm1:';

/** An opaque cursor for the sample after `epochMicros` in measured-time order. */
export function encodeMeasurementCursor(epochMicros: bigint): string {
  return Buffer.from(`${PREFIX}${epochMicros.toString()}`, 'utf8').toString('base64url');
}

export function decodeMeasurementCursor(cursor: string, field = 'after'): bigint {
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!text.startsWith(PREFIX) || !/^-?\d{1,19}$/.test(text.slice(PREFIX.length))) {
    throw new MeasurementError({
      code: MeasurementErrorCode.INVALID_PAGE,
      field,
      value: describeInput(cursor),
      rule: 'must be the endCursor of a previous page of the same query',
    });
  }
  return BigInt(text.slice(PREFIX.length));
}
