import { IntakeError } from '../../domain/intake-error';

export const CsvEncoding = {
  /** UTF-8 (a byte-order mark is allowed and dropped). */
  UTF_8: 'UTF_8',
  /** Shift_JIS, as Excel writes CSV in Japan (Windows-31J). */
  SHIFT_JIS: 'SHIFT_JIS',
  /** UTF-8 if the bytes are valid UTF-8, else Shift_JIS. */
  AUTO: 'AUTO',
} as const;
export type CsvEncoding = (typeof CsvEncoding)[keyof typeof CsvEncoding];

function decode(bytes: Uint8Array, label: 'utf-8' | 'shift_jis'): string | undefined {
  try {
    return new TextDecoder(label, { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return undefined;
  }
}

/** The text of a CSV file and the encoding it was read in; bytes that are not valid in it are refused. */
export function decodeCsv(
  bytes: Uint8Array,
  encoding: CsvEncoding,
): { text: string; encoding: 'UTF_8' | 'SHIFT_JIS' } {
  const utf8 = encoding === 'SHIFT_JIS' ? undefined : decode(bytes, 'utf-8');
  if (utf8 !== undefined) return { text: utf8, encoding: 'UTF_8' };
  const sjis = encoding === 'UTF_8' ? undefined : decode(bytes, 'shift_jis');
  if (sjis !== undefined) return { text: sjis, encoding: 'SHIFT_JIS' };
  throw new IntakeError({
    code: 'INVALID_INPUT',
    field: 'encoding',
    value: encoding,
    rule:
      encoding === 'AUTO'
        ? 'the file must be valid UTF-8 or Shift_JIS'
        : `the file must be valid ${encoding}`,
  });
}
