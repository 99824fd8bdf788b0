/**
 * A Kafka record as published: key, value and headers (CloudEvents binary content mode: the
 * envelope's attributes are `ce_*` headers, `content-type`, `traceparent`, `tracestate`).
 */
export interface PublishedRecord {
  readonly key: string;
  readonly value: Uint8Array;
  readonly headers: Readonly<Record<string, string>>;
}

/** First bytes of every canonical event: names the format and its version. */
export const EVENT_BYTES_MAGIC = 'rre.ledger.event.v1';

/**
 * The canonical bytes of a published event, the ledger's unit of hashing:
 *
 *   field("rre.ledger.event.v1") field(key) field(value) u32(header count)
 *   then per header, sorted by name (UTF-8 byte order): field(name) field(value)
 *
 * where field(x) = u32 big-endian byte length of x, then x (text as UTF-8). Length prefixes make
 * the form unambiguous (no two records share it); sorting the headers makes it independent of the
 * order a client lists them in. The value is the protobuf data exactly as published.
 */
export function canonicalEventBytes(record: PublishedRecord): Buffer {
  const headers = inCanonicalOrder(Object.keys(record.headers)).map(({ name, bytes }) => ({
    name: bytes,
    value: record.headers[name] as string,
  }));
  const fields: (Uint8Array | string)[] = [EVENT_BYTES_MAGIC, record.key, record.value];
  const lengthOf = (each: Uint8Array | string) =>
    typeof each === 'string' ? Buffer.byteLength(each, 'utf8') : each.byteLength;
  let size = 4;
  for (const each of fields) size += 4 + lengthOf(each);
  for (const { name, value } of headers) size += 8 + name.byteLength + lengthOf(value);
  // One allocation: the ledger hashes every event it ingests, and a rebuild hashes thousands per second.
  const bytes = Buffer.allocUnsafe(size);
  let at = 0;
  const put = (each: Uint8Array | string) => {
    const length = lengthOf(each);
    bytes.writeUInt32BE(length, at);
    at += 4;
    if (typeof each === 'string') at += bytes.write(each, at, 'utf8');
    else {
      bytes.set(each, at);
      at += length;
    }
  };
  put(fields[0] as string);
  put(fields[1] as string);
  put(fields[2] as Uint8Array);
  bytes.writeUInt32BE(headers.length, at);
  at += 4;
  for (const { name, value } of headers) {
    put(name);
    put(value);
  }
  return bytes;
}

/**
 * Header names sorted by their UTF-8 bytes, with those bytes, by the record's list of names. The
 * records of one producer carry a few lists (one per set of attributes), so they are kept, up to
 * MOST_KEPT_NAME_LISTS lists.
 */
const sortedNameLists = new Map<string, readonly { name: string; bytes: Buffer }[]>();
const MOST_KEPT_NAME_LISTS = 256;

function inCanonicalOrder(names: readonly string[]): readonly { name: string; bytes: Buffer }[] {
  const key = JSON.stringify(names);
  let sorted = sortedNameLists.get(key);
  if (sorted === undefined) {
    sorted = names
      .map((name) => ({ name, bytes: Buffer.from(name, 'utf8') }))
      .sort((a, b) => Buffer.compare(a.bytes, b.bytes));
    if (sortedNameLists.size < MOST_KEPT_NAME_LISTS) sortedNameLists.set(key, sorted);
  }
  return sorted;
}

/** The record back from its canonical bytes; throws when they are not in that form. */
export function publishedRecordOf(bytes: Uint8Array): PublishedRecord {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let at = 0;
  const take = (): Buffer => {
    if (at + 4 > buffer.length) throw new Error('canonical event bytes end inside a length prefix');
    const length = buffer.readUInt32BE(at);
    at += 4;
    if (at + length > buffer.length) throw new Error('canonical event bytes end inside a field');
    const slice = buffer.subarray(at, at + length);
    at += length;
    return slice;
  };
  if (take().toString('utf8') !== EVENT_BYTES_MAGIC) throw new Error(`not ${EVENT_BYTES_MAGIC} bytes`);
  const key = take().toString('utf8');
  const value = Buffer.from(take());
  if (at + 4 > buffer.length) throw new Error('canonical event bytes end before the header count');
  const count = buffer.readUInt32BE(at);
  at += 4;
  const headers: Record<string, string> = {};
  for (let i = 0; i < count; i += 1) {
    const name = take().toString('utf8');
    headers[name] = take().toString('utf8');
  }
  if (at !== buffer.length) throw new Error('canonical event bytes have trailing bytes');
  return { key, value, headers };
}
