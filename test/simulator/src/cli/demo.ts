import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { signingKeyTokens } from '../drive/token-source';
import { DEFAULT_SIMULATION, simulationSettings } from '../plan/simulation-settings';
import { startPlatformProcess } from '../platform-process';
import { summaryLines } from '../report/simulation-summary';
import { simulatePlant } from '../simulate-plant';
import { ProgressBar } from './progress-bar';

/**
 * `npm run demo`: the embedded platform (as `npm start` runs it, same environment variables) with
 * a simulated month already in it. The month is simulated once per data directory: the file
 * DEMO_FILE in DATA_DIR records it, and a restart serves what is there. A data directory that holds
 * other data, or a demo that was interrupted, is refused with what to do.
 */
export const DEMO_FILE = 'demo-month.json';

interface DemoRecord {
  status: 'simulating' | 'complete';
  seed: string;
  days: number;
  startedAt: string;
  completedAt?: string;
  plan?: string;
  summary?: string[];
}

async function platformStarts(graphqlUrl: string): Promise<number> {
  const response = await fetch(graphqlUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: '{ platform { starts } }' }),
  });
  const answer = (await response.json()) as { data?: { platform?: { starts?: number } } };
  const starts = answer.data?.platform?.starts;
  if (typeof starts !== 'number') throw new Error(`${graphqlUrl} did not say how often it started`);
  return starts;
}

async function main(argv: readonly string[]): Promise<number> {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      seed: { type: 'string', default: DEFAULT_SIMULATION.seed },
      days: { type: 'string', default: '30' },
    },
  });
  const settings = simulationSettings({ seed: values.seed, days: Number(values.days) });
  if (process.env['AUTH_JWKS_URL']) {
    console.error(
      'demo: AUTH_JWKS_URL is set; the demo signs its tokens with the embedded local key: unset it',
    );
    return 78;
  }
  const dataDir = path.resolve(process.env['DATA_DIR'] ?? './data');
  const recordFile = path.join(dataDir, DEMO_FILE);
  const record = existsSync(recordFile)
    ? (JSON.parse(readFileSync(recordFile, 'utf8')) as DemoRecord)
    : undefined;
  if (record?.status === 'simulating') {
    console.error(
      `demo: the demo month in ${dataDir} was interrupted (started ${record.startedAt}); its data is incomplete.\n` +
        `  Remove ${dataDir} (or set DATA_DIR to a new directory) and run npm run demo again.`,
    );
    return 1;
  }

  // The platform's log is shown, except while the month is simulated: it logs every refusal of an
  // injected fault with its stack.
  let quiet = false;
  let withheld = 0;
  const platform = await startPlatformProcess({
    output: (line) => (quiet ? (withheld += 1) : console.log(line)),
  });
  const stop = async (code: number) => {
    const exit = await platform.stop();
    return exit === 0 || exit === null ? code : exit;
  };
  try {
    if (!record) {
      const starts = await platformStarts(platform.graphqlUrl);
      if (starts > 1) {
        console.error(
          `demo: ${process.env['DATABASE_URL'] ? 'the database' : dataDir} already holds a platform's data (started ${starts} times) that the demo did not make.\n` +
            `  The demo adds its month only to a new data directory: run DATA_DIR=tmp/demo npm run demo, or remove ${dataDir}.`,
        );
        return await stop(1);
      }
      const simulating: DemoRecord = {
        status: 'simulating',
        seed: settings.seed,
        days: settings.days,
        startedAt: new Date().toISOString(),
      };
      writeFileSync(recordFile, `${JSON.stringify(simulating, null, 2)}\n`);
      console.log(
        `Simulating ${settings.days} days of plant operation (seed ${settings.seed}) into ${dataDir} ...`,
      );
      const bar = new ProgressBar(process.stderr, settings.days);
      quiet = true;
      const simulated = await simulatePlant({
        target: platform.graphqlUrl,
        tokens: await signingKeyTokens({ keyDir: process.env['AUTH_KEY_DIR'] ?? path.join(dataDir, 'keys') }),
        settings,
        databaseUrl: process.env['DATABASE_URL'],
        onProgress: (done, total, request) => bar.update(done, total, request.day, request.note),
      });
      const summary = summaryLines(
        simulated.plan,
        simulated.result,
        simulated.report?.accounts,
        simulated.sales?.books,
        { reconciliation: simulated.reconciliation, deadLetters: simulated.deadLetters },
      );
      const complete: DemoRecord = {
        ...simulating,
        status: 'complete',
        completedAt: new Date().toISOString(),
        plan: simulated.plan.digest,
        summary,
      };
      writeFileSync(recordFile, `${JSON.stringify(complete, null, 2)}\n`);
      quiet = false;
      console.log(
        `${summary.join('\n')}\n(${withheld} lines of the platform's log withheld while simulating)`,
      );
    } else {
      console.log(
        `The demo month (seed ${record.seed}, ${record.days} days, simulated ${record.completedAt}) is in ${dataDir}:\n${(record.summary ?? []).join('\n')}`,
      );
    }
    console.log(
      `\nDemo ready at ${platform.graphqlUrl}. Try, with a token from npm run -s token -- --role auditor --org org-audit --sub you:\n` +
        `  { concentrationRuns(first: 5) { items { id kind status balance { closes } } } }\n` +
        'Press Ctrl-C to stop.',
    );
  } catch (error) {
    quiet = false;
    console.error(`demo: ${(error as Error).message}`);
    return await stop(1);
  }
  const forward = () => void platform.stop();
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  const code = await platform.exited;
  return code ?? 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`demo: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
