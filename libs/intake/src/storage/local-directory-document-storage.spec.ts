import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import { LocalDirectoryDocumentStorage } from './local-directory-document-storage';

describe('LocalDirectoryDocumentStorage', () => {
  let directory: string;
  beforeEach(() => {
    directory = mkdtempSync(path.join(tmpdir(), 'rre-documents-'));
  });
  afterEach(() => rmSync(directory, { recursive: true, force: true }));

  it('keeps bytes under their SHA-256: "hello" is 2cf24dba..., 5 bytes', async () => {
    const storage = new LocalDirectoryDocumentStorage(directory);
    const stored = await storage.put(Readable.from([Buffer.from('hel'), Buffer.from('lo')]), 1024);
    expect(stored).toEqual({
      sha256: '2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824',
      sizeBytes: 5,
      storageKey: 'sha256/2c/2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824',
    });
    expect(await text(storage.open(stored.storageKey))).toBe('hello');
    const again = await storage.put(Readable.from([Buffer.from('hello')]), 1024);
    expect(again).toEqual(stored);
    expect(readdirSync(path.join(directory, 'incoming'))).toEqual([]);
  });

  it('refuses more than the limit and keeps nothing', async () => {
    const storage = new LocalDirectoryDocumentStorage(directory);
    await expect(storage.put(Readable.from([Buffer.alloc(600), Buffer.alloc(600)]), 1000)).rejects.toThrow(
      'content: got more than 1000 bytes, must be at most 1000 bytes',
    );
    expect(readdirSync(path.join(directory, 'incoming'))).toEqual([]);
    expect(readdirSync(directory)).toEqual(['incoming']);
  });

  it('opens only keys it wrote', () => {
    expect(() => new LocalDirectoryDocumentStorage(directory).open('../../etc/passwd')).toThrow(
      'is not one this storage wrote',
    );
  });
});
