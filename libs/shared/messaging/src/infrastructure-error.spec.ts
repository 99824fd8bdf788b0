import { isDatabaseUnavailable } from './infrastructure-error';

describe('isDatabaseUnavailable', () => {
  it('recognises lost and refused connections, wrapped or not', () => {
    expect(
      isDatabaseUnavailable(
        Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }),
      ),
    ).toBe(true);
    expect(isDatabaseUnavailable(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(isDatabaseUnavailable({ message: 'query failed', driverError: { code: '57P01' } })).toBe(true);
    expect(isDatabaseUnavailable(new Error('outer', { cause: { code: '08006' } }))).toBe(true);
  });

  it('does not take failures of the work itself for an outage', () => {
    expect(isDatabaseUnavailable(new Error('cannot apply note 2'))).toBe(false);
    expect(isDatabaseUnavailable({ message: 'duplicate key', code: '23505' })).toBe(false);
    expect(isDatabaseUnavailable({ message: 'deadlock detected', code: '40P01' })).toBe(false);
    expect(isDatabaseUnavailable(undefined)).toBe(false);
  });
});
