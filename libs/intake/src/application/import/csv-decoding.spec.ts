import { decodeCsv } from './csv-decoding';

// "金属くず,12.5" in Shift_JIS: 金 8BE0, 属 91AE, く 82AD, ず 82B8.
const sjis = Uint8Array.from([0x8b, 0xe0, 0x91, 0xae, 0x82, 0xad, 0x82, 0xb8, 0x2c, 0x31, 0x32, 0x2e, 0x35]);

describe('decodeCsv', () => {
  it('reads UTF-8 (with or without a BOM) and Shift_JIS, and says which', () => {
    expect(decodeCsv(Buffer.from('金属くず,12.5', 'utf8'), 'AUTO')).toEqual({
      text: '金属くず,12.5',
      encoding: 'UTF_8',
    });
    expect(decodeCsv(Buffer.from('\ufeffa,b', 'utf8'), 'UTF_8').text).toBe('a,b');
    expect(decodeCsv(sjis, 'AUTO')).toEqual({ text: '金属くず,12.5', encoding: 'SHIFT_JIS' });
    expect(decodeCsv(sjis, 'SHIFT_JIS').text).toBe('金属くず,12.5');
  });

  it('refuses Shift_JIS bytes declared as UTF-8', () => {
    expect(() => decodeCsv(sjis, 'UTF_8')).toThrow('encoding: got UTF_8, the file must be valid UTF_8');
  });
});
