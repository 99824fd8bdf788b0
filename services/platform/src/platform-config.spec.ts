import { ConfigError } from '@rre/config';
import { loadPlatformConfig } from './platform-config';

describe('platform configuration', () => {
  it('defaults to embedded mode on ./data at port 3000', () => {
    expect(loadPlatformConfig({})).toEqual({
      PORT: 3000,
      HOST: '127.0.0.1',
      DATA_DIR: './data',
      DATABASE_URL: undefined,
      KAFKA_BROKERS: undefined,
      KAFKA_TOPIC_PARTITIONS: 3,
      KAFKA_REPLICATION_FACTOR: 1,
      DATABASE_POOL_SIZE: 10,
      LOG_LEVEL: 'info',
      GRAPHQL_INTROSPECTION: true,
      AUTH_JWKS_URL: undefined,
      AUTH_ISSUER: undefined,
      AUTH_AUDIENCE: 'rre-platform',
      AUTH_ALGORITHMS: ['RS256', 'ES256', 'EdDSA'],
      AUTH_CLOCK_TOLERANCE_SECONDS: 30,
      AUTH_KEY_DIR: undefined,
      AUTH_KEY_ALGORITHM: 'EdDSA',
      AUTH_ROLES_CLAIM: 'roles',
      AUTH_ORGANISATION_CLAIM: 'org',
      GRAPHQL_MAX_DEPTH: 12,
      GRAPHQL_MAX_COMPLEXITY: 1000,
      GRAPHQL_FIELD_COSTS: {},
      GRAPHQL_MAX_REQUEST_BYTES: 1_048_576,
      RATE_LIMIT_ENABLED: true,
      RATE_LIMIT_USER_BURST: 120,
      RATE_LIMIT_USER_PER_MINUTE: 600,
      RATE_LIMIT_MACHINE_BURST: 5000,
      RATE_LIMIT_MACHINE_PER_MINUTE: 6000,
      INTAKE_MASS_TOLERANCE_PERCENT: '2',
      INTAKE_COMPOSITION_SUM_TOLERANCE_PERCENT: '0',
      INTAKE_SCREENING_U238_BQ_PER_KG_PER_PPM: '12.3',
      INTAKE_SCREENING_TH232_BQ_PER_KG_PER_PPM: '4.1',
      INTAKE_SCREENING_U_LIMIT_BQ_PER_G: '1',
      INTAKE_SCREENING_TH_LIMIT_BQ_PER_G: '1',
      INTAKE_SCREENING_THRESHOLD: '1',
      INTAKE_DECISIONS_NEED_APPROVAL: false,
      INTAKE_GS1_DIGITAL_LINK_BASE: 'https://id.example',
      INTAKE_GS1_GTINS: {},
      INTAKE_TIME_ZONE: 'UTC',
      INTAKE_DOCUMENT_DIR: undefined,
      INTAKE_DOCUMENT_MAX_BYTES: 52_428_800,
      INTAKE_DOCUMENT_S3_BUCKET: undefined,
      INTAKE_DOCUMENT_S3_ENDPOINT: undefined,
      INTAKE_DOCUMENT_S3_REGION: undefined,
      INTAKE_DOCUMENT_S3_FORCE_PATH_STYLE: undefined,
      INTAKE_DOCUMENT_S3_KEY_PREFIX: undefined,
      INTAKE_DOCUMENT_S3_ACCESS_KEY_ID: undefined,
      INTAKE_DOCUMENT_S3_SECRET_ACCESS_KEY: undefined,
      INTAKE_IDEMPOTENCY_TTL_HOURS: 24,
      CONCENTRATION_ADSORBENT_WARNING_LOSS_SHARE: '0.2',
      CONCENTRATION_BALANCE_ELEMENTS: ['Dy', 'Tb', 'Nd', 'Pr', 'Fe', 'Al', 'U', 'Th'],
      CONCENTRATION_BALANCE_COVERAGE_FACTOR: '2',
      CONCENTRATION_OVERRIDE_NEEDS_APPROVAL: false,
      CONCENTRATION_RESIDUE_SCREENING_THRESHOLD: '1',
      CONCENTRATION_IDEMPOTENCY_TTL_HOURS: 24,
      SEPARATION_BALANCE_ELEMENTS: ['Dy', 'Tb', 'Nd', 'Pr'],
      SEPARATION_BALANCE_COVERAGE_FACTOR: '2',
      SEPARATION_OVERRIDE_NEEDS_APPROVAL: false,
      SEPARATION_CONVENTIONAL_BETA: '2',
      SEPARATION_BETA_GOAL_FACTOR: '2',
      SEPARATION_CASCADE_STAGE_FACTOR: '2',
      SEPARATION_MIXER_SETTLER_THROUGHPUT_PER_L: '0.5',
      SEPARATION_EMULSION_FLOW_THROUGHPUT_PER_L: '2',
      SEPARATION_IDEMPOTENCY_TTL_HOURS: 24,
      REDUCTION_BALANCE_ELEMENTS: ['Tb', 'Dy'],
      REDUCTION_BALANCE_COVERAGE_FACTOR: '2',
      REDUCTION_BASELINE_CO2_KG_PER_KG: '4.68',
      REDUCTION_BASELINE_KWH_PER_KG: '10.4',
      REDUCTION_BASELINE_TEMPERATURE_CELSIUS: '1450',
      REDUCTION_CELL_HEATING_KW: '0.5',
      REDUCTION_DISTILLATION_MAX_CELSIUS: '1000',
      REDUCTION_DISTILLATION_MIN_CELSIUS: '300',
      REDUCTION_ELECTROLYSIS_MAX_CELSIUS: '1000',
      REDUCTION_ELECTROLYSIS_MIN_CELSIUS: '400',
      REDUCTION_GRID_KG_CO2_PER_KWH: '0.45',
      REDUCTION_IDEMPOTENCY_TTL_HOURS: 24,
      REDUCTION_MAX_SAMPLE_GAP_SECONDS: '300',
      REDUCTION_OVERRIDE_NEEDS_APPROVAL: false,
      SALES_IDEMPOTENCY_TTL_HOURS: 24,
      SALES_PASSPORT_BASE_URL: 'https://id.example',
      SALES_PASSPORT_RETENTION_YEARS: 10,
      SALES_ISSUER_LEGAL_NAME: 'Example Rare Earth Recycling K.K.',
      SALES_ISSUER_CONTACT: 'passports@example.jp',
      SALES_PLANT_COUNTRY: 'JP',
      SALES_PASSPORT_SIGNING_KEY: undefined,
      SALES_SUPPLIER_NAMES_PUBLIC: false,
      SALES_TARGET_HRE_TONNES_PER_YEAR: '400',
      SALES_TARGET_REVENUE_JPY_PER_YEAR: '80000000000',
      TRACEABILITY_LEDGER_SIGNING_KEY: undefined,
      TRACEABILITY_LEDGER_CHECKPOINT_ENTRIES: 1000,
      TRACEABILITY_LEDGER_CHECKPOINT_SECONDS: 600,
    });
  });

  it('refuses token algorithms that are not asymmetric', () => {
    expect(() => loadPlatformConfig({ AUTH_ALGORITHMS: 'HS256' })).toThrow(
      /AUTH_ALGORITHMS="HS256": "HS256" is not allowed/,
    );
  });

  it('stops on a DATABASE_URL that is not a PostgreSQL URL, naming the variable, the value and the rule', () => {
    expect(() => loadPlatformConfig({ DATABASE_URL: 'nonsense' })).toThrow(ConfigError);
    expect(() => loadPlatformConfig({ DATABASE_URL: 'nonsense' })).toThrow(
      /DATABASE_URL="nonsense": .*postgres/,
    );
  });

  it('masks the password of a bad DATABASE_URL', () => {
    expect(() => loadPlatformConfig({ DATABASE_URL: 'mysql://app:s3cret@db:3306/rre' })).toThrow(
      /DATABASE_URL="mysql:\/\/app:\*\*\*\*@db:3306\/rre"/,
    );
  });

  it('refuses a port out of range', () => {
    expect(() => loadPlatformConfig({ PORT: '70000' })).toThrow(
      'PORT="70000": must be a whole number between 0 and 65535',
    );
  });
});
