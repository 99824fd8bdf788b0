import { ELEMENT_SYMBOLS, isElementSymbol, parseElementSymbol, RARE_EARTH_ELEMENTS } from './elements';

describe('element symbols', () => {
  it('lists the 118 elements of the periodic table once each', () => {
    expect(ELEMENT_SYMBOLS).toHaveLength(118);
    expect(new Set(ELEMENT_SYMBOLS).size).toBe(118);
    expect(ELEMENT_SYMBOLS[0]).toBe('H');
    expect(ELEMENT_SYMBOLS[65]).toBe('Dy'); // Z = 66
    expect(ELEMENT_SYMBOLS[64]).toBe('Tb'); // Z = 65
    expect(ELEMENT_SYMBOLS[117]).toBe('Og');
  });

  it('accepts every symbol a magnet-scrap assay uses', () => {
    const assayed =
      'Nd Pr Dy Tb Fe B Co Al Cu Gd La Ce U Th O C Ni Sm Zn Sn Bi Mg Li K Cl Ca Si Mn Ho Er Y'.split(' ');
    for (const symbol of assayed) expect(parseElementSymbol(symbol)).toBe(symbol);
    expect(RARE_EARTH_ELEMENTS).toContain('Dy');
    expect(RARE_EARTH_ELEMENTS).toHaveLength(17);
  });

  it('refuses unknown symbols and names the right spelling when only the case is wrong', () => {
    expect(isElementSymbol('Xx')).toBe(false);
    expect(() => parseElementSymbol('Xx', 'composition')).toThrow(
      'composition: got "Xx", must be an element symbol of the periodic table, e.g. "Nd", "Dy", "Tb", "Fe"',
    );
    expect(() => parseElementSymbol('DY')).toThrow(
      'element: got "DY", must be an element symbol of the periodic table, written "Dy"',
    );
    expect(() => parseElementSymbol('nd')).toThrow(/written "Nd"/);
    expect(() => parseElementSymbol('')).toThrow(/^element: got "", must be an element symbol/);
    expect(() => parseElementSymbol(26)).toThrow(/^element: got 26, must be an element symbol/);
  });
});
