import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { generateSigningKey, publicKeyPem } from '../signing-keys';
import { verifyProofCommand } from './verify-proof-command';

const dir = mkdtempSync(path.join(tmpdir(), 'verify-proof-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function run(args: string[]): { code: number; lines: string[] } {
  const lines: string[] = [];
  const code = verifyProofCommand(args, (line) => lines.push(line));
  return { code, lines };
}

describe('verify-proof command', () => {
  it('exits 1 with the usage when arguments are missing', () => {
    expect(run([])).toEqual({
      code: 1,
      lines: [expect.stringMatching(/^usage: verify-proof <proof.json> <public-key file/)],
    });
  });

  it('exits 1 naming an unreadable proof or key', () => {
    const key = path.join(dir, 'key.pem');
    writeFileSync(key, publicKeyPem(generateSigningKey().publicKey));
    expect(run([path.join(dir, 'missing.json'), key]).lines[0]).toMatch(
      /^FAILED: cannot read the proof .*missing\.json/,
    );
    const proof = path.join(dir, 'proof.json');
    writeFileSync(proof, '{"format":"rre.ledger.proof.v1"}');
    writeFileSync(path.join(dir, 'bad.pem'), 'nonsense!');
    expect(run([proof, path.join(dir, 'bad.pem')]).lines[0]).toMatch(/^FAILED: cannot read the public key/);
    expect(run([proof, key])).toEqual({
      code: 1,
      lines: ['malformed proof: event, inclusion and checkpoint are all required'],
    });
  });
});
