import type { DataSource, EntityManager } from 'typeorm';
import { isSerializationFailure, isUniqueViolation, sqlStateOf } from './postgres-error';
import { inTransaction } from './transaction';

function failure(code: string): Error {
  // Shaped like TypeORM's QueryFailedError: the pg error is kept in driverError.
  return Object.assign(new Error(`failed with ${code}`), { driverError: { code } });
}

function fakeDataSource(outcomes: (Error | 'ok')[]) {
  const calls: (string | undefined)[] = [];
  const manager = {} as EntityManager;
  const transaction = jest.fn(async (...args: unknown[]) => {
    const work = args[args.length - 1] as (manager: EntityManager) => Promise<unknown>;
    calls.push(args.length === 2 ? (args[0] as string) : undefined);
    const outcome = outcomes.shift();
    if (outcome instanceof Error) throw outcome;
    return work(manager);
  });
  return { dataSource: { transaction } as unknown as DataSource, calls, manager };
}

describe('inTransaction', () => {
  it('runs the work with the transaction manager and returns its result', async () => {
    const { dataSource, calls, manager } = fakeDataSource(['ok']);
    await expect(
      inTransaction(dataSource, async (m) => (m === manager ? 'same manager' : 'other')),
    ).resolves.toBe('same manager');
    expect(calls).toEqual([undefined]);
  });

  it('passes the isolation level', async () => {
    const { dataSource, calls } = fakeDataSource(['ok']);
    await inTransaction(dataSource, async () => 1, { isolationLevel: 'SERIALIZABLE' });
    expect(calls).toEqual(['SERIALIZABLE']);
  });

  it('does not retry by default', async () => {
    const { dataSource, calls } = fakeDataSource([failure('40001'), 'ok']);
    await expect(inTransaction(dataSource, async () => 1)).rejects.toThrow('failed with 40001');
    expect(calls).toHaveLength(1);
  });

  it('retries serialization failures and deadlocks up to the given number of times', async () => {
    const { dataSource, calls } = fakeDataSource([failure('40001'), failure('40P01'), 'ok']);
    await expect(
      inTransaction(dataSource, async () => 'done', { retries: 2, backoffMs: () => 0 }),
    ).resolves.toBe('done');
    expect(calls).toHaveLength(3);

    const exhausted = fakeDataSource([failure('40001'), failure('40001'), failure('40001')]);
    await expect(
      inTransaction(exhausted.dataSource, async () => 1, { retries: 2, backoffMs: () => 0 }),
    ).rejects.toThrow('40001');
    expect(exhausted.calls).toHaveLength(3);
  });

  it('never retries other errors', async () => {
    const { dataSource, calls } = fakeDataSource([failure('23505'), 'ok']);
    await expect(
      inTransaction(dataSource, async () => 1, { retries: 5, backoffMs: () => 0 }),
    ).rejects.toThrow('23505');
    expect(calls).toHaveLength(1);
  });

  it('rejects a negative retry count', async () => {
    const { dataSource } = fakeDataSource(['ok']);
    await expect(inTransaction(dataSource, async () => 1, { retries: -1 })).rejects.toThrow(/non-negative/);
  });
});

describe('SQLSTATE helpers', () => {
  it('read the code from pg errors and from TypeORM QueryFailedError', () => {
    expect(sqlStateOf({ code: '23505' })).toBe('23505');
    expect(sqlStateOf(failure('40P01'))).toBe('40P01');
    expect(sqlStateOf(Object.assign(new Error('x'), { code: 'ECONNREFUSED' }))).toBeUndefined();
    expect(sqlStateOf('23505')).toBeUndefined();
    expect(isUniqueViolation(failure('23505'))).toBe(true);
    expect(isSerializationFailure(failure('40001'))).toBe(true);
    expect(isSerializationFailure(failure('23505'))).toBe(false);
  });
});
