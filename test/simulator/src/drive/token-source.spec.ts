import { loadOrCreateSigningKey } from '@rre/auth';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { LIMS, MES, recyclerActor } from '../plant/plant-actors';
import { fileTokens, signingKeyTokens } from './token-source';

function claimsOf(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<
    string,
    unknown
  >;
}

describe('token sources', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(path.join(tmpdir(), 'rre-simulator-keys-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("refuses a key directory without the platform's key, rather than signing with a new one", async () => {
    await expect(signingKeyTokens({ keyDir: dir, env: {} })).rejects.toThrow(
      `no signing key in ${dir}: pass the --data-dir (or --key-dir) of the embedded platform you simulate against`,
    );
  });

  it("signs each actor's token with the platform's key: subject, organisation, roles, machine clients", async () => {
    await loadOrCreateSigningKey(dir);
    const tokens = await signingKeyTokens({ keyDir: dir, env: {} });
    expect(claimsOf(await tokens.tokenFor(MES))).toMatchObject({
      sub: 'mes-concentration-1',
      org: 'org-plant',
      roles: ['operator'],
      client_id: 'mes-concentration-1',
      iss: 'urn:rre:embedded',
      aud: 'rre-platform',
    });
    const recycler = claimsOf(await tokens.tokenFor(recyclerActor('org-kanto-ev-recycling')));
    expect(recycler).toMatchObject({ org: 'org-kanto-ev-recycling', roles: ['recycler'] });
    expect(recycler['client_id']).toBeUndefined();
  });

  it('reads tokens by actor name from a file, and names the actor and its roles when one is missing', async () => {
    const file = path.join(dir, 'tokens.json');
    writeFileSync(file, JSON.stringify({ mes: 'token-of-the-mes' }));
    const tokens = fileTokens(file);
    await expect(tokens.tokenFor(MES)).resolves.toBe('token-of-the-mes');
    await expect(tokens.tokenFor(LIMS)).rejects.toThrow(
      `${file} has no token for actor "lims" (subject lims-1, organisation org-plant, roles lab, machine client)`,
    );
  });
});
