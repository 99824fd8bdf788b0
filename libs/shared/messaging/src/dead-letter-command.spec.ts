import type { DataSource } from 'typeorm';
import { deadLetterCommand } from './dead-letter-command';

describe('deadLetterCommand arguments', () => {
  const noDatabase = () => {
    throw new Error('must not open the database');
  };
  const context = {
    dataSource: noDatabase as unknown as () => DataSource,
    consumers: [{ name: 'traceability.lots', topics: ['t'], handlers: {} }],
  };

  async function run(args: string[]) {
    const errors: string[] = [];
    const code = await deadLetterCommand(context, args, {
      log: () => undefined,
      error: (line) => errors.push(line),
    });
    return { code, error: errors.join('\n') };
  }

  it.each([
    [[], 'missing command'],
    [['purge'], 'unknown command purge'],
    [['replay'], 'replay needs a consumer'],
    [['replay', 'traceability.lots', 'LOT-1', 'extra'], 'unexpected argument extra'],
    [['list', '--status'], '--status needs a value'],
    [['list', '--status', 'lost'], 'unknown status lost'],
    [['list', 'a', 'b'], 'unexpected argument b'],
    [['replay', 'sales.orders'], 'unknown consumer sales.orders; known: traceability.lots'],
  ])('exits 2 without opening the database for %j', async (args, message) => {
    const { code, error } = await run(args);
    expect(code).toBe(2);
    expect(error).toContain(message);
  });
});
