import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

/** The workspace root, from this file's place in the sources or in dist/out-tsc. */
export function workspaceRoot(): string {
  const compiled = __dirname.split(path.sep).includes('out-tsc');
  return path.resolve(__dirname, compiled ? '../../../../..' : '../../..');
}

export interface PlatformProcess {
  /** The GraphQL endpoint, e.g. http://127.0.0.1:3000/graphql. */
  readonly graphqlUrl: string;
  readonly child: ChildProcess;
  /** Stops it as Ctrl-C does; resolves to its exit code. */
  stop(): Promise<number | null>;
  /** Resolves to the exit code when it ends by itself or is stopped. */
  readonly exited: Promise<number | null>;
}

/**
 * Starts the platform as `npm start` does (the compiled services/platform/src/main.js, run by
 * tools/scripts/run.mjs; build it first with `tsc -b tsconfig.build.json`), with `env` on top of
 * this process's environment, and resolves once it prints its GraphQL URL. Its output goes to
 * `output` (default: nowhere, except what it prints when it fails to start).
 */
export async function startPlatformProcess(options: {
  env?: Record<string, string | undefined>;
  output?: (line: string) => void;
  startTimeoutMs?: number;
}): Promise<PlatformProcess> {
  const root = workspaceRoot();
  const entry = path.join(root, 'dist', 'out-tsc', 'services', 'platform', 'src', 'main.js');
  if (!existsSync(entry))
    throw new Error(`${entry} does not exist: build first (npx tsc -b tsconfig.build.json)`);
  const child = spawn(process.execPath, ['tools/scripts/run.mjs', 'services/platform/src/main.js'], {
    cwd: root,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const printed: string[] = [];
  const graphqlUrl = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () =>
        reject(
          new Error(
            `the platform did not start within ${(options.startTimeoutMs ?? 120_000) / 1000} s:\n${printed.join('\n')}`,
          ),
        ),
      options.startTimeoutMs ?? 120_000,
    );
    const onLine = (line: string) => {
      printed.push(line);
      options.output?.(line);
      const match = /GraphQL:\s+(\S+)/.exec(line);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    for (const stream of [child.stdout, child.stderr]) {
      let buffered = '';
      stream?.on('data', (chunk: Buffer) => {
        buffered += chunk.toString('utf8');
        const lines = buffered.split('\n');
        buffered = lines.pop() ?? '';
        lines.forEach(onLine);
      });
    }
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`the platform exited with code ${code} before it answered:\n${printed.join('\n')}`));
    });
  });
  return {
    graphqlUrl,
    child,
    exited,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGINT');
      return exited;
    },
  };
}
