import { ConfigError, decimalRule, elementList, loadConfig, parsed } from './index';

const spec = {
  FACTOR: parsed(
    'coverage factor',
    decimalRule('must be a decimal greater than zero, e.g. 2', (v) => v.gt(0)),
    {
      default: '2',
    },
  ),
  ELEMENTS: parsed('balance elements', elementList({ example: 'Tb,Dy', including: ['Tb', 'Dy'] }), {
    default: ['Tb', 'Dy'],
  }),
};

describe('decimalRule and elementList', () => {
  it('keep a decimal as written and read element symbols, blank parts left out', () => {
    expect(loadConfig('reduction', spec, { FACTOR: '2.50', ELEMENTS: 'Dy, Tb,,Nd' })).toEqual({
      FACTOR: '2.50',
      ELEMENTS: ['Dy', 'Tb', 'Nd'],
    });
  });

  it('refuse a decimal that breaks the rule, a non-decimal and a list missing a required element', () => {
    for (const [env, variable, rule] of [
      [{ FACTOR: '0' }, 'FACTOR', 'must be a decimal greater than zero, e.g. 2'],
      [{ FACTOR: '2,5' }, 'FACTOR', 'must be a decimal greater than zero, e.g. 2'],
      [
        { ELEMENTS: 'Tb,Nd' },
        'ELEMENTS',
        'must be element symbols separated by commas, written as in the periodic table, including Tb and Dy (e.g. Tb,Dy)',
      ],
      [
        { ELEMENTS: 'Tb,Dy,dy' },
        'ELEMENTS',
        'must be element symbols separated by commas, written as in the periodic table, including Tb and Dy (e.g. Tb,Dy)',
      ],
    ] as const) {
      let error: unknown;
      try {
        loadConfig('reduction', spec, env);
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).issues).toEqual([{ variable, value: Object.values(env)[0], rule }]);
    }
  });
});
