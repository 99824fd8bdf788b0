import { CsvSyntaxError, parseCsv } from './csv-parser';

describe('parseCsv', () => {
  it('reads fields, quoted fields with commas, doubled quotes and line breaks, CRLF and LF, and keeps line numbers', () => {
    const text = 'a,b,c\r\n1,"x, y","he said ""hi"""\n\n2,"multi\nline",z\n3,,\n';
    expect(parseCsv(text)).toEqual([
      { line: 1, cells: ['a', 'b', 'c'] },
      { line: 2, cells: ['1', 'x, y', 'he said "hi"'] },
      { line: 4, cells: ['2', 'multi\nline', 'z'] },
      { line: 6, cells: ['3', '', ''] },
    ]);
  });

  it('reads a last line without a line end, and Japanese text', () => {
    expect(parseCsv('名前,量\n金属くず,12.5')).toEqual([
      { line: 1, cells: ['名前', '量'] },
      { line: 2, cells: ['金属くず', '12.5'] },
    ]);
  });

  it('refuses an unclosed quote and a quote in the middle of a field, naming the line', () => {
    expect(() => parseCsv('a\n"open')).toThrow(new CsvSyntaxError(2, 'a quoted field is not closed'));
    expect(() => parseCsv('a\nx"y')).toThrow('line 2: a quote may only open a field');
  });
});
