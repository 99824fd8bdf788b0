import { type ConfigOf, decimalRule, flag, integer, loadConfig, optional, parsed, text } from '@rre/config';
import { parseDecimal, toPlainString } from '@rre/quantities';

function decimalSetting(description: string, fallback: string) {
  const accepted = decimalRule(`must be a decimal above 0, e.g. ${fallback}`, (value) => value.gt(0));
  return parsed(description, (raw) => toPlainString(parseDecimal(accepted(raw))), { default: fallback });
}

/** The sales rules and figures a deployment may configure; the README lists them. */
export const salesConfigSpec = {
  SALES_IDEMPOTENCY_TTL_HOURS: integer('How long a sales idempotency key is kept, in hours', {
    default: 24,
    min: 24,
    max: 24 * 90,
  }),
  SALES_PASSPORT_BASE_URL: text(
    "Resolver base of the passports' GS1 Digital Link URIs: <base>/01/<GTIN>/21/<passport id>",
    {
      default: 'https://id.example',
      pattern: /^https?:\/\/[^\s?#]+[^/\s?#]$/,
      patternRule: 'must be an http(s) URL without a trailing slash, query or fragment',
    },
  ),
  SALES_ISSUER_LEGAL_NAME: text('Legal name of the plant that issues the passports', {
    default: 'Example Rare Earth Recycling K.K.',
  }),
  SALES_ISSUER_CONTACT: text('Contact of the passport issuer (e-mail or address)', {
    default: 'passports@example.jp',
  }),
  SALES_PLANT_COUNTRY: text('Country of the plant: the customs origin on passports (ISO 3166-1 alpha-2)', {
    default: 'JP',
    pattern: /^[A-Z]{2}$/,
    patternRule: 'must be an ISO 3166-1 alpha-2 country code, e.g. JP',
  }),
  SALES_PASSPORT_SIGNING_KEY: optional(
    parsed(
      'Ed25519 private key (PKCS#8 PEM) that signs the passports; unset: a new key per process (development only)',
      (raw) => {
        if (!raw.includes('PRIVATE KEY'))
          throw new Error('must be a PKCS#8 PEM private key (-----BEGIN PRIVATE KEY-----)');
        return raw;
      },
      { mask: () => '(set)' },
    ),
  ),
  SALES_PASSPORT_RETENTION_YEARS: integer(
    'How long passports and shipment notes are kept, in years from issue (the database refuses less than 10)',
    { default: 10, min: 10, max: 100 },
  ),
  SALES_SUPPLIER_NAMES_PUBLIC: flag('Whether the public passport tier names the suppliers', false),
  SALES_TARGET_HRE_TONNES_PER_YEAR: decimalSetting(
    'Programme target for 2040: heavy rare earths shipped per year, t',
    '400',
  ),
  SALES_TARGET_REVENUE_JPY_PER_YEAR: decimalSetting(
    'Programme target for 2040: sales per year, JPY',
    '80000000000',
  ),
};
export type SalesConfig = ConfigOf<typeof salesConfigSpec>;

export function loadSalesConfig(env: Record<string, string | undefined> = process.env): SalesConfig {
  return loadConfig('sales', salesConfigSpec, env);
}

export interface SalesSettings {
  readonly idempotencyTtlMs: number;
  readonly passport: {
    readonly baseUrl: string;
    readonly issuerLegalName: string;
    readonly issuerContact: string;
    readonly plantCountry: string;
    readonly signingKeyPem?: string;
    readonly supplierNamesPublic: boolean;
    /** Years a passport is kept from its issue: at least 10. */
    readonly retentionYears: number;
  };
  readonly targets: { readonly hreKgPerYear: string; readonly revenueJpyPerYear: string };
}

export function salesSettingsFrom(config: SalesConfig): SalesSettings {
  return {
    idempotencyTtlMs: config.SALES_IDEMPOTENCY_TTL_HOURS * 60 * 60 * 1000,
    passport: {
      baseUrl: config.SALES_PASSPORT_BASE_URL,
      issuerLegalName: config.SALES_ISSUER_LEGAL_NAME,
      issuerContact: config.SALES_ISSUER_CONTACT,
      plantCountry: config.SALES_PLANT_COUNTRY,
      signingKeyPem: config.SALES_PASSPORT_SIGNING_KEY,
      supplierNamesPublic: config.SALES_SUPPLIER_NAMES_PUBLIC,
      retentionYears: config.SALES_PASSPORT_RETENTION_YEARS,
    },
    targets: {
      hreKgPerYear: toPlainString(parseDecimal(config.SALES_TARGET_HRE_TONNES_PER_YEAR).mul(1000)),
      revenueJpyPerYear: config.SALES_TARGET_REVENUE_JPY_PER_YEAR,
    },
  };
}

export const DEFAULT_SALES_SETTINGS: SalesSettings = salesSettingsFrom(loadSalesConfig({}));
