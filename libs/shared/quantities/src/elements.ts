import { describeValue, QuantityError } from './quantity-error';

/** The 118 element symbols of the periodic table, in order of atomic number. */
// prettier-ignore
export const ELEMENT_SYMBOLS = [
  'H', 'He', 'Li', 'Be', 'B', 'C', 'N', 'O', 'F', 'Ne',
  'Na', 'Mg', 'Al', 'Si', 'P', 'S', 'Cl', 'Ar', 'K', 'Ca',
  'Sc', 'Ti', 'V', 'Cr', 'Mn', 'Fe', 'Co', 'Ni', 'Cu', 'Zn',
  'Ga', 'Ge', 'As', 'Se', 'Br', 'Kr', 'Rb', 'Sr', 'Y', 'Zr',
  'Nb', 'Mo', 'Tc', 'Ru', 'Rh', 'Pd', 'Ag', 'Cd', 'In', 'Sn',
  'Sb', 'Te', 'I', 'Xe', 'Cs', 'Ba', 'La', 'Ce', 'Pr', 'Nd',
  'Pm', 'Sm', 'Eu', 'Gd', 'Tb', 'Dy', 'Ho', 'Er', 'Tm', 'Yb',
  'Lu', 'Hf', 'Ta', 'W', 'Re', 'Os', 'Ir', 'Pt', 'Au', 'Hg',
  'Tl', 'Pb', 'Bi', 'Po', 'At', 'Rn', 'Fr', 'Ra', 'Ac', 'Th',
  'Pa', 'U', 'Np', 'Pu', 'Am', 'Cm', 'Bk', 'Cf', 'Es', 'Fm',
  'Md', 'No', 'Lr', 'Rf', 'Db', 'Sg', 'Bh', 'Hs', 'Mt', 'Ds',
  'Rg', 'Cn', 'Nh', 'Fl', 'Mc', 'Lv', 'Ts', 'Og',
] as const;

export type ElementSymbol = (typeof ELEMENT_SYMBOLS)[number];

const SYMBOLS: ReadonlySet<string> = new Set(ELEMENT_SYMBOLS);

/** The rare-earth elements (lanthanides with Sc and Y). */
// prettier-ignore
export const RARE_EARTH_ELEMENTS = [
  'Sc', 'Y', 'La', 'Ce', 'Pr', 'Nd', 'Pm', 'Sm', 'Eu', 'Gd', 'Tb', 'Dy', 'Ho', 'Er', 'Tm', 'Yb', 'Lu',
] as const satisfies readonly ElementSymbol[];

export function isElementSymbol(value: unknown): value is ElementSymbol {
  return typeof value === 'string' && SYMBOLS.has(value);
}

/** Checks an element symbol (case-sensitive, as in the periodic table) and names the fix when only the case is wrong. */
export function parseElementSymbol(value: unknown, field = 'element'): ElementSymbol {
  if (isElementSymbol(value)) return value;
  const fixed =
    typeof value === 'string' && value.length > 0
      ? value.charAt(0).toUpperCase() + value.slice(1).toLowerCase()
      : undefined;
  throw new QuantityError({
    code: 'UNKNOWN_ELEMENT',
    field,
    value: describeValue(value),
    rule: isElementSymbol(fixed)
      ? `must be an element symbol of the periodic table, written "${fixed}"`
      : 'must be an element symbol of the periodic table, e.g. "Nd", "Dy", "Tb", "Fe"',
  });
}
