import { ISO_3166_ALPHA_2_COUNT, parseCountryCode } from './country-code';

describe('parseCountryCode (ISO 3166-1 alpha-2)', () => {
  it('knows the 249 assigned codes', () => {
    expect(ISO_3166_ALPHA_2_COUNT).toBe(249);
    expect(parseCountryCode('JP')).toBe('JP');
    expect(parseCountryCode('DE')).toBe('DE');
  });

  it('refuses lower case with the spelling to use, and codes that are not assigned', () => {
    expect(() => parseCountryCode('jp')).toThrow(
      'countryOfOrigin: got "jp", must be an ISO 3166-1 alpha-2 code in upper case, written "JP"',
    );
    expect(() => parseCountryCode('XX')).toThrow('must be an ISO 3166-1 alpha-2 country code');
    expect(() => parseCountryCode('JPN')).toThrow('must be an ISO 3166-1 alpha-2 country code');
    expect(() => parseCountryCode('UK')).toThrow('must be an ISO 3166-1 alpha-2 country code');
  });
});
