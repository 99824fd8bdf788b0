import {
  type ConfigIssue,
  ConfigError,
  type ConfigOf,
  flag,
  integer,
  loadConfig,
  optional,
  parsed,
  text,
} from '@rre/config';
import path from 'node:path';
import { MassFraction, parseDecimal } from '@rre/quantities';
import {
  DEFAULT_GS1_SETTINGS,
  type Gs1Settings,
  isValidGtin14,
  validateGs1Settings,
} from './domain/gs1-identifier';
import type { IntakePolicy } from './domain/intake-policy';
import { MATERIAL_KINDS, type MaterialKind } from './domain/material-kind';
import { screeningPolicy } from './domain/radioactivity-screening';
import type { S3DocumentStoreSettings } from './storage/s3-document-store-settings';

function decimalText(rule: string, check: (value: ReturnType<typeof parseDecimal>) => boolean) {
  return (raw: string): string => {
    let value;
    try {
      value = parseDecimal(raw);
    } catch {
      throw Object.assign(new Error(rule), { rule });
    }
    if (!check(value)) throw Object.assign(new Error(rule), { rule });
    return raw;
  };
}

const percent = decimalText(
  'must be a decimal between 0 and 100, e.g. 2 or 0.5',
  (v) => v.gte(0) && v.lte(100),
);
const positive = decimalText('must be a decimal greater than zero, e.g. 12.3', (v) => v.gt(0));

function gtinOverrides(raw: string): Partial<Record<MaterialKind, string>> {
  const overrides: Partial<Record<MaterialKind, string>> = {};
  for (const pair of raw
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '')) {
    const [kind, gtin] = pair.split('=').map((part) => part.trim());
    if (!(MATERIAL_KINDS as readonly string[]).includes(kind) || gtin === undefined || !isValidGtin14(gtin)) {
      const rule = `must be MATERIAL_KIND=GTIN-14 pairs separated by commas (kinds: ${MATERIAL_KINDS.join(', ')}; GTINs with a valid check digit)`;
      throw Object.assign(new Error(rule), { rule });
    }
    overrides[kind as MaterialKind] = gtin;
  }
  return overrides;
}

function timeZone(raw: string): string {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: raw });
  } catch {
    const rule = 'must be an IANA time zone such as UTC or Asia/Tokyo';
    throw Object.assign(new Error(rule), { rule });
  }
  return raw;
}

function httpUrl(raw: string): string {
  let url: URL | undefined;
  try {
    url = new URL(raw);
  } catch {
    url = undefined;
  }
  if (!url || !['http:', 'https:'].includes(url.protocol) || url.username || url.password) {
    const rule = 'must be an http:// or https:// URL without credentials, e.g. http://127.0.0.1:9590';
    throw Object.assign(new Error(rule), { rule });
  }
  return raw;
}

