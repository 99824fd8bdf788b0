import { eventTypeFamily } from './event-type-name';

describe('eventTypeFamily', () => {
  it('splits the major version off', () => {
    expect(eventTypeFamily('rre.intake.lot.registered.v12')).toEqual({
      family: 'rre.intake.lot.registered',
      major: 12,
    });
  });

  it('takes a type without a version as its own family', () => {
    expect(eventTypeFamily('rre.intake.lot.registered')).toEqual({
      family: 'rre.intake.lot.registered',
      major: undefined,
    });
    expect(eventTypeFamily('rre.intake.lot.registered.v0')).toEqual({
      family: 'rre.intake.lot.registered.v0',
      major: undefined,
    });
  });
});
