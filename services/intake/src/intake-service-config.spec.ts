import { ConfigError } from '@rre/config';
import { loadIntakeServiceConfig } from './intake-service-config';

const minimal = { DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/rre_dev' };

describe('intake service configuration', () => {
  it('needs only DATABASE_URL; everything else has a default (2 % mass tolerance, 24 h keys, port 3001)', () => {
    const config = loadIntakeServiceConfig(minimal);
    expect(config.PORT).toBe(3001);
    expect(config.INTAKE_MASS_TOLERANCE_PERCENT).toBe('2');
    expect(config.INTAKE_IDEMPOTENCY_TTL_HOURS).toBe(24);
    expect(config.INTAKE_SCREENING_TH232_BQ_PER_KG_PER_PPM).toBe('4.1');
    expect(config.KAFKA_BROKERS).toBeUndefined();
  });

  it('refuses a missing database, a tolerance above 100 %, keys kept under 24 h and a bad GTIN, naming each variable', () => {
    let error: unknown;
    try {
      loadIntakeServiceConfig({
        INTAKE_MASS_TOLERANCE_PERCENT: '120',
        INTAKE_IDEMPOTENCY_TTL_HOURS: '1',
        INTAKE_GS1_GTINS: 'EV_MOTOR_MAGNET=04012345000017',
      });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message).toContain('DATABASE_URL');
    expect(message).toContain('INTAKE_MASS_TOLERANCE_PERCENT="120": must be a decimal between 0 and 100');
    expect(message).toContain('INTAKE_IDEMPOTENCY_TTL_HOURS="1": must be a whole number between 24 and 2160');
    expect(message).toContain('INTAKE_GS1_GTINS');
  });

  it('masks the database password in errors', () => {
    expect(() => loadIntakeServiceConfig({ DATABASE_URL: 'mysql://user:secret@host/db' })).toThrow(
      /\*\*\*\*/,
    );
  });
});
