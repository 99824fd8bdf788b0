import { statSync } from 'node:fs';
import path from 'node:path';
import { resolveAuthSettings, authConfigSpec } from '../auth-config';
import { loadConfig } from '@rre/config';
import { createAuth } from '../create-auth';
import { capturingLogger, temporaryDirectory } from '../test-support/auth-fixtures';
import { main } from './mint-token';

async function run(argv: string[], env: Record<string, string | undefined> = {}) {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, {
    stdout: { write: (t: string) => (stdout += t) },
    stderr: { write: (t: string) => (stderr += t) },
    env,
  });
  return { code, stdout, stderr };
}

describe('the token CLI', () => {
  let tmp: ReturnType<typeof temporaryDirectory>;
  beforeEach(() => (tmp = temporaryDirectory()));
  afterEach(() => tmp.remove());

  const platformVerifier = async (dataDir: string, env: Record<string, string> = {}) =>
    (
      await createAuth(resolveAuthSettings(loadConfig('platform', authConfigSpec, env), { dataDir }), {
        logger: capturingLogger().logger,
      })
    ).verifier;

  it('prints only a token, signed with the key the platform uses, that the platform accepts', async () => {
    const { code, stdout, stderr } = await run([
      '--role',
      'recycler',
      '--org',
      'org-a',
      '--sub',
      'u-1',
      '--data-dir',
      tmp.dir,
    ]);
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    expect(stdout).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+\n$/);
    expect(statSync(path.join(tmp.dir, 'keys', 'signing-key.jwk.json')).mode & 0o777).toBe(0o600);

    const principal = await (await platformVerifier(tmp.dir)).verify(stdout.trim());
    expect(principal).toEqual({
      subject: 'u-1',
      organisationId: 'org-a',
      roles: ['recycler'],
      clientKind: 'user',
      tokenId: expect.any(String),
    });
  });

  it('mints machine tokens with several roles, a ttl, and DATA_DIR from the environment', async () => {
    const { code, stdout } = await run(
      [
        '--role',
        'operator',
        '--role',
        'lab',
        '--org',
        'plant-1',
        '--sub',
        'mes-line-1',
        '--machine',
        '--ttl',
        '15m',
      ],
      { DATA_DIR: tmp.dir },
    );
    expect(code).toBe(0);
    const principal = await (await platformVerifier(tmp.dir)).verify(stdout.trim());
    expect(principal).toMatchObject({
      subject: 'mes-line-1',
      roles: ['lab', 'operator'],
      clientKind: 'machine',
    });
    const payload = JSON.parse(Buffer.from(stdout.split('.')[1], 'base64url').toString());
    expect(payload.exp - payload.iat).toBe(15 * 60);
    expect(payload).toMatchObject({ gty: 'client-credentials', client_id: 'mes-line-1' });
  });

  it('follows AUTH_ISSUER, AUTH_AUDIENCE and AUTH_KEY_DIR as the platform does', async () => {
    const env = {
      AUTH_ISSUER: 'urn:rre:test',
      AUTH_AUDIENCE: 'rre-test',
      AUTH_KEY_DIR: path.join(tmp.dir, 'k'),
    };
    const { code, stdout } = await run(['--role', 'admin', '--org', 'org-a', '--sub', 'u-9'], env);
    expect(code).toBe(0);
    await expect((await platformVerifier('/nonexistent', env)).verify(stdout.trim())).resolves.toMatchObject({
      roles: ['admin'],
    });
    await expect((await platformVerifier(tmp.dir)).verify(stdout.trim())).rejects.toThrow(/Unauthenticated/);
  });

  it('refuses an unknown role, naming the roles there are', async () => {
    const { code, stdout, stderr } = await run([
      '--role',
      'wizard',
      '--org',
      'org-a',
      '--sub',
      'u-1',
      '--data-dir',
      tmp.dir,
    ]);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain(
      'unknown role "wizard": must be one of recycler, lab, operator, auditor, sales, admin',
    );
  });

  it.each([
    [['--org', 'o', '--sub', 's'], '--role is required'],
    [['--role', 'lab', '--sub', 's'], '--org is required'],
    [['--role', 'lab', '--org', 'o'], '--sub is required'],
    [['--role', 'lab', '--org', 'o', '--sub', 's', '--ttl', 'forever'], 'ttl "forever"'],
    [['--role', 'lab', '--org', 'o', '--sub', 's', '--ttl', '90d'], 'between 1s and 30d'],
    [['--role', 'lab', '--org', 'o', '--sub', 's', '--colour', 'red'], "Unknown option '--colour'"],
  ])('explains a usage error: %j', async (argv, message) => {
    const { code, stderr } = await run([...argv, '--data-dir', tmp.dir]);
    expect(code).toBe(2);
    expect(stderr).toContain(message);
  });

  it('refuses a subject that is not an id', async () => {
    const { code, stderr } = await run([
      '--role',
      'lab',
      '--org',
      'org-a',
      '--sub',
      'Alice Example',
      '--data-dir',
      tmp.dir,
    ]);
    expect(code).toBe(1);
    expect(stderr).toContain('subject "Alice Example": must be an id');
  });

  it('refuses to mint when the platform trusts an external provider', async () => {
    const { code, stderr } = await run(['--role', 'lab', '--org', 'o', '--sub', 's'], {
      AUTH_JWKS_URL: 'https://idp.example/jwks',
      AUTH_ISSUER: 'https://idp.example',
    });
    expect(code).toBe(2);
    expect(stderr).toContain('AUTH_JWKS_URL is set');
  });

  it('prints its usage with --help', async () => {
    const { code, stdout } = await run(['--help']);
    expect(code).toBe(0);
    expect(stdout).toContain('--role');
  });
});
