import { sha256 } from './digest';
import { canonicalEventBytes, publishedRecordOf } from './event-bytes';
import { ChainVerifier, entryHash, GENESIS_HASH, type StoredEntry } from './hash-chain';

function chainOf(values: string[]): StoredEntry[] {
  let previous = GENESIS_HASH;
  return values.map((value, chainIndex) => {
    const eventBytes = canonicalEventBytes({
      key: 'LOT-1',
      value: Buffer.from(value),
      headers: { ce_id: `E${chainIndex}` },
    });
    const position = {
      chainId: 'rre.intake.lot-events.v1:rre.intake.lot-events.v1:0',
      chainIndex,
      offset: String(10 + chainIndex),
      eventId: `E${chainIndex}`,
    };
    const eventHash = sha256(eventBytes);
    const hash = entryHash(previous, eventHash, position);
    const entry = { ...position, eventBytes, eventHash, previousHash: previous, entryHash: hash };
    previous = hash;
    return entry;
  });
}

function verify(entries: StoredEntry[]): ChainVerifier {
  const verifier = new ChainVerifier();
  for (const entry of entries) verifier.next(entry);
  return verifier;
}

describe('canonical event bytes', () => {
  it('are length-prefixed and sort the headers, so the header order does not matter', () => {
    const a = canonicalEventBytes({
      key: 'L',
      value: Buffer.from([1, 2]),
      headers: { ce_type: 't', ce_id: 'i' },
    });
    const b = canonicalEventBytes({
      key: 'L',
      value: Buffer.from([1, 2]),
      headers: { ce_id: 'i', ce_type: 't' },
    });
    expect(a.equals(b)).toBe(true);
    // The same bytes as the form written out field by field (u32 length, then the bytes).
    const u32 = (value: number) => {
      const bytes = Buffer.alloc(4);
      bytes.writeUInt32BE(value);
      return bytes;
    };
    const field = (bytes: Uint8Array) => Buffer.concat([u32(bytes.byteLength), bytes]);
    const headers = {
      ce_type: 'rre.intake.lot.registered.v1',
      ce_ä: 'Zürich',
      ce_id: 'i',
      'content-type': 'x',
    };
    const names = Object.keys(headers).sort((x, y) => Buffer.compare(Buffer.from(x), Buffer.from(y)));
    const expected = Buffer.concat([
      field(Buffer.from('rre.ledger.event.v1')),
      field(Buffer.from('LOT-ü')),
      field(Buffer.from([0, 255, 7])),
      u32(names.length),
      ...names.flatMap((name) => [
        field(Buffer.from(name)),
        field(Buffer.from(headers[name as keyof typeof headers])),
      ]),
    ]);
    expect(
      canonicalEventBytes({ key: 'LOT-ü', value: Buffer.from([0, 255, 7]), headers }).equals(expected),
    ).toBe(true);
    // 4+19 magic, 4+1 key, 4+2 value, 4 count, headers ce_id (4+5, 4+1) and ce_type (4+7, 4+1)
    expect(a.length).toBe(23 + 5 + 6 + 4 + 14 + 16);
    expect(publishedRecordOf(a)).toEqual({
      key: 'L',
      value: Buffer.from([1, 2]),
      headers: { ce_id: 'i', ce_type: 't' },
    });
  });
});

describe('hash chain', () => {
  it('verifies an untouched chain of 4 entries', () => {
    const verifier = verify(chainOf(['a', 'b', 'c', 'd']));
    expect(verifier.mismatch).toBeUndefined();
    expect(verifier.entries).toBe(4);
  });

  it('names the entry whose bytes were altered, not the ones after it', () => {
    const entries = chainOf(['a', 'b', 'c', 'd']);
    const tampered = entries.map((entry) =>
      entry.chainIndex === 2
        ? { ...entry, eventBytes: Buffer.concat([entry.eventBytes.subarray(0, -1), Buffer.from('x')]) }
        : entry,
    );
    const mismatch = verify(tampered).mismatch;
    expect(mismatch?.entry).toEqual({
      chainId: entries[2]?.chainId,
      chainIndex: 2,
      offset: '12',
      eventId: 'E2',
    });
    expect(mismatch?.problem).toBe('EVENT_BYTES_CHANGED');
  });

  it('catches bytes and hash rewritten together through the next entry', () => {
    const entries = chainOf(['a', 'b', 'c']);
    const forged = chainOf(['a', 'X', 'c']);
    const spliced = [entries[0], forged[1], entries[2]] as StoredEntry[];
    const mismatch = verify(spliced).mismatch;
    expect(mismatch?.entry.chainIndex).toBe(2);
    expect(mismatch?.problem).toBe('PREVIOUS_HASH_MISMATCH');
  });

  it('catches a removed entry', () => {
    const entries = chainOf(['a', 'b', 'c']);
    expect(verify([entries[0], entries[2]] as StoredEntry[]).mismatch?.problem).toBe('CHAIN_INDEX_GAP');
  });

  it('binds the position: the same bytes at another offset give another entry hash', () => {
    const eventHash = sha256(Buffer.from('a'));
    const at = (offset: string) =>
      entryHash(GENESIS_HASH, eventHash, { chainId: 'c', chainIndex: 0, offset, eventId: 'E' }).toString(
        'hex',
      );
    expect(at('1')).not.toBe(at('2'));
  });
});
