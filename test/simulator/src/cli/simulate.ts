import path from 'node:path';
import { parseArgs } from 'node:util';
import { PlantDriveError, requestLogDigest } from '../drive/plant-driver';
import { fileTokens, signingKeyTokens, type TokenSource } from '../drive/token-source';
import { planPlantOperation } from '../plan/plant-planner';
import { DEFAULT_SIMULATION } from '../plan/simulation-settings';
import { summaryLines } from '../report/simulation-summary';
import { simulatePlant } from '../simulate-plant';
import { ProgressBar } from './progress-bar';

export const USAGE = `Simulates a plant's operation through the platform's GraphQL API: recyclers, the lab, the MES.

  npm run simulate -- [--days 30] [--seed 42] [--target http://localhost:3000/graphql] [--rate <req/s>]
                      [--data-dir ./data | --key-dir <dir> | --tokens <file>] [--start 2026-01-05]
                      [--faults 0.05] [--namespace <tag>] [--database-url <url>] [--plan-only] [--list-actors]

  --days        simulated days (default ${DEFAULT_SIMULATION.days})
  --seed        the seed: the same seed sends the same requests (default ${DEFAULT_SIMULATION.seed})
  --target      the GraphQL endpoint (default http://localhost:3000/graphql)
  --rate        requests per second at most (default: as fast as the platform answers)
  --data-dir    the embedded platform's DATA_DIR; tokens are signed with its key <data-dir>/keys
                (default: $DATA_DIR, else ./data)
  --key-dir     the signing key's directory instead (default: $AUTH_KEY_DIR, else <data-dir>/keys)
  --tokens      a JSON file of tokens by actor name, for a platform whose tokens come from an OIDC
                provider (--list-actors prints the actors and the roles each needs)
  --start       first simulated day, YYYY-MM-DD (default ${DEFAULT_SIMULATION.startDate}); the period must end by now
  --faults      share of fault opportunities that get one, 0 to 1 (default ${DEFAULT_SIMULATION.faultShare}; 0: none)
  --namespace   a tag added to every reference and idempotency key, to run a seed again on one platform
  --database-url the platform's PostgreSQL database, to check its dead letters at the end (default
                $DATABASE_URL; the embedded platform's PGlite cannot be read while it runs)
  --plan-only   print the plan's digest, size and request log digest without sending anything
  --list-actors print the actors (subject, organisation, roles) as JSON and stop`;

class UsageError extends Error {}

function number(name: string, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (!Number.isFinite(value)) throw new UsageError(`--${name}: got "${raw}", must be a number`);
  return value;
}

export async function main(argv: readonly string[], env = process.env): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        days: { type: 'string' },
        seed: { type: 'string' },
        target: { type: 'string', default: 'http://localhost:3000/graphql' },
        rate: { type: 'string' },
        'data-dir': { type: 'string' },
        'key-dir': { type: 'string' },
        tokens: { type: 'string' },
        start: { type: 'string' },
        faults: { type: 'string' },
        namespace: { type: 'string' },
        'database-url': { type: 'string' },
        'plan-only': { type: 'boolean', default: false },
        'list-actors': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }));
  } catch (error) {
    process.stderr.write(`simulate: ${(error as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  try {
    const settings = {
      ...(values.seed !== undefined ? { seed: values.seed } : {}),
      ...(values.days !== undefined ? { days: number('days', values.days) } : {}),
      ...(values.start !== undefined ? { startDate: values.start } : {}),
      ...(values.faults !== undefined ? { faultShare: number('faults', values.faults) } : {}),
      ...(values.namespace !== undefined ? { namespace: values.namespace } : {}),
    };
    const plan = planPlantOperation(settings);
    if (values['list-actors']) {
      process.stdout.write(`${JSON.stringify(plan.actors, null, 2)}\n`);
      return 0;
    }
    if (values['plan-only']) {
      const registered = [...plan.ledger.lots.values()].filter((lot) => lot.origin === 'INTAKE').length;
      process.stdout.write(
        `plan ${plan.digest}: ${plan.requests.length} requests, ${registered} lots registered, ${plan.ledger.runs.length} runs; request log ${requestLogDigest(plan)}\n`,
      );
      return 0;
    }
    const rate = number('rate', values.rate);
    let tokens: TokenSource;
    if (values.tokens) {
      tokens = fileTokens(values.tokens);
    } else {
      const dataDir = values['data-dir'] ?? env['DATA_DIR'] ?? './data';
      tokens = await signingKeyTokens({
        keyDir: values['key-dir'] ?? env['AUTH_KEY_DIR'] ?? path.join(dataDir, 'keys'),
        env,
      });
    }
    const bar = new ProgressBar(process.stderr, plan.settings.days);
    const simulated = await simulatePlant({
      target: values.target,
      tokens,
      settings,
      rate,
      databaseUrl: values['database-url'] ?? env['DATABASE_URL'],
      onProgress: (done, total, request) => bar.update(done, total, request.day, request.note),
    });
    process.stdout.write(
      `${summaryLines(simulated.plan, simulated.result, simulated.report?.accounts, simulated.sales?.books, {
        reconciliation: simulated.reconciliation,
        deadLetters: simulated.deadLetters,
      }).join('\n')}\n`,
    );
    return 0;
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`simulate: ${error.message}\n\n${USAGE}\n`);
      return 2;
    }
    process.stderr.write(`\nsimulate: ${(error as Error).message}\n`);
    if (error instanceof PlantDriveError && error.answer) {
      process.stderr.write(`  answer: ${JSON.stringify(error.answer).slice(0, 2000)}\n`);
    }
    return 1;
  }
}

if (require.main === module || process.argv[1]?.endsWith(path.normalize('cli/simulate.js'))) {
  main(process.argv.slice(2)).then(
    (code) => (process.exitCode = code),
    (error: unknown) => {
      process.stderr.write(`simulate: ${String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
