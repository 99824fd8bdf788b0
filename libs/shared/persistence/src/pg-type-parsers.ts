import { types } from 'pg';

type TypeId = Parameters<typeof types.getTypeParser>[0];

const NUMERIC_OID = 1700;
const NUMERIC_ARRAY_OID = 1231;
const TEXT_ARRAY_OID = 1009;

const keepText = (value: string): string => value;
// pg's own parser for NUMERIC[] returns floats; parse it as text[] instead.
const parseTextArray: (value: string) => (string | null)[] = types.getTypeParser(
  TEXT_ARRAY_OID as TypeId,
  'text',
);

/** The shape of pg's `types` client option. */
export interface TypeParsers {
  getTypeParser(oid: number, format?: 'text' | 'binary'): (value: string) => unknown;
}

/**
 * Type parsing for every connection of a service data source: NUMERIC and NUMERIC[] values stay the
 * exact decimal strings PostgreSQL sends, never binary floating point, whatever parser another module
 * installs globally with `pg.types.setTypeParser`. Every other type is parsed as pg does by default.
 */
export const exactNumericTypes: TypeParsers = {
  getTypeParser: (oid, format) => {
    if ((format ?? 'text') === 'text') {
      if (oid === NUMERIC_OID) return keepText;
      if (oid === NUMERIC_ARRAY_OID) return parseTextArray;
    }
    return types.getTypeParser(oid as TypeId, format);
  },
};