/** The intake rules a deployment may configure; the README lists them. */
export const intakeConfigSpec = {
  INTAKE_MASS_TOLERANCE_PERCENT: parsed(
    'Largest difference between weighed net and declared mass, in % of the declared mass, that is not a dispute',
    percent,
    {
      default: '2',
    },
  ),
  INTAKE_COMPOSITION_SUM_TOLERANCE_PERCENT: parsed(
    'How far element fractions may sum above 100 %, in % (0: at most 100 %)',
    percent,
    { default: '0' },
  ),
  INTAKE_SCREENING_U238_BQ_PER_KG_PER_PPM: parsed('Activity of U-238 per ppm of U, in Bq/kg', positive, {
    default: '12.3',
  }),
  INTAKE_SCREENING_TH232_BQ_PER_KG_PER_PPM: parsed('Activity of Th-232 per ppm of Th, in Bq/kg', positive, {
    default: '4.1',
  }),
  INTAKE_SCREENING_U_LIMIT_BQ_PER_G: parsed('Limit for the U-238 chain, in Bq/g', positive, { default: '1' }),
  INTAKE_SCREENING_TH_LIMIT_BQ_PER_G: parsed('Limit for the Th-232 chain, in Bq/g', positive, {
    default: '1',
  }),
  INTAKE_SCREENING_THRESHOLD: parsed('Sum of ratios above which a lot is quarantined', positive, {
    default: '1',
  }),
  INTAKE_DECISIONS_NEED_APPROVAL: flag(
    "Four eyes: a release or rejection takes effect only with a second, different person's approval",
    false,
  ),
  INTAKE_GS1_DIGITAL_LINK_BASE: text('Base of the GS1 Digital Link URIs of lots', {
    default: DEFAULT_GS1_SETTINGS.digitalLinkBase,
  }),
  INTAKE_GS1_GTINS: parsed(
    'GTIN-14 per material kind (KIND=GTIN,...); unset kinds keep the example GTINs',
    gtinOverrides,
    {
      default: {},
      defaultText: '(example GTINs under prefix 4012345)',
    },
  ),
  INTAKE_TIME_ZONE: parsed(
    "Time zone of intake's calendar: lot-code years (L-<year>-<n>) and manifest days",
    timeZone,
    {
      default: 'UTC',
    },
  ),
  INTAKE_DOCUMENT_DIR: optional(text('Directory of uploaded document bytes (default: <DATA_DIR>/documents)')),
  INTAKE_DOCUMENT_S3_BUCKET: optional(
    text('S3-compatible bucket for document bytes; set: documents go there, not to INTAKE_DOCUMENT_DIR', {
      pattern: /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/,
      patternRule: 'must be an S3 bucket name: 3 to 63 lower-case letters, digits, dots and hyphens',
    }),
  ),
  INTAKE_DOCUMENT_S3_ENDPOINT: optional(
    parsed(
      'Endpoint of the S3-compatible store, e.g. http://127.0.0.1:9590 (default: AWS S3 of the region)',
      httpUrl,
    ),
  ),
  INTAKE_DOCUMENT_S3_REGION: optional(text('Region of the document bucket (default: us-east-1)')),
  INTAKE_DOCUMENT_S3_FORCE_PATH_STYLE: optional(
    flag(
      'Path-style object URLs <endpoint>/<bucket>/<key>, as most S3-compatible servers want (default: false)',
      false,
    ),
  ),
  INTAKE_DOCUMENT_S3_KEY_PREFIX: optional(
    text('Prefix of the document object keys, e.g. intake/', {
      pattern: /^[A-Za-z0-9!_.*'()/-]{1,200}$/,
      patternRule: "must be 1 to 200 of A-Z a-z 0-9 ! _ . * ' ( ) / -",
    }),
  ),
  INTAKE_DOCUMENT_S3_ACCESS_KEY_ID: optional(
    text('Access key id for the document bucket (default: the AWS SDK chain, e.g. AWS_ACCESS_KEY_ID)'),
  ),
  INTAKE_DOCUMENT_S3_SECRET_ACCESS_KEY: optional(
    parsed(
      'Secret access key for the document bucket; set with INTAKE_DOCUMENT_S3_ACCESS_KEY_ID',
      (raw) => raw,
      {
        mask: () => '****',
      },
    ),
  ),
  INTAKE_DOCUMENT_MAX_BYTES: integer('Largest document accepted, in bytes', {
    default: 52_428_800,
    min: 1,
    max: 2_147_483_647,
  }),
  INTAKE_IDEMPOTENCY_TTL_HOURS: integer('How long an idempotency key is kept, in hours', {
    default: 24,
    min: 24,
    max: 24 * 90,
  }),
};
export type IntakeConfig = ConfigOf<typeof intakeConfigSpec>;

export function loadIntakeConfig(env: Record<string, string | undefined> = process.env): IntakeConfig {
  return loadConfig('intake', intakeConfigSpec, env);
}

export interface IntakeSettings {
  readonly policy: IntakePolicy;
  readonly idempotencyTtlMs: number;
  /**
   * `directory`: where the bytes go (or, with `s3`, where they are spooled while measured and
   * sent); `s3`: the S3-compatible store that keeps them instead.
   */
  readonly documents: {
    readonly directory: string;
    readonly maxBytes: number;
    readonly s3?: S3DocumentStoreSettings;
  };
}

/** `dataDir`: the deployment's local state directory, where documents go unless INTAKE_DOCUMENT_DIR says otherwise. */
export function intakeSettingsFrom(config: IntakeConfig, options: { dataDir: string }): IntakeSettings {
  const gs1: Gs1Settings = validateGs1Settings({
    digitalLinkBase: config.INTAKE_GS1_DIGITAL_LINK_BASE,
    gtinByMaterialKind: { ...DEFAULT_GS1_SETTINGS.gtinByMaterialKind, ...config.INTAKE_GS1_GTINS },
  });
  return {
    policy: {
      massTolerance: MassFraction.of(config.INTAKE_MASS_TOLERANCE_PERCENT, 'P1'),
      compositionSumTolerance: MassFraction.of(config.INTAKE_COMPOSITION_SUM_TOLERANCE_PERCENT, 'P1'),
      screening: screeningPolicy({
        uraniumBqPerKgPerPpm: config.INTAKE_SCREENING_U238_BQ_PER_KG_PER_PPM,
        thoriumBqPerKgPerPpm: config.INTAKE_SCREENING_TH232_BQ_PER_KG_PER_PPM,
        uraniumLimitBqPerG: config.INTAKE_SCREENING_U_LIMIT_BQ_PER_G,
        thoriumLimitBqPerG: config.INTAKE_SCREENING_TH_LIMIT_BQ_PER_G,
        threshold: config.INTAKE_SCREENING_THRESHOLD,
      }),
      decisionsNeedApproval: config.INTAKE_DECISIONS_NEED_APPROVAL,
      gs1,
      timeZone: config.INTAKE_TIME_ZONE,
    },
    idempotencyTtlMs: config.INTAKE_IDEMPOTENCY_TTL_HOURS * 60 * 60 * 1000,
    documents: {
      directory: path.resolve(config.INTAKE_DOCUMENT_DIR ?? path.join(options.dataDir, 'documents')),
      maxBytes: config.INTAKE_DOCUMENT_MAX_BYTES,
      s3: s3DocumentStoreOf(config),
    },
  };
}

/** The S3-compatible document store INTAKE_DOCUMENT_S3_* describe, or undefined without a bucket. */
function s3DocumentStoreOf(config: IntakeConfig): S3DocumentStoreSettings | undefined {
  const bucket = config.INTAKE_DOCUMENT_S3_BUCKET;
  const issues: ConfigIssue[] = [];
  const accessKeyId = config.INTAKE_DOCUMENT_S3_ACCESS_KEY_ID;
  const secretAccessKey = config.INTAKE_DOCUMENT_S3_SECRET_ACCESS_KEY;
  if ((accessKeyId === undefined) !== (secretAccessKey === undefined)) {
    issues.push({
      variable:
        accessKeyId === undefined
          ? 'INTAKE_DOCUMENT_S3_ACCESS_KEY_ID'
          : 'INTAKE_DOCUMENT_S3_SECRET_ACCESS_KEY',
      value: undefined,
      rule: 'must be set together with the other of INTAKE_DOCUMENT_S3_ACCESS_KEY_ID and INTAKE_DOCUMENT_S3_SECRET_ACCESS_KEY',
    });
  }
  if (bucket === undefined) {
    for (const variable of S3_VARIABLES_NEEDING_A_BUCKET) {
      const value = config[variable];
      if (value !== undefined) {
        issues.push({
          variable,
          value: variable === 'INTAKE_DOCUMENT_S3_SECRET_ACCESS_KEY' ? '****' : String(value),
          rule: 'takes effect only with INTAKE_DOCUMENT_S3_BUCKET, which is not set',
        });
      }
    }
  }
  if (issues.length > 0) throw new ConfigError('intake', issues);
  if (bucket === undefined) return undefined;
  return {
    bucket,
    region: config.INTAKE_DOCUMENT_S3_REGION ?? 'us-east-1',
    endpoint: config.INTAKE_DOCUMENT_S3_ENDPOINT,
    forcePathStyle: config.INTAKE_DOCUMENT_S3_FORCE_PATH_STYLE ?? false,
    keyPrefix: config.INTAKE_DOCUMENT_S3_KEY_PREFIX ?? '',
    credentials:
      accessKeyId !== undefined && secretAccessKey !== undefined
        ? { accessKeyId, secretAccessKey }
        : undefined,
  };
}

const S3_VARIABLES_NEEDING_A_BUCKET = [
  'INTAKE_DOCUMENT_S3_ENDPOINT',
  'INTAKE_DOCUMENT_S3_REGION',
  'INTAKE_DOCUMENT_S3_FORCE_PATH_STYLE',
  'INTAKE_DOCUMENT_S3_KEY_PREFIX',
  'INTAKE_DOCUMENT_S3_ACCESS_KEY_ID',
  'INTAKE_DOCUMENT_S3_SECRET_ACCESS_KEY',
] as const;
