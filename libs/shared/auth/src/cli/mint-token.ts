import { ConfigError, loadConfig } from '@rre/config';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { authConfigSpec, resolveAuthSettings } from '../auth-config';
import { loadOrCreateSigningKey } from '../local-signing-key';
import { parseRoles, ROLES } from '../principal';
import { mintToken, parseTtl } from '../token-minter';

export const USAGE = `Mints a token signed with the embedded platform's local key (printed alone on stdout).

  npm run -s token -- --role <role>[,<role>...] --org <organisation id> --sub <subject id>
                      [--machine] [--ttl 8h] [--data-dir ./data] [--key-dir <dir>]

  --role      one or more of ${ROLES.join(', ')} (repeat the option or separate by commas)
  --org       the organisation (tenant) id, e.g. org-a
  --sub       a pseudonymous subject id (never a person's name); for --machine the client id
  --machine   a client-credentials token for a machine client (MES)
  --ttl       lifetime: <n>s, <n>m, <n>h or <n>d (default 8h, at most 30d)
  --data-dir  the platform's DATA_DIR (default: $DATA_DIR, else ./data); the key is in <data-dir>/keys
  --key-dir   the key directory (default: $AUTH_KEY_DIR, else <data-dir>/keys)

Also reads AUTH_ISSUER, AUTH_AUDIENCE, AUTH_KEY_ALGORITHM, AUTH_ROLES_CLAIM and AUTH_ORGANISATION_CLAIM
as the platform does. Example: TOKEN=$(npm run -s token -- --role recycler --org org-a --sub u-123)`;

export interface CliIo {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
  env: Record<string, string | undefined>;
}

class UsageError extends Error {}

/** Runs the CLI with `argv` (without node and the script); resolves to the exit code. */
export async function main(
  argv: readonly string[],
  io: CliIo = { stdout: process.stdout, stderr: process.stderr, env: process.env },
): Promise<number> {
  try {
    let values;
    try {
      ({ values } = parseArgs({
        args: [...argv],
        strict: true,
        allowPositionals: false,
        options: {
          role: { type: 'string', multiple: true },
          org: { type: 'string' },
          sub: { type: 'string' },
          machine: { type: 'boolean', default: false },
          ttl: { type: 'string', default: '8h' },
          'data-dir': { type: 'string' },
          'key-dir': { type: 'string' },
          help: { type: 'boolean', short: 'h', default: false },
        },
      }));
    } catch (error) {
      throw new UsageError((error as Error).message);
    }
    if (values.help) {
      io.stdout.write(USAGE + '\n');
      return 0;
    }
    if (!values.role?.length) throw new UsageError(`--role is required (one of ${ROLES.join(', ')})`);
    if (!values.org) throw new UsageError('--org is required');
    if (!values.sub) throw new UsageError('--sub is required');
    let roles;
    let ttl: string;
    try {
      roles = parseRoles(values.role);
      parseTtl(values.ttl);
      ttl = values.ttl;
    } catch (error) {
      throw new UsageError((error as Error).message);
    }

    const config = loadConfig('token', authConfigSpec, io.env);
    if (config.AUTH_JWKS_URL !== undefined) {
      throw new UsageError(
        `AUTH_JWKS_URL is set (${config.AUTH_JWKS_URL}): the platform accepts only that provider's tokens; get one from it`,
      );
    }
    const dataDir = values['data-dir'] ?? io.env['DATA_DIR'] ?? './data';
    const settings = resolveAuthSettings(
      { ...config, AUTH_KEY_DIR: values['key-dir'] ?? config.AUTH_KEY_DIR },
      { dataDir: path.resolve(dataDir), service: 'token' },
    );
    if (settings.mode !== 'embedded') throw new Error('unreachable: remote mode');
    const key = await loadOrCreateSigningKey(settings.keyDir, settings.keyAlgorithm);
    const token = await mintToken(
      key,
      { subject: values.sub, organisationId: values.org, roles, machine: values.machine, ttl },
      { issuer: settings.issuer, audience: settings.audience, claims: settings.claims },
    );
    io.stdout.write(token + '\n');
    return 0;
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(`token: ${error.message}\n\n${USAGE}\n`);
      return 2;
    }
    if (error instanceof ConfigError) {
      io.stderr.write(error.message + '\n');
      return 78;
    }
    io.stderr.write(`token: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}

/** True when this file is the program (node mint-token.js, or tools/scripts/run.mjs .../mint-token.js). */
function isProgram(): boolean {
  const entry = process.argv[1];
  return require.main === module || (entry !== undefined && __filename.endsWith(path.normalize(entry)));
}

if (isProgram()) {
  main(process.argv.slice(2)).then(
    (code) => (process.exitCode = code),
    (error: unknown) => {
      process.stderr.write(`token: ${String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
