import { create } from '@bufbuild/protobuf';
import { commonV1 } from '@rre/contracts';
import { massKgOf, signedMassKgOf } from './event-values';

const kg = (value: string, unitCode = 'KGM') => create(commonV1.MassSchema, { value, unitCode });

describe('signedMassKgOf: a balance imbalance may be negative', () => {
  it('keeps the sign of a negative imbalance and converts its unit exactly', () => {
    expect(signedMassKgOf(kg('-0.003'), 'imbalance')).toBe('-0.003');
    expect(signedMassKgOf(kg('-12.5', 'GRM'), 'imbalance')).toBe('-0.0125');
  });

  it('reads positive, zero and unset imbalances as massKgOf does', () => {
    expect(signedMassKgOf(kg('0.001'), 'imbalance')).toBe('0.001');
    expect(signedMassKgOf(kg('-0'), 'imbalance')).toBe('0');
    expect(signedMassKgOf(undefined, 'imbalance')).toBeUndefined();
  });

  it('still refuses a negative mass where a mass must not be negative', () => {
    expect(() => massKgOf(kg('-0.003'), 'tolerance')).toThrow(/tolerance/);
  });
});
