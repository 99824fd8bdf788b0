import {
  DEFAULT_GS1_SETTINGS,
  digitalLinkUri,
  gs1CheckDigit,
  gtin14,
  isValidGtin14,
  validateGs1Settings,
} from './gs1-identifier';

describe('GS1 identifiers', () => {
  it('computes the mod-10 check digit: EAN-13 400638133393 -> 1', () => {
    expect(gs1CheckDigit('400638133393')).toBe(1);
    expect(isValidGtin14('04006381333931')).toBe(true);
    expect(isValidGtin14('04006381333932')).toBe(false);
  });

  it('builds GTIN-14s under the example company prefix 4012345', () => {
    expect(gtin14('0401234500000')).toBe('04012345000009');
    expect(DEFAULT_GS1_SETTINGS.gtinByMaterialKind.EV_MOTOR_MAGNET).toBe('04012345000016');
  });

  it('derives a Digital Link URI: <base>/01/<GTIN>/10/<lot code>', () => {
    expect(digitalLinkUri(DEFAULT_GS1_SETTINGS, 'EV_MOTOR_MAGNET', 'L-2026-00042')).toBe(
      'https://id.example/01/04012345000016/10/L-2026-00042',
    );
    const custom = { ...DEFAULT_GS1_SETTINGS, digitalLinkBase: 'https://dl.plant.example/gs1/' };
    expect(digitalLinkUri(custom, 'TAILINGS', 'L-2026-00001')).toBe(
      'https://dl.plant.example/gs1/01/04012345000078/10/L-2026-00001',
    );
  });

  it('refuses settings with an invalid GTIN or base', () => {
    const badGtin = {
      ...DEFAULT_GS1_SETTINGS,
      gtinByMaterialKind: { ...DEFAULT_GS1_SETTINGS.gtinByMaterialKind, HDD_MAGNET: '04012345000031' },
    };
    expect(() => validateGs1Settings(badGtin)).toThrow('GTIN for HDD_MAGNET "04012345000031"');
    expect(() => validateGs1Settings({ ...DEFAULT_GS1_SETTINGS, digitalLinkBase: 'id.example' })).toThrow(
      'must be an absolute URL',
    );
  });
});
