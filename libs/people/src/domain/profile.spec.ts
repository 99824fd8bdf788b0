import { PeopleError } from './people-error';
import { parseErasureReason, parseProfile } from './profile';

function refusal(action: () => unknown): Pick<PeopleError, 'code' | 'field' | 'value' | 'rule'> {
  try {
    action();
  } catch (error) {
    if (error instanceof PeopleError) {
      return { code: error.code, field: error.field, value: error.value, rule: error.rule };
    }
    throw error;
  }
  throw new Error('not refused');
}

describe('a profile', () => {
  it('is trimmed, with the e-mail address lower-cased and absent contact details null', () => {
    expect(parseProfile({ displayName: ' Taro Sato ', email: ' Taro@Example.COM ' })).toEqual({
      displayName: 'Taro Sato',
      email: 'taro@example.com',
      phone: null,
    });
    expect(parseProfile({ displayName: 'Taro', phone: '+81 (3) 1234-5678' })).toEqual({
      displayName: 'Taro',
      email: null,
      phone: '+81 (3) 1234-5678',
    });
  });

  it('is refused with the field, value and rule that was broken', () => {
    expect(refusal(() => parseProfile({ displayName: '  ' }))).toEqual({
      code: 'INVALID_INPUT',
      field: 'displayName',
      value: '"  "',
      rule: 'must be 1 to 200 characters (not only spaces)',
    });
    expect(refusal(() => parseProfile({ displayName: 'Taro', email: 'taro@localhost' }))).toEqual({
      code: 'INVALID_INPUT',
      field: 'email',
      value: '"taro@localhost"',
      rule: 'must be an e-mail address such as name@example.com',
    });
    expect(refusal(() => parseProfile({ displayName: 'Taro', phone: 'call me' })).field).toBe('phone');
    expect(refusal(() => parseProfile({ displayName: 'x'.repeat(201) })).value).toBe(
      `"${'x'.repeat(57)}..."`,
    );
  });
});

describe('an erasure reason', () => {
  it('is required and trimmed', () => {
    expect(parseErasureReason(' GDPR art. 17 request ')).toBe('GDPR art. 17 request');
    expect(refusal(() => parseErasureReason('')).field).toBe('reason');
    expect(refusal(() => parseErasureReason('r'.repeat(501))).rule).toBe(
      'must be 1 to 500 characters (not only spaces)',
    );
  });
});
