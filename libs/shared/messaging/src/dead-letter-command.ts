import type { DataSource } from 'typeorm';
import type { DeadLetterStatus } from './dead-letter';
import type { EventConsumerDefinition } from './event-consumer-definition';
import { listDeadLetters } from './list-dead-letters';
import { replayParked } from './replay-parked';

export interface DeadLetterCommandOutput {
  log(message: string): void;
  error(message: string): void;
}

export interface DeadLetterCommandContext {
  /** The service's data source (initialized, or initialized here and destroyed at the end). */
  dataSource: DataSource | (() => DataSource | Promise<DataSource>);
  /**
   * The service's consumers, so that a replay runs their (fixed) handlers; or a function that makes
   * them on the opened data source (a consumer name is then checked after the database is opened).
   */
  consumers:
    readonly EventConsumerDefinition[] | ((dataSource: DataSource) => readonly EventConsumerDefinition[]);
}

const USAGE = [
  'usage: dead-letters list [<consumer>] [--status parked|waiting|replayed] [--key <key>]',
  '       dead-letters replay <consumer> [<key>]   (all parked keys of the consumer without <key>)',
].join('\n');

const STATUSES: readonly string[] = ['parked', 'waiting', 'replayed'];

/**
 * Body of a service's `dead-letters` script. Resolves to the exit code: 0 done, 1 failed (or a
 * replay stopped at an event that failed again), 2 bad arguments.
 */
export async function deadLetterCommand(
  context: DeadLetterCommandContext,
  args: readonly string[] = process.argv.slice(2),
  output: DeadLetterCommandOutput = console,
): Promise<number> {
  const parsed = parseArgs(args);
  if (typeof parsed === 'string') {
    output.error(`${parsed}\n${USAGE}`);
    return 2;
  }
  const findConsumer = (consumers: readonly EventConsumerDefinition[], name: string) => {
    const found = consumers.find((each) => each.name === name);
    if (!found) {
      output.error(
        `unknown consumer ${name}; known: ${consumers.map((each) => each.name).join(', ') || 'none'}`,
      );
    }
    return found;
  };
  let definition: EventConsumerDefinition | undefined;
  if (parsed.command === 'replay' && typeof context.consumers !== 'function') {
    definition = findConsumer(context.consumers, parsed.consumer);
    if (!definition) return 2;
  }
  const owned = typeof context.dataSource === 'function';
  let dataSource: DataSource | undefined;
  try {
    dataSource = typeof context.dataSource === 'function' ? await context.dataSource() : context.dataSource;
    if (!dataSource.isInitialized) await dataSource.initialize();
    if (parsed.command === 'replay' && typeof context.consumers === 'function') {
      definition = findConsumer(context.consumers(dataSource), parsed.consumer);
      if (!definition) return 2;
    }
    if (parsed.command === 'list') {
      const letters = await listDeadLetters(dataSource, parsed.consumer, {
        status: parsed.status,
        key: parsed.key,
      });
      for (const letter of letters) {
        output.log(
          [
            letter.consumer,
            letter.key,
            letter.status,
            letter.reason,
            letter.type,
            letter.eventId,
            `attempts=${letter.attempts}`,
            letter.error ?? '',
          ]
            .join('\t')
            .trimEnd(),
        );
      }
      output.log(`${letters.length} dead letter(s)`);
      return 0;
    }
    const report = await replayParked(dataSource, definition as EventConsumerDefinition, parsed.key);
    let failed = false;
    for (const key of report.keys) {
      if (key.failed) {
        failed = true;
        output.error(
          `${key.key}: replayed ${key.replayed.length}, then ${key.failed.eventId} failed again (${key.failed.reason}): ${key.failed.error}`,
        );
      } else {
        output.log(`${key.key}: replayed ${key.replayed.length}, unparked`);
      }
    }
    if (report.keys.length === 0) output.log(`${report.consumer}: no parked keys`);
    return failed ? 1 : 0;
  } catch (error) {
    output.error(`dead-letters failed: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  } finally {
    if (owned && dataSource?.isInitialized) await dataSource.destroy();
  }
}

type Parsed =
  | { command: 'list'; consumer?: string; status?: DeadLetterStatus; key?: string }
  | { command: 'replay'; consumer: string; key?: string };

function parseArgs(args: readonly string[]): Parsed | string {
  const [command, ...rest] = args;
  if (command === 'list') {
    const parsed: Parsed = { command };
    for (let i = 0; i < rest.length; i++) {
      const arg = rest[i] as string;
      if (arg === '--status' || arg === '--key') {
        const value = rest[++i];
        if (value === undefined) return `${arg} needs a value`;
        if (arg === '--key') parsed.key = value;
        else if (STATUSES.includes(value)) parsed.status = value as DeadLetterStatus;
        else return `unknown status ${value}`;
      } else if (arg.startsWith('--') || parsed.consumer !== undefined) {
        return `unexpected argument ${arg}`;
      } else {
        parsed.consumer = arg;
      }
    }
    return parsed;
  }
  if (command === 'replay') {
    const [consumer, key, extra] = rest;
    if (consumer === undefined) return 'replay needs a consumer';
    if (extra !== undefined) return `unexpected argument ${extra}`;
    return { command, consumer, key };
  }
  return command === undefined ? 'missing command' : `unknown command ${command}`;
}
