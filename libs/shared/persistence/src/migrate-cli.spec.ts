import type { DataSource } from 'typeorm';
import { migrateCommand } from './migrate-cli';

function capture() {
  const lines: { log: string[]; error: string[] } = { log: [], error: [] };
  return {
    lines,
    output: { log: (m: string) => lines.log.push(m), error: (m: string) => lines.error.push(m) },
  };
}

describe('migrateCommand', () => {
  it('refuses unknown arguments with usage and exit code 2, without opening the database', async () => {
    const factory = jest.fn();
    const { lines, output } = capture();
    await expect(migrateCommand(factory, ['--up'], output)).resolves.toBe(2);
    expect(factory).not.toHaveBeenCalled();
    expect(lines.error.join('\n')).toMatch(/unknown argument --up\nusage: migrate \[--revert\]/);
  });

  it('reports a failure with exit code 1 and closes the data source', async () => {
    const destroy = jest.fn(async () => undefined);
    const dataSource = {
      isInitialized: true,
      options: { type: 'postgres', schema: 'intake' },
      createQueryRunner: () => ({
        connect: async () => {
          throw new Error('connection refused');
        },
        release: async () => undefined,
      }),
      destroy,
    } as unknown as DataSource;
    const { lines, output } = capture();
    await expect(migrateCommand(() => dataSource, [], output)).resolves.toBe(1);
    expect(lines.error).toEqual(['migrate failed: connection refused']);
    expect(destroy).toHaveBeenCalled();
  });
});
