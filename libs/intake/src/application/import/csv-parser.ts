/** One record of a CSV file: its cells and the line it starts on (1-based, as an editor shows it). */
export interface CsvRecord {
  readonly line: number;
  readonly cells: readonly string[];
}

export class CsvSyntaxError extends Error {
  constructor(
    readonly line: number,
    readonly rule: string,
  ) {
    super(`line ${line}: ${rule}`);
  }
}

/**
 * Parses RFC 4180 CSV: comma-separated, fields optionally in double quotes (a quote inside a quoted
 * field is doubled; a quoted field may span lines), CRLF or LF line ends. Blank lines are skipped.
 */
export function parseCsv(text: string): CsvRecord[] {
  const records: CsvRecord[] = [];
  let cells: string[] = [];
  let field = '';
  let quoted = false;
  let fieldStarted = false;
  let line = 1;
  let recordLine = 1;
  const endField = () => {
    cells.push(field);
    field = '';
    fieldStarted = false;
  };
  const endRecord = () => {
    endField();
    if (!(cells.length === 1 && cells[0] === '')) records.push({ line: recordLine, cells });
    cells = [];
  };
  for (let i = 0; i < text.length; i++) {
    const character = text[i];
    if (quoted) {
      if (character === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else {
          quoted = false;
        }
      } else {
        if (character === '\n') line++;
        field += character;
      }
      continue;
    }
    if (character === '"') {
      if (fieldStarted)
        throw new CsvSyntaxError(line, 'a quote may only open a field: write a quote inside a field as ""');
      quoted = true;
      fieldStarted = true;
    } else if (character === ',') {
      endField();
    } else if (character === '\r' && text[i + 1] === '\n') {
      continue;
    } else if (character === '\n') {
      endRecord();
      line++;
      recordLine = line;
    } else {
      field += character;
      fieldStarted = true;
    }
  }
  if (quoted) throw new CsvSyntaxError(recordLine, 'a quoted field is not closed');
  if (field !== '' || cells.length > 0) endRecord();
  return records;
}
