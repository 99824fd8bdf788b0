import { crc32 } from './crc32';

/** One file of an archive: its name (forward slashes, no leading slash) and its bytes. */
export interface ArchiveFile {
  readonly name: string;
  readonly bytes: Buffer;
}

const LOCAL_HEADER = 0x04034b50;
const CENTRAL_HEADER = 0x02014b50;
const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
/** 1980-01-01 00:00 in MS-DOS form: the archive carries no clock, so the same files give the same bytes. */
const DOS_TIME = 0;
const DOS_DATE = (0 << 9) | (1 << 5) | 1;
/** General purpose flag bit 11: names are UTF-8. */
const UTF8_NAMES = 0x0800;

/**
 * A ZIP archive (PKWARE APPNOTE 6.3) of the files, stored uncompressed (method 0), each with its
 * CRC-32; no ZIP64, so at most 65,535 files and 4 GiB. Any unzip tool reads it.
 */
export function zipArchive(files: readonly ArchiveFile[]): Buffer {
  if (files.length > 0xffff)
    throw new Error(`a ZIP without ZIP64 holds at most 65535 files, got ${files.length}`);
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const file of files) {
    const name = Buffer.from(file.name, 'utf8');
    const crc = crc32(file.bytes);
    const size = file.bytes.length;
    if (offset + size > 0xffffffff) throw new Error('a ZIP without ZIP64 holds at most 4 GiB');
    const local = Buffer.alloc(30);
    local.writeUInt32LE(LOCAL_HEADER, 0);
    local.writeUInt16LE(20, 4); // version needed to extract: 2.0
    local.writeUInt16LE(UTF8_NAMES, 6);
    local.writeUInt16LE(0, 8); // stored
    local.writeUInt16LE(DOS_TIME, 10);
    local.writeUInt16LE(DOS_DATE, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(size, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(CENTRAL_HEADER, 0);
    central.writeUInt16LE(20, 4); // made by: 2.0, MS-DOS attributes
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(UTF8_NAMES, 8);
    central.writeUInt16LE(0, 10);
    central.writeUInt16LE(DOS_TIME, 12);
    central.writeUInt16LE(DOS_DATE, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(size, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    // extra field length, comment length, disk number, internal and external attributes: 0
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, file.bytes);
    centrals.push(central, name);
    offset += local.length + name.length + size;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(END_OF_CENTRAL_DIRECTORY, 0);
  end.writeUInt16LE(files.length, 8);
  end.writeUInt16LE(files.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

/**
 * The files of a ZIP archive of stored (uncompressed) entries, by name, read through its central
 * directory; throws when it is not one, or when an entry's CRC-32 does not match its bytes.
 */
export function unzipArchive(archive: Buffer): Map<string, Buffer> {
  const endAt = archive.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (endAt < 0 || endAt + 22 > archive.length)
    throw new Error('not a ZIP archive: no end of central directory');
  const count = archive.readUInt16LE(endAt + 10);
  let at = archive.readUInt32LE(endAt + 16);
  const files = new Map<string, Buffer>();
  for (let i = 0; i < count; i += 1) {
    if (archive.readUInt32LE(at) !== CENTRAL_HEADER)
      throw new Error(`ZIP entry ${i}: no central directory header`);
    const method = archive.readUInt16LE(at + 10);
    const crc = archive.readUInt32LE(at + 16);
    const size = archive.readUInt32LE(at + 20);
    const nameLength = archive.readUInt16LE(at + 28);
    const extraLength = archive.readUInt16LE(at + 30);
    const commentLength = archive.readUInt16LE(at + 32);
    const localAt = archive.readUInt32LE(at + 42);
    const name = archive.subarray(at + 46, at + 46 + nameLength).toString('utf8');
    if (method !== 0)
      throw new Error(`ZIP entry ${name}: compression method ${method}, only stored (0) is read`);
    if (archive.readUInt32LE(localAt) !== LOCAL_HEADER) throw new Error(`ZIP entry ${name}: no local header`);
    const dataAt = localAt + 30 + archive.readUInt16LE(localAt + 26) + archive.readUInt16LE(localAt + 28);
    const bytes = Buffer.from(archive.subarray(dataAt, dataAt + size));
    if (bytes.length !== size)
      throw new Error(`ZIP entry ${name}: ends after ${bytes.length} of ${size} bytes`);
    if (crc32(bytes) !== crc) throw new Error(`ZIP entry ${name}: CRC-32 mismatch`);
    files.set(name, bytes);
    at += 46 + nameLength + extraLength + commentLength;
  }
  return files;
}
