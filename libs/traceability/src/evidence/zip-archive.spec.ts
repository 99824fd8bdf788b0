import { crc32 } from './crc32';
import { unzipArchive, zipArchive } from './zip-archive';

describe('zipArchive / unzipArchive (stored ZIP, no library)', () => {
  it('computes the ZIP CRC-32 check value', () => {
    // The standard check value of CRC-32/ISO-HDLC over "123456789".
    expect(crc32(Buffer.from('123456789', 'ascii')).toString(16)).toBe('cbf43926');
    expect(crc32(Buffer.alloc(0))).toBe(0);
  });

  it('reads back what it wrote, byte for byte, in order, with UTF-8 names', () => {
    const files = [
      { name: 'statement.json', bytes: Buffer.from('{"a":1}\n') },
      { name: 'empty.txt', bytes: Buffer.alloc(0) },
      { name: 'dossier/prüfbericht.json', bytes: Buffer.from([0, 1, 2, 255]) },
    ];
    const archive = zipArchive(files);
    // 3 local headers (30 bytes + name + data), 3 central headers (46 + name), the end record (22).
    const names = files.reduce((sum, file) => sum + Buffer.byteLength(file.name), 0);
    expect(archive.length).toBe(3 * 30 + 3 * 46 + 2 * names + 8 + 0 + 4 + 22);
    const read = unzipArchive(archive);
    expect([...read.keys()]).toEqual(files.map((file) => file.name));
    for (const file of files) expect(read.get(file.name)?.equals(file.bytes)).toBe(true);
    // No clock inside: the same files give the same archive.
    expect(zipArchive(files).equals(archive)).toBe(true);
  });

  it('refuses what is not a stored ZIP, and a changed byte', () => {
    expect(() => unzipArchive(Buffer.from('not a zip'))).toThrow('not a ZIP archive');
    const archive = zipArchive([{ name: 'a.json', bytes: Buffer.from('{"lotId":"L1"}') }]);
    archive[30 + 'a.json'.length + 3] ^= 0x01;
    expect(() => unzipArchive(archive)).toThrow('ZIP entry a.json: CRC-32 mismatch');
  });
});
