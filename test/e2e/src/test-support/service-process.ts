import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { waitFor } from '@rre/testing';

/** The workspace root, from this file's place in test/e2e/src/test-support. */
export const workspaceRoot = path.resolve(__dirname, '..', '..', '..', '..');

export interface ServiceProcess {
  /** e.g. 'intake' or 'gateway'. */
  readonly name: string;
  readonly child: ChildProcess;
  /** Base URL, e.g. http://127.0.0.1:41234 (GraphQL at <url>/graphql). */
  readonly url: string;
  /** Everything it printed so far. */
  output(): string;
  /** SIGTERM, then SIGKILL if it has not exited after `graceMs`. Resolves once it has exited. */
  stop(graceMs?: number): Promise<void>;
}

/**
 * Starts a compiled entry point (dist/out-tsc, as `nx run <service>:serve` and production do, through
 * tools/scripts/run.mjs) with only PATH and `env` in its environment, and resolves once it printed
 * its GraphQL URL. With `readyPath`, also waits until GET <url><readyPath> answers 200.
 */
export async function startServiceProcess(options: {
  name: string;
  /** Relative to dist/out-tsc, e.g. services/intake/src/main.js. */
  entry: string;
  env: Record<string, string>;
  readyPath?: string;
  timeoutMs: number;
}): Promise<ServiceProcess> {
  const compiled = path.join(workspaceRoot, 'dist', 'out-tsc', options.entry);
  if (!existsSync(compiled))
    throw new Error(`${compiled} does not exist: build first (npx tsc -b tsconfig.build.json)`);
  const child = spawn(process.execPath, ['tools/scripts/run.mjs', options.entry], {
    cwd: workspaceRoot,
    env: { PATH: process.env['PATH'] ?? '', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let printed = '';
  // Should the test process end before stop() (Ctrl-C, a crash), the service does not outlive it.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  const exited = new Promise<void>((resolve) =>
    child.once('exit', () => {
      process.off('exit', killOnExit);
      resolve();
    }),
  );
  const stop = async (graceMs = 15_000) => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    await exited;
    clearTimeout(timer);
  };
  try {
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(
        () =>
          reject(
            new Error(
              `${options.name} printed no GraphQL URL within ${options.timeoutMs / 1000} s:\n${printed}`,
            ),
          ),
        options.timeoutMs,
      );
      const onData = (chunk: Buffer) => {
        printed += chunk.toString('utf8');
        const match = /GraphQL:\s+(http:\/\/\S+)\/graphql/.exec(printed);
        if (match?.[1]) {
          clearTimeout(timer);
          resolve(match[1]);
        }
      };
      child.stdout?.on('data', onData);
      child.stderr?.on('data', onData);
      void exited.then(() => {
        clearTimeout(timer);
        reject(
          new Error(
            `${options.name} exited (${child.exitCode ?? child.signalCode}) before it answered:\n${printed}`,
          ),
        );
      });
    });
    if (options.readyPath) {
      const readyUrl = `${url}${options.readyPath}`;
      await waitFor(
        async () => {
          if (child.exitCode !== null) throw new Error(`${options.name} exited:\n${printed}`);
          return (await fetch(readyUrl).catch(() => undefined))?.status === 200;
        },
        `${readyUrl} answers 200`,
        { timeoutMs: options.timeoutMs, intervalMs: 250 },
      );
    }
    return { name: options.name, child, url, output: () => printed, stop };
  } catch (error) {
    await stop(2_000);
    throw error;
  }
}
