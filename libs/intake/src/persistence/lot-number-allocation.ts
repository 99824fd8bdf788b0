/**
 * The statement that takes consecutive lot numbers of a year from `lot_code_sequence` and returns
 * the last number taken. `source` supplies one (year, count) row (`VALUES (...)` or a `SELECT`; no
 * row takes nothing). The year's row stays locked until the transaction ends, so the numbers are
 * consecutive and never given twice, and a rolled-back registration leaves no gap.
 */
export function takeLotNumbersStatement(schema: string, source: string): string {
  return `INSERT INTO "${schema}".lot_code_sequence AS s (year, last_number) ${source}
       ON CONFLICT (year) DO UPDATE SET last_number = s.last_number + EXCLUDED.last_number
       RETURNING last_number`;
}
