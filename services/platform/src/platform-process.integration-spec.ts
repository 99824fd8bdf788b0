import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { scratchDatabase, type ScratchDatabase } from './test-support/scratch-database';

// Runs the platform the way `npm start` does: the compiled entry point in its own process.
const root = path.resolve(__dirname, '..', '..', '..');
jest.setTimeout(180_000);

const onPglite = process.env.TEST_DATABASE === 'pglite';
const serverUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/rre_test';

function startProcess(env: Record<string, string>): { child: ChildProcess; output: () => string } {
  const child = spawn(process.execPath, ['tools/scripts/run.mjs', 'services/platform/src/main.js'], {
    cwd: root,
    env: { PATH: process.env.PATH, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk) => (output += chunk));
  child.stderr?.on('data', (chunk) => (output += chunk));
  return { child, output: () => output };
}

async function waitFor(predicate: () => boolean, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function exitOf(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) resolve(child.exitCode);
    else child.once('exit', (code) => resolve(code));
  });
}

describe(`the platform process (${onPglite ? 'embedded PGlite' : 'PostgreSQL'})`, () => {
  let dataDir: string;
  // PostgreSQL: a database of its own, so that the platform's fixed schemas are not shared with
  // other tests running on rre_test at the same time.
  let database: ScratchDatabase | undefined;

  beforeAll(async () => {
    execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-b', 'tsconfig.build.json'], {
      cwd: root,
    });
    dataDir = mkdtempSync(path.join(tmpdir(), 'rre-platform-process-'));
    if (!onPglite) database = await scratchDatabase(serverUrl);
  });
  afterAll(async () => {
    await database?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('prints where its data lives and its URL, serves GraphQL, and stops cleanly on Ctrl-C', async () => {
    const env: Record<string, string> =
      database === undefined
        ? { PORT: '0', DATA_DIR: dataDir }
        : { PORT: '0', DATABASE_URL: database.url, DATA_DIR: dataDir }; // DATA_DIR/keys: the signing key
    const platform = startProcess(env);
    try {
      // Generous: the process loads and migrates every service, beside other test stages on a busy CI machine.
      await waitFor(() => platform.output().includes('Press Ctrl-C'), 'the start banner', 120_000);
      const url = /GraphQL: (http:\/\/\S+)\/graphql/.exec(platform.output())?.[1];
      expect(platform.output()).toContain(`data:    ${onPglite ? dataDir : database?.url}`);
      const response = await fetch(`${url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ platform { mode } }' }),
      });
      expect(await response.json()).toEqual({
        data: { platform: { mode: onPglite ? 'EMBEDDED' : 'SERVER' } },
      });

      if (onPglite) {
        // A second process on the same data directory must not open it.
        const second = startProcess({ PORT: '0', DATA_DIR: dataDir });
        expect(await exitOf(second.child)).toBe(1);
        expect(second.output()).toContain(dataDir);
        expect(second.output()).toMatch(/lock|in use/i);
      }

      platform.child.kill('SIGINT');
      expect(await exitOf(platform.child)).toBe(0);
      expect(platform.output()).toContain('Platform stopped');
    } finally {
      platform.child.kill('SIGKILL');
    }
  });

  it('stops at start-up on DATABASE_URL=nonsense, naming the variable, the value and the rule', async () => {
    const platform = startProcess({ DATABASE_URL: 'nonsense', PORT: '0' });
    expect(await exitOf(platform.child)).toBe(78);
    expect(platform.output()).toContain('platform: invalid configuration');
    expect(platform.output()).toMatch(/DATABASE_URL="nonsense": .*postgres/);
  });
});
