import { IntakeError } from './intake-error';
import { Weighing, type WeighingInput } from './weighing';

const ticket = (overrides: Partial<WeighingInput> = {}): WeighingInput => ({
  ticketNumber: 'WB-1',
  vehicle: 'truck 12-34',
  scale: 'weighbridge-1',
  gross: { value: '1250.5', unit: 'KGM' },
  tare: { value: '250.5', unit: 'KGM' },
  ...overrides,
});

function codeOf(work: () => unknown): string | undefined {
  try {
    work();
  } catch (error) {
    if (error instanceof IntakeError) return error.code;
    throw error;
  }
  return undefined;
}

describe('Weighing', () => {
  it('computes net = gross - tare: 1250.5 kg - 250.5 kg = 1000 kg', () => {
    const weighing = Weighing.of(ticket());
    expect(weighing.net.toString()).toBe('1000 KGM');
    expect(weighing.ticketNumber).toBe('WB-1');
  });

  it('accepts a stated net that equals gross - tare, in another unit (1 t = 1000 kg)', () => {
    expect(Weighing.of(ticket({ net: { value: '1', unit: 'TNE' } })).net.toString()).toBe('1000 KGM');
  });

  it('refuses a stated net above the gross mass (1300 kg > 1250.5 kg) with NET_ABOVE_GROSS', () => {
    expect(() => Weighing.of(ticket({ net: { value: '1300', unit: 'KGM' } }))).toThrow(
      'weighing.netMass: got 1300 KGM, must not exceed the gross mass 1250.5 KGM',
    );
    expect(codeOf(() => Weighing.of(ticket({ net: { value: '1300', unit: 'KGM' } })))).toBe(
      'NET_ABOVE_GROSS',
    );
  });

  it('refuses a stated net that is not gross - tare (999 kg against 1000 kg)', () => {
    expect(codeOf(() => Weighing.of(ticket({ net: { value: '999', unit: 'KGM' } })))).toBe(
      'WEIGHING_INCONSISTENT',
    );
  });

  it('refuses zero and negative gross masses with INVALID_MASS', () => {
    expect(codeOf(() => Weighing.of(ticket({ gross: { value: '0', unit: 'KGM' } })))).toBe('INVALID_MASS');
    expect(() => Weighing.of(ticket({ gross: { value: '-5', unit: 'KGM' } }))).toThrow(
      /^weighing.grossMass: got -5 KGM, must not be negative/,
    );
  });

  it('accepts a zero tare but refuses a tare at or above the gross mass (net would not be positive)', () => {
    expect(Weighing.of(ticket({ tare: { value: '0', unit: 'KGM' } })).net.toString()).toBe('1250.5 KGM');
    expect(codeOf(() => Weighing.of(ticket({ tare: { value: '1250.5', unit: 'KGM' } })))).toBe(
      'INVALID_MASS',
    );
  });

  it('refuses masses finer than 1 mg and unknown units', () => {
    expect(() => Weighing.of(ticket({ gross: { value: '1250.5000001', unit: 'KGM' } }))).toThrow(
      'weighing.grossMass: got 1250.5000001 KGM, must be a whole number of milligrams (the recording resolution is 1 mg)',
    );
    expect(codeOf(() => Weighing.of(ticket({ gross: { value: '1250', unit: 'KGX' } })))).toBe('UNKNOWN_UNIT');
  });

  it('requires a ticket number', () => {
    expect(() => Weighing.of(ticket({ ticketNumber: '  ' }))).toThrow('weighing.ticketNumber');
  });
});
