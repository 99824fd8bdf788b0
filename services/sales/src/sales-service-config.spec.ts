import { ConfigError } from '@rre/config';
import { salesSettingsFrom } from '@rre/sales';
import { loadSalesServiceConfig } from './sales-service-config';

describe('sales service configuration', () => {
  const required = { DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/rre_dev' };

  it('defaults to port 3007, schema sales, the example resolver base and the 2040 targets (400 t, 80 bn JPY a year)', () => {
    const config = loadSalesServiceConfig(required);
    expect(config).toMatchObject({
      PORT: 3007,
      DATABASE_SCHEMA: 'sales',
      REDUCTION_EVENTS_SCHEMA: undefined,
      SEPARATION_EVENTS_SCHEMA: undefined,
    });
    expect(salesSettingsFrom(config)).toEqual({
      idempotencyTtlMs: 86_400_000,
      passport: {
        baseUrl: 'https://id.example',
        issuerLegalName: 'Example Rare Earth Recycling K.K.',
        issuerContact: 'passports@example.jp',
        plantCountry: 'JP',
        signingKeyPem: undefined,
        supplierNamesPublic: false,
        retentionYears: 10,
      },
      targets: { hreKgPerYear: '400000', revenueJpyPerYear: '80000000000' },
    });
  });

  it('names every broken variable, its value and the rule', () => {
    let error: unknown;
    try {
      loadSalesServiceConfig({
        ...required,
        SALES_PLANT_COUNTRY: 'Japan',
        SALES_PASSPORT_BASE_URL: 'https://id.example/',
        SALES_TARGET_HRE_TONNES_PER_YEAR: '-1',
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message).toContain(
      'SALES_PLANT_COUNTRY="Japan": must be an ISO 3166-1 alpha-2 country code, e.g. JP',
    );
    expect(message).toContain(
      'SALES_PASSPORT_BASE_URL="https://id.example/": must be an http(s) URL without a trailing slash, query or fragment',
    );
    expect(message).toContain('SALES_TARGET_HRE_TONNES_PER_YEAR="-1": must be a decimal above 0, e.g. 400');
  });
});
